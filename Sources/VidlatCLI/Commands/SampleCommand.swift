import Foundation
import PhysicsVAE
import Video
import VidlatSupport

/// `vidlat sample RUNDIR --out samples.gif`: videos generated from the prior alone.
struct SampleCommand: Command {
  static let configuration = CommandConfiguration(
    name: "sample", abstract: "Generate videos from a trained run's prior alone.",
    discussion: """
      Draws initial states from the prior's init distribution, rolls them out with its \
      process noise and the learned parameters, and decodes them. Example: \
      vidlat sample runs/pendulum --count 4 --out samples.gif
      """,
    arguments: [
      .argument("rundir", help: "The run folder."),
      .checkpoint,
      .option("out", value: "gif", default: "samples.gif", help: "Side-by-side animation."),
      .option("count", value: "n", default: "4", help: "Videos to generate."),
      .option("frames", value: "t", default: "40", help: "Frames per video."),
      .option("seed", value: "n", default: "0", help: "Random seed."),
    ])

  var run: String
  var checkpoint: TrainedRun.Checkpoint
  var out: String
  var count: Int
  var frames: Int
  var seed: Int

  init(arguments: ParsedArguments) throws(UsageError) {
    run = try arguments.value("rundir", as: .existingDirectory)
    checkpoint = try arguments.checkpoint()
    out = try arguments.value("out", as: .string)
    count = try arguments.value("count", as: .integer(in: 1...64))
    frames = try arguments.value("frames", as: .integer(in: 1...100_000))
    seed = try arguments.value("seed", as: .integer(in: 0...Int.max))
  }

  func run(context: CommandContext) throws {
    var trained = try TrainedRun(path: run, checkpoint: checkpoint)
    let samples = try trained.sample(count: count, frames: frames, seed: UInt64(seed))
    try AtomicFile.write(
      FrameSheet.sideBySideGIF(
        rows: (0..<count).map {
          FrameSheet.Row(label: "sample \($0 + 1)", video: samples.sequence($0))
        }), to: out)
    context.standardOutput.writeLine(
      "\(pluralized(count, "video")) of \(pluralized(frames, "frame")) -> \(out)")
  }
}
