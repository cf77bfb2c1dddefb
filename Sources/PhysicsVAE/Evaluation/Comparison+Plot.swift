import Video

extension Comparison {
  /// The figure of `vidlat compare --plot`: mean prediction PSNR (dB) and SSIM against the
  /// horizon (frames after the ``context`` encoded ones), one panel each, one line per run
  /// named by its folder, prior kind and extrapolation, in the same colour in both panels. Every horizon up
  /// to the longest the sequences allow is drawn, not only the reported ones.
  public var predictionPlots: [Plot] {
    let horizons = (0..<longestHorizon).map { Double($0 + 1) }
    return [("PSNR (dB)", \RunScores.psnr), ("SSIM", \RunScores.ssim)].enumerated().map {
      panel, measure in
      var plot = Plot(
        title: panel == 0
          ? "Prediction from \(Comparison.context) frames, \(sequenceCount) sequences" : "",
        xLabel: "horizon (frames after the context)", yLabel: measure.0)
      plot.height = 320
      plot.lines = runs.enumerated().map { index, run in
        Plot.Line(
          name: "\(run.path) (\(run.priorKind), \(run.extrapolation.rawValue))", x: horizons,
          y: run[keyPath: measure.1],
          colour: index)
      }
      return plot
    }
  }
}
