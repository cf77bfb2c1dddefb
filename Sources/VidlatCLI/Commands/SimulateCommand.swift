import PhysicsVAE
import PriorLanguage
import VidlatSupport

/// `vidlat simulate FILE`: rollouts of a prior as CSV.
struct SimulateCommand: Command {
  static let configuration = CommandConfiguration(
    name: "simulate", abstract: "Simulate a prior and write the rollouts as CSV.",
    discussion: """
      Draws initial states from the prior's init (or the values given with --init), then \
      applies the integrator step F for --steps steps, adding the process noise after each \
      step unless --no-noise. The CSV has the columns t, sample, each state component, then \
      each observation (written h(NAME) when it has a state component's name), one row per \
      sample and time, the initial state included. The same --seed gives the same numbers. \
      An i.i.d. or Gaussian-process prior has no equations: its samples are its latents drawn \
      independently in every frame, or whole paths of its GPs (and --no-noise does not apply).

      Examples:
        vidlat simulate Priors/pendulum.prior --steps 200 --samples 4 --out traj.csv
        vidlat simulate Priors/falling.prior --set c=0.3 --init y'=9 --no-noise
      """,
    arguments: [
      .argument("file", help: "The .prior file."),
      .option("steps", short: "n", value: "n", default: "100", help: "Steps per rollout."),
      .option("samples", short: "s", value: "count", default: "1", help: "Number of rollouts."),
      .option("seed", value: "seed", default: "0", help: "Random seed (init and noise)."),
      .option(
        "set", value: "name=value", occurs: .repeatedly,
        help: "Override a param, dt, integrator, noise.X or init.X, e.g. c=0.5."),
      .option(
        "init", value: "name=value", occurs: .repeatedly,
        help: "Start a state component at a value or distribution, e.g. x=1.2."),
      .flag("noise", inverted: true, default: true, help: "Add the process noise."),
      .option(
        "out", short: "o", value: "path",
        help: "Write the CSV to this file (atomically) instead of standard output."),
    ])

  /// The most numbers one simulation may hold in memory.
  static let maximumValues = 50_000_000

  var path: String
  var steps: Int
  var samples: Int
  var seed: Int
  var settings: [String]
  var initialValues: [String]
  var noise: Bool
  var out: String?

  init(arguments: ParsedArguments) throws(UsageError) {
    path = try arguments.value("file", as: .string)
    steps = try arguments.value("steps", as: .integer(in: 0...Self.maximumValues))
    samples = try arguments.value("samples", as: .integer(in: 1...Self.maximumValues))
    seed = try arguments.value("seed", as: .integer(in: 0...Int.max))
    settings = try arguments.values("set", as: .string)
    initialValues = try arguments.values("init", as: .string)
    noise = arguments.flag("noise")
    out = try arguments.optionalValue("out", as: .string)
  }

  func validate() throws(UsageError) {
    if (steps + 1).multipliedReportingOverflow(by: samples).partialValue > Self.maximumValues {
      throw UsageError(
        "--steps \(steps) with --samples \(samples) is too large a simulation",
        hint: "keep (steps + 1) x samples at most \(Self.maximumValues)")
    }
  }

  func run(context: CommandContext) throws {
    let prior = try context.loadPrior(path, settings: settings, initialValues: initialValues)
    if prior.model.kind != .dynamics, !noise {
      throw UsageError(
        "--no-noise applies to ODE priors; \(path) is \(prior.model.kind.described), whose "
          + "draws are its latents themselves")
    }
    let simulation =
      try LatentDraws.simulation(
        of: prior.model, steps: steps, samples: samples, seed: UInt64(seed))
      ?? CompiledPrior(prior.model).simulate(
        steps: steps, samples: samples, seed: UInt64(seed), noise: noise)
    if let divergence = simulation.divergence {
      context.reportError("\(path): \(divergence)")
      throw ExitCode.failure
    }
    let csv = simulation.csv()
    if let out {
      try AtomicFile.write(csv, to: out)
      context.standardOutput.writeLine(
        "wrote \(out): \(pluralized(samples, "sample")) x \(steps + 1) rows, "
          + "columns \(csv.prefix { $0 != "\n" })")
    } else {
      context.standardOutput.write(csv)
    }
  }
}
