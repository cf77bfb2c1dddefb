extension Plot {
  /// A time series of an estimate with its uncertainty band (mean +- `bandSigmas` standard
  /// deviations) against the true value, e.g. a latent variable's posterior against the
  /// ground truth.
  public static func timeSeries(
    title: String, time: [Double], estimate: [Double], standardDeviation: [Double],
    truth: [Double]? = nil, variable: String, timeLabel: String = "time (s)",
    estimateName: String = "posterior mean", truthName: String = "truth", bandSigmas: Double = 2
  ) -> Plot {
    var plot = Plot(title: title, xLabel: timeLabel, yLabel: variable)
    let lower = zip(estimate, standardDeviation).map { $0 - bandSigmas * $1 }
    let upper = zip(estimate, standardDeviation).map { $0 + bandSigmas * $1 }
    let bandText = bandSigmas == bandSigmas.rounded() ? String(Int(bandSigmas)) : "\(bandSigmas)"
    plot.lines.append(
      Line(
        name: "\(estimateName) ± \(bandText)σ", x: time, y: estimate, lower: lower, upper: upper,
        colour: 0))
    if let truth {
      plot.lines.append(Line(name: truthName, x: time, y: truth, colour: 3, dashed: true))
    }
    return plot
  }

  /// A phase portrait (position against velocity) of Gaussian mixtures, e.g. the prior GMM,
  /// the posterior GMM and an intervened prior, each in its own colour, with optional
  /// trajectories drawn as lines.
  public static func phasePortrait(
    title: String, position: String, velocity: String, mixtures: [Mixture],
    trajectories: [Line] = []
  ) -> Plot {
    var plot = Plot(title: title, xLabel: position, yLabel: velocity)
    plot.width = 640
    plot.height = 520
    plot.mixtures = mixtures
    plot.lines = trajectories
    return plot
  }

  /// Training curves: one line per named series against the epoch, optionally on a
  /// logarithmic vertical axis (for losses spanning decades).
  public static func trainingCurves(
    title: String, epochs: [Double], series: [(name: String, values: [Double])],
    yLabel: String = "loss", logarithmic: Bool = false
  ) -> Plot {
    var plot = Plot(title: title, xLabel: "epoch", yLabel: yLabel)
    plot.yScale = logarithmic ? .logarithmic : .linear
    plot.lines = series.enumerated().map { index, entry in
      Line(
        name: entry.name, x: Array(epochs.prefix(entry.values.count)), y: entry.values,
        colour: index)
    }
    return plot
  }
}

extension Plot {
  /// Several curves over the same horizontal values, each rescaled to [0, 1] (its minimum to
  /// 0, its maximum to 1) so that curves of very different sizes share one axis and their
  /// minima and slopes can be compared; the legend gives each curve's range. `markers` are
  /// vertical lines (a learned value, the truth). A constant curve is drawn at 0.
  public static func rescaledCurves(
    title: String, xLabel: String, x: [Double], series: [(name: String, values: [Double])],
    markers: [Marker] = []
  ) -> Plot {
    var plot = Plot(title: title, xLabel: xLabel, yLabel: "rescaled: minimum 0, maximum 1")
    plot.lines = series.enumerated().map { index, entry in
      let finite = entry.values.filter(\.isFinite)
      let low = finite.min() ?? 0
      let high = finite.max() ?? 0
      let span = high > low ? high - low : 1
      let range = String(format: "%.4g to %.4g", low, high)
      return Line(
        name: "\(entry.name) (\(range))", x: x, y: entry.values.map { ($0 - low) / span },
        colour: index)
    }
    plot.markers = markers
    return plot
  }
}
