import Video

extension Comparison {
  /// The figure of `vidlat compare --plot`: mean prediction PSNR (dB) and SSIM against the
  /// horizon (frames after the ``context`` encoded ones), one panel each, one line per run
  /// named by its folder, prior kind and prediction, in the same colour in both panels. Every
  /// horizon up to the longest the sequences allow is drawn, not only the reported ones.
  public var predictionPlots: [Plot] {
    Self.predictionPlots(
      lines: runs.map { ("\($0.path) (\($0.priorKind), \($0.predictionName))", $0.psnr, $0.ssim) },
      horizons: longestHorizon, sequences: sequenceCount)
  }

  /// The same figure for any predictors' `lines` (name, PSNR and SSIM at horizons
  /// 1 ... `horizons`, means over `sequences` sequences): `vidlat compare` draws physics and
  /// SVG runs together with it.
  public static func predictionPlots(
    lines: [(name: String, psnr: [Double], ssim: [Double])], horizons: Int, sequences: Int
  ) -> [Plot] {
    let x = (0..<horizons).map { Double($0 + 1) }
    return ["PSNR (dB)", "SSIM"].enumerated().map { panel, measure in
      var plot = Plot(
        title: panel == 0
          ? "Prediction from \(Comparison.context) frames, \(sequences) sequences" : "",
        xLabel: "horizon (frames after the context)", yLabel: measure)
      plot.height = 320
      plot.lines = lines.enumerated().map { index, line in
        Plot.Line(name: line.name, x: x, y: panel == 0 ? line.psnr : line.ssim, colour: index)
      }
      return plot
    }
  }
}
