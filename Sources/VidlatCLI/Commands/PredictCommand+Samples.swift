import Foundation
import PhysicsVAE
import Video
import VideoPrediction
import VidlatSupport

/// Why `predict` cannot do what was asked of this run.
struct PredictError: Error, CustomStringConvertible {
  var description: String

  init(_ description: String) {
    self.description = description
  }
}

extension PredictCommand {
  /// `predict` on an SVG run: `samples` futures per test sequence (`SVGTrainedRun.predict`),
  /// the best-of-N table, the plot and the GIF.
  func runSVG(context commandContext: CommandContext) throws {
    let output = commandContext.standardOutput
    if given.contains("extrapolate") {
      throw UsageError(
        "--extrapolate applies to physics runs: \(run) is an SVG run, whose futures are sampled",
        hint: "drop --extrapolate")
    }
    var trained = try SVGTrainedRun(
      path: run, checkpoint: SVGTrainedRun.Checkpoint(rawValue: checkpoint.rawValue) ?? .best)
    let context =
      given.contains("context") ? self.context : trained.configuration.model.contextFrames
    let minimum = context + (given.contains("horizon") ? horizon : 1)
    var sequences =
      try data.map {
        try trained.sequences(from: [$0], frames: nil, minimumLength: minimum)
      } ?? trained.validationSequences()
    if let sequenceLimit, sequenceLimit < sequences.count {
      sequences = sequences.selecting(Array(0..<sequenceLimit))
    }
    let horizon = given.contains("horizon") ? self.horizon : sequences.length - context
    guard horizon >= 1, context + horizon <= sequences.length else {
      throw UsageError(
        "\(context) context + \(horizon) predicted frames do not fit in the test sequences of "
          + "\(sequences.length) frames (\(data ?? "the run's validation sequences"))",
        hint: "give --context and --horizon adding up to at most \(sequences.length)")
    }
    let samples = self.samples ?? 1
    let model = trained.configuration.model
    output.writeLine(
      "\(run): \(model.variant.modelName) at \(model.imageSize)x\(model.imageSize), "
        + "\(pluralized(trained.records.count, "epoch")) trained; "
        + "\(pluralized(sequences.count, "test sequence")) of "
        + "\(pluralized(sequences.length, "frame")) (\(data ?? "the run's validation sequences"))")
    output.writeLine(
      "\(pluralized(samples, "sample")) of \(pluralized(horizon, "frame")) after "
        + "\(pluralized(context, "context frame")) per sequence; the best by mean SSIM")
    let bar = ProgressBar(label: "sampling", total: sequences.count, output: output)
    let prediction = try trained.predict(
      sequences: sequences, context: context, horizon: horizon, samples: samples,
      progress: { done, _ in bar.update(completed: done) })
    bar.finish()
    let scores = prediction.scores
    let means = scores.horizonMeans
    var table = Table(
      headers: ["horizon", "best PSNR", "best SSIM", "mean PSNR", "mean SSIM"],
      alignments: [.right, .right, .right, .right, .right])
    for h in 0..<horizon {
      table.append(
        [String(h + 1)]
          + [means.bestPSNR[h], means.bestSSIM[h], means.meanPSNR[h], means.meanSSIM[h]]
          .enumerated().map { String(format: $0.offset % 2 == 0 ? "%.2f" : "%.4f", $0.element) })
    }
    output.write(table.render(for: output))
    func average(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
    output.writeLine(
      String(
        format:
          "mean over %d predicted frames: best of %d SSIM %.4f, PSNR %.2f dB; mean over "
          + "samples SSIM %.4f, PSNR %.2f dB",
        horizon, samples, average(means.bestSSIM), average(means.bestPSNR),
        average(means.meanSSIM), average(means.meanPSNR)))
    try AtomicFile.write(
      FrameSheet.sideBySideGIF(
        rows: [
          FrameSheet.Row(label: "real", video: prediction.truth),
          FrameSheet.Row(label: "best of \(samples)", video: prediction.best),
        ]
          + prediction.others.enumerated().map {
            FrameSheet.Row(label: "sample \($0.offset + 1)", video: $0.element)
          }), to: out)
    output.writeLine("-> \(out)")
    let plotPath = plot ?? (out as NSString).deletingPathExtension + ".svg"
    try Plot.writePanels(
      BestOfN.plots(scores, context: context, title: "\(model.variant.modelName) \(run)"),
      to: plotPath)
    output.writeLine("-> \(plotPath)")
  }
}
