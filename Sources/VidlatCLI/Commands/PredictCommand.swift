import Foundation
import PhysicsVAE
import Video
import VidlatSupport

/// `vidlat predict RUNDIR [--data VIDEO] --context K --horizon H [--out pred.gif]`.
struct PredictCommand: Command {
  static let configuration = CommandConfiguration(
    name: "predict", abstract: "Predict the frames after a video's first K with the prior.",
    discussion: """
      Encodes the first K frames, rolls the prior (with the learned parameters) forward H \
      frames from the last of them, decodes, and writes the real and predicted videos side \
      by side. Prints the PSNR of every predicted frame that the video has. Without --data, \
      uses the first of the run's validation sequences. Example: \
      vidlat predict runs/pendulum --data clip.y4m --context 5 --horizon 35
      """,
    arguments: [
      .argument("rundir", help: "The run folder."),
      .checkpoint,
      .option(
        "data", value: "video",
        help: "The video (its first sequence; default: the run's first validation sequence)."),
      .option("context", value: "k", default: "3", help: "Frames to encode."),
      .option("horizon", value: "h", default: "37", help: "Frames to predict."),
      .option("out", value: "gif", default: "prediction.gif", help: "Side-by-side animation."),
    ])

  var run: String
  var checkpoint: TrainedRun.Checkpoint
  var data: String?
  var context: Int
  var horizon: Int
  var out: String

  init(arguments: ParsedArguments) throws(UsageError) {
    run = try arguments.value("rundir", as: .existingDirectory)
    checkpoint = try arguments.checkpoint()
    data = try arguments.optionalValue("data", as: .string)
    context = try arguments.value("context", as: .integer(in: 1...100_000))
    horizon = try arguments.value("horizon", as: .integer(in: 1...100_000))
    out = try arguments.value("out", as: .string)
  }

  func run(context commandContext: CommandContext) throws {
    var trained = try TrainedRun(path: run, checkpoint: checkpoint)
    let sequences: VideoSequences
    if let data {
      sequences = try trained.sequences(from: data, truthPath: nil).video
    } else {
      let validation = try trained.validationData()
      sequences = validation.validation.count > 0 ? validation.validation : validation.train
    }
    let video = sequences.sequence(0)
    guard context <= video.frameCount else {
      throw UsageError(
        "invalid value '\(context)' for '--context <k>': \(data ?? "the run's validation video") has only "
          + "\(pluralized(video.frameCount, "frame")) in its first sequence",
        hint: "give --context between 1 and \(video.frameCount)")
    }
    let prediction = try trained.predict(video: video, context: context, horizon: horizon)
    try AtomicFile.write(
      FrameSheet.sideBySideGIF(rows: [
        FrameSheet.Row(label: "real", video: video),
        FrameSheet.Row(label: "predicted", video: prediction.frames.sequence(0)),
      ]), to: out)
    let output = commandContext.standardOutput
    if !prediction.psnr.isEmpty {
      var table = Table(headers: ["frame", "PSNR (dB)"], alignments: [.right, .right])
      for (i, value) in prediction.psnr.enumerated() {
        table.append([String(context + i), String(format: "%.2f", value)])
      }
      output.write(table.render(for: output))
      let mean = prediction.psnr.reduce(0, +) / Double(prediction.psnr.count)
      output.writeLine(
        String(format: "mean PSNR over %d predicted frames: %.2f dB", prediction.psnr.count, mean))
    }
    output.writeLine("-> \(out)")
  }
}
