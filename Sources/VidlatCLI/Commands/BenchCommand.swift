import Engine
import PriorLanguage

/// `vidlat bench [prior|engine|all]`: the performance figures quoted in the README.
struct BenchCommand: Command {
  static let configuration = CommandConfiguration(
    name: "bench", abstract: "Measure the prior compiler and the training engine.",
    discussion: """
      prior: F + J evaluations per second of the pendulum (one RK4 step and its Jacobian) \
      through the compiled prior against the same functions written by hand in Swift, \
      interleaved in one run; the ratio is the figure to read. \
      engine: the machine's sgemm rate at 1024 x 1024 and the training throughput of the \
      reference architecture at 32 x 32 (forward + backward + Adam on 16 sequences x 40 \
      frames), with the achieved GFLOP/s as a fraction of the sgemm rate. \
      Run from a release build: swift run -c release vidlat bench
      """,
    arguments: [
      .argument(
        "suite", arity: .optional, help: "What to measure: prior, engine or all (default: all)."),
      .option(
        "prior", value: "file", default: "Priors/pendulum.prior",
        help: "The pendulum prior to compile (states x, x'; params k, c)."),
      .option(
        "batch", value: "n", default: "4096", help: "States per F + J call (prior suite)."),
      .option(
        "repetitions", value: "n", default: "31",
        help: "Timed repetitions of each side (prior suite)."),
      .option(
        "steps", value: "n", default: "10", help: "Timed training steps (engine suite)."),
      .option(
        "size", value: "pixels", default: "32",
        help: "Frame side of the engine suite: 32, 64 or 128."),
    ])

  var suite: String
  var priorPath: String
  var batch: Int
  var repetitions: Int
  var steps: Int
  var size: Int

  init(arguments: ParsedArguments) throws(UsageError) {
    suite = try arguments.optionalValue("suite", as: .choice(["prior", "engine", "all"])) ?? "all"
    priorPath = try arguments.value("prior", as: .string)
    batch = try arguments.value("batch", as: .integer(in: 1...1_000_000))
    repetitions = try arguments.value("repetitions", as: .integer(in: 1...10_000))
    steps = try arguments.value("steps", as: .integer(in: 1...1_000))
    // One of the choices, so a whole number.
    size = Int(try arguments.value("size", as: .choice(["32", "64", "128"])))!
  }

  func run(context: CommandContext) throws {
    #if DEBUG
      context.standardError.writeLine(
        "warning: this is a debug build; measure with 'swift run -c release vidlat bench'")
    #endif
    if suite != "engine" {
      let prior = try context.loadPrior(priorPath)
      context.standardOutput.writeLine("prior compiler (\(priorPath), batch \(batch)):")
      let report = try PriorBenchmark.run(
        pendulum: prior.model, batch: batch, repetitions: repetitions)
      context.standardOutput.writeLine(report.description)
    }
    if suite != "prior" {
      context.standardOutput.writeLine("engine (reference architecture, \(size) x \(size)):")
      context.standardOutput.writeLine(
        EngineBenchmark(imageSize: size, steps: steps).run().description)
    }
  }
}
