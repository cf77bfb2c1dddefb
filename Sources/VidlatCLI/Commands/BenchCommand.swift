import Engine
import PriorLanguage
import VideoPrediction

/// `vidlat bench [prior|engine|svg|all]`: the performance figures quoted in the README.
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
      svg: SVG-LP training steps at the paper's sizes (filters 64, g 128, z 10, LSTMs of \
      256; 16 sequences x 15 frames; 64 x 64 unless --size) on random frames: frames/s, \
      GFLOP/s as a fraction of the sgemm rate of the same run, and the time per part \
      (encoder, decoder, LSTMs, other). \
      Run from a release build: swift run -c release vidlat bench
      """,
    arguments: [
      .argument(
        "suite", arity: .optional,
        help: "What to measure: prior, engine, svg or all (default: all)."),
      .option(
        "prior", value: "file", default: "Priors/pendulum.prior",
        help: "The pendulum prior to compile (states x, x'; params k, c)."),
      .option(
        "batch", value: "n", default: "4096", help: "States per F + J call (prior suite)."),
      .option(
        "repetitions", value: "n", default: "31",
        help: "Timed repetitions of each side (prior suite)."),
      .option(
        "steps", value: "n",
        help: "Timed training steps (default: 10 for the engine suite, 3 for svg)."),
      .option(
        "size", value: "pixels",
        help: "Frame side: 32, 64 or 128 (default: 32 for the engine suite, 64 for svg)."),
      .option(
        "filters", value: "n", default: "64",
        help: "The SVG encoder's first-stage channels (svg suite; the paper: 64)."),
      .option(
        "sequences", value: "n", default: "16", help: "Sequences per step (svg suite)."),
    ])

  var suite: String
  var priorPath: String
  var batch: Int
  var repetitions: Int
  var steps: Int?
  var size: Int?
  var filters: Int
  var sequences: Int

  init(arguments: ParsedArguments) throws(UsageError) {
    suite =
      try arguments.optionalValue("suite", as: .choice(["prior", "engine", "svg", "all"])) ?? "all"
    priorPath = try arguments.value("prior", as: .string)
    batch = try arguments.value("batch", as: .integer(in: 1...1_000_000))
    repetitions = try arguments.value("repetitions", as: .integer(in: 1...10_000))
    steps = try arguments.optionalValue("steps", as: .integer(in: 1...1_000))
    // One of the choices, so a whole number.
    size = try arguments.optionalValue("size", as: .choice(["32", "64", "128"])).map { Int($0)! }
    filters = try arguments.value("filters", as: .integer(in: 1...1024))
    sequences = try arguments.value("sequences", as: .integer(in: 1...1024))
  }

  func run(context: CommandContext) throws {
    #if DEBUG
      context.standardError.writeLine(
        "warning: this is a debug build; measure with 'swift run -c release vidlat bench'")
    #endif
    if suite == "prior" || suite == "all" {
      let prior = try context.loadPrior(priorPath)
      context.standardOutput.writeLine("prior compiler (\(priorPath), batch \(batch)):")
      let report = try PriorBenchmark.run(
        pendulum: prior.model, batch: batch, repetitions: repetitions)
      context.standardOutput.writeLine(report.description)
    }
    if suite == "engine" || suite == "all" {
      let size = size ?? 32
      context.standardOutput.writeLine("engine (reference architecture, \(size) x \(size)):")
      context.standardOutput.writeLine(
        EngineBenchmark(imageSize: size, steps: steps ?? 10).run().description)
    }
    if suite == "svg" || suite == "all" {
      var configuration = SVGBenchmark.paperConfiguration(imageSize: size ?? 64)
      configuration.filters = filters
      context.standardOutput.writeLine(
        "svg (training step: loss, backward and Adam on random frames):")
      context.standardOutput.writeLine(
        SVGBenchmark(configuration: configuration, sequences: sequences, steps: steps ?? 3).run()
          .description)
    }
  }
}
