import Foundation
import PhysicsVAE
import Video
import VideoPrediction
import VidlatSupport

extension PredictCommand {
  /// `predict` on an SVG run: `samples` futures per test sequence (`SVGTrainedRun.predict`),
  /// reported by `reportSamples`.
  func runSVG(context commandContext: CommandContext) throws {
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
    let sequences =
      try data.map {
        try trained.sequences(from: [$0], frames: nil, minimumLength: minimum)
      } ?? trained.validationSequences()
    let model = trained.configuration.model
    try reportSamples(
      of: "\(model.variant.modelName) at \(model.imageSize)x\(model.imageSize), "
        + "\(pluralized(trained.records.count, "epoch")) trained",
      title: model.variant.modelName, sequences: sequences, context: context,
      output: commandContext.standardOutput
    ) { sequences, horizon, samples, progress in
      try trained.predict(
        sequences: sequences, context: context, horizon: horizon, samples: samples,
        progress: progress)
    }
  }

  /// `predict --samples` on a physics run (any prior kind): `samples` futures per test
  /// sequence drawn from the prior given the context (`TrainedRun.predict(sequences:...)`),
  /// reported by `reportSamples` as an SVG run's are.
  func runPhysicsSamples(context commandContext: CommandContext) throws {
    if given.contains("extrapolate") {
      throw UsageError(
        "--extrapolate chooses the mean prediction: with --samples the futures are drawn from "
          + "the prior", hint: "drop --extrapolate or --samples")
    }
    var trained = try TrainedRun(path: run, checkpoint: checkpoint)
    let sequences =
      try data.map { try trained.sequences(from: $0, truthPath: nil).video }
      ?? trained.heldOutSequences().video
    let output = commandContext.standardOutput
    let kind = Comparison.kindName(of: trained.prior.model)
    try reportSamples(
      of: "prior \(trained.prior.model.name) (\(kind)) at \(trained.size)x\(trained.size), "
        + "\(pluralized(trained.records.count, "epoch")) trained",
      title: "\(trained.prior.model.name) (\(kind))", sequences: sequences, context: context,
      output: output, method: trained.futureSampling
    ) { sequences, horizon, samples, progress in
      try trained.predict(
        sequences: sequences, context: context, horizon: horizon, samples: samples,
        progress: progress)
    }
  }

  /// What `predict --samples` prints and writes for any run kind: the header, a progress
  /// bar while `predict` samples (given the sequences, horizon, samples and a progress
  /// callback), the best-of-N table against the horizon with its means, the GIF (truth, best
  /// sample, a few others) and the plot (`BestOfN.plots`). `--sequences` keeps the first n
  /// sequences; the horizon defaults to the rest of each sequence.
  private func reportSamples(
    of description: String, title: String, sequences all: VideoSequences, context: Int,
    output: TextOutput, method: String? = nil,
    predict: (VideoSequences, Int, Int, (Int, Int) -> Void) throws -> SampledPrediction
  ) throws {
    var sequences = all
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
    output.writeLine(
      "\(run): \(description); \(pluralized(sequences.count, "test sequence")) of "
        + "\(pluralized(sequences.length, "frame")) (\(data ?? "the run's validation sequences"))")
    output.writeLine(
      "\(pluralized(samples, "sample")) of \(pluralized(horizon, "frame")) after "
        + "\(pluralized(context, "context frame")) per sequence; the best by mean SSIM")
    if let method { output.writeLine("each sample: \(method)") }
    let bar = ProgressBar(label: "sampling", total: sequences.count, output: output)
    let prediction = try predict(sequences, horizon, samples) { done, _ in
      bar.update(completed: done)
    }
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
      BestOfN.plots(scores, context: context, title: "\(title) \(run)"), to: plotPath)
    output.writeLine("-> \(plotPath)")
  }
}
