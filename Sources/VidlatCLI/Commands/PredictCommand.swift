import Foundation
import PhysicsVAE
import Video
import VideoPrediction
import VidlatSupport

/// `vidlat predict RUNDIR [--data VIDEO] --context K --horizon H [--out pred.gif]`; with
/// `--samples N` (any run kind, the only mode of an SVG run), N futures per test sequence
/// scored best-of-N (PredictCommand+Samples.swift).
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

      With --samples N (and always on an SVG run, vidlat train --model svg-...), draws N \
      futures of H frames after the first K of every test sequence (the run's validation \
      sequences, or --data cut into sequences), picks for each sequence the sample with the \
      best mean SSIM over the H frames (SVG's protocol), and prints PSNR and SSIM against \
      the horizon for the best sample and averaged over the samples; --plot draws both, and \
      --out shows the first sequence: the truth, the best sample and a few others. A \
      physics run draws each future from its prior given the context: an ODE prior from a \
      draw of the last context frame's posterior, rolled out with the process noise; a \
      Gaussian-process prior from the GP conditioned on the context; an i.i.d. prior \
      independently per frame. H defaults to the rest of the sequence, K to the run's \
      training context (SVG) or 3, N to 1 (SVG). Example: \
      vidlat predict runs/svg-lp --samples 100 --horizon 20 --plot svg.svg
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
      .option(
        "samples", value: "n",
        help: "Futures sampled per test sequence, scored best-of-N (SVG runs: default 1)."),
      .option(
        "sequences", value: "n",
        help: "With --samples: score at most the first n test sequences (default: all)."),
      .option(
        "plot", value: "file.svg",
        help: "With --samples: PSNR and SSIM against the horizon (default: --out as .svg)."),
    ])

  var run: String
  var checkpoint: TrainedRun.Checkpoint
  var data: String?
  var context: Int
  var horizon: Int
  var extrapolation: LatentExtrapolation
  var out: String
  var samples: Int?
  var sequenceLimit: Int?
  var plot: String?
  /// Which of --context, --horizon and --extrapolate were written (an SVG run has its own
  /// defaults, and no extrapolation).
  var given: Set<String>

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
    samples = try arguments.optionalValue("samples", as: .integer(in: 1...100_000))
    sequenceLimit = try arguments.optionalValue("sequences", as: .integer(in: 1...Int.max))
    plot = try arguments.optionalValue("plot", as: .string)
    given = Set(["context", "horizon", "extrapolate"].filter(arguments.contains))
  }

  func validate() throws(UsageError) {
    if let plot, !plot.hasSuffix(".svg") {
      throw UsageError(
        "invalid value '\(plot)' for '--plot <file.svg>'", hint: "the picture is SVG: name it .svg")
    }
  }

  func run(context commandContext: CommandContext) throws {
    if SVGRunFolder.isSVGRun(run) { return try runSVG(context: commandContext) }
    if samples != nil { return try runPhysicsSamples(context: commandContext) }
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
