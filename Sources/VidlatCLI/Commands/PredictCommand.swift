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
      by side. Prints the PSNR and SSIM of every predicted frame that the video has. With \
      --extrapolate linear the latent state instead goes straight on at the velocity of the \
      last two context frames, z(t+1) = 2 z(t) - z(t-1) (Var-Next's prediction; any run, \
      K >= 2): the baseline the prior's dynamics should beat. Without --data, uses the \
      first of the run's validation sequences. Example: \
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
      .option(
        "extrapolate", value: "mode", default: LatentExtrapolation.prior.rawValue,
        help: "How the latent state goes on: \(extrapolationNames.joined(separator: ", "))."),
      .option("out", value: "gif", default: "prediction.gif", help: "Side-by-side animation."),
    ])

  var run: String
  var checkpoint: TrainedRun.Checkpoint
  var data: String?
  var context: Int
  var horizon: Int
  var extrapolation: LatentExtrapolation
  var out: String

  private static let extrapolationNames = LatentExtrapolation.allCases.map(\.rawValue)

  init(arguments: ParsedArguments) throws(UsageError) {
    run = try arguments.value("rundir", as: .existingDirectory)
    checkpoint = try arguments.checkpoint()
    data = try arguments.optionalValue("data", as: .string)
    context = try arguments.value("context", as: .integer(in: 1...100_000))
    horizon = try arguments.value("horizon", as: .integer(in: 1...100_000))
    let mode = try arguments.value("extrapolate", as: .choice(Self.extrapolationNames))
    guard let extrapolation = LatentExtrapolation(rawValue: mode) else {
      throw UsageError("unknown extrapolation '\(mode)'")
    }
    self.extrapolation = extrapolation
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
    guard context >= extrapolation.minimumContext else {
      throw UsageError(
        "invalid value '\(context)' for '--context <k>': --extrapolate \(extrapolation.rawValue) "
          + "needs the velocity of the last two context frames",
        hint: "give --context 2 or more")
    }
    let prediction = try trained.predict(
      video: video, context: context, horizon: horizon, extrapolation: extrapolation)
    try AtomicFile.write(
      FrameSheet.sideBySideGIF(rows: [
        FrameSheet.Row(label: "real", video: video),
        FrameSheet.Row(label: "predicted", video: prediction.frames.sequence(0)),
      ]), to: out)
    let output = commandContext.standardOutput
    if !prediction.psnr.isEmpty {
      var table = Table(
        headers: ["frame", "PSNR (dB)", "SSIM"], alignments: [.right, .right, .right])
      for (i, value) in prediction.psnr.enumerated() {
        table.append([
          String(context + i), String(format: "%.2f", value),
          String(format: "%.4f", prediction.ssim[i]),
        ])
      }
      output.write(table.render(for: output))
      let count = Double(prediction.psnr.count)
      output.writeLine(
        String(
          format: "mean PSNR over %d predicted frames: %.2f dB, mean SSIM %.4f",
          prediction.psnr.count, prediction.psnr.reduce(0, +) / count,
          prediction.ssim.reduce(0, +) / count)
          + " (\(extrapolation.rawValue) extrapolation)")
    }
    output.writeLine("-> \(out)")
  }
}
