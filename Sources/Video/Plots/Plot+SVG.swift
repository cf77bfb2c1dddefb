import Foundation

extension Plot {
  /// The plot as a standalone SVG document: the background, the grid with its tick labels,
  /// the data clipped to the plot area, then the frame, the axis labels, the title and the
  /// legend, in that order (later elements are drawn on top).
  public func svg() -> String {
    let xAxis = Axis(scale: xScale, values: allX())
    let yAxis = Axis(scale: yScale, values: allY())
    let legend = legendEntries()
    let frame = plotArea(legend: legend)
    let map = Mapping(frame: frame, x: xAxis, y: yAxis)
    var svg = SVGText()
    writeBackground(frame: frame, to: &svg)
    writeTicks(map: map, to: &svg)
    writeData(map: map, to: &svg)
    writeFrameAndLabels(frame: frame, to: &svg)
    writeLegend(legend, frame: frame, to: &svg)
    svg.close("svg")
    return svg.text
  }

  /// The plot area inside the picture: margins for the tick labels and the axis labels on
  /// the left and below, for the title above (if any), and for the legend on the right.
  private func plotArea(legend: [LegendEntry]) -> Rect {
    let legendWidth =
      legend.isEmpty ? 0 : Double(legend.map { $0.name.count }.max() ?? 0) * 7.2 + 48
    let left = 78.0
    let top = title.isEmpty ? 20.0 : 44.0
    let bottom = 56.0
    let right = 20 + legendWidth
    return Rect(x: left, y: top, width: width - left - right, height: height - top - bottom)
  }

  /// Opens the document with a white background and defines the clip path `plot-area`.
  private func writeBackground(frame: Rect, to svg: inout SVGText) {
    svg.open(
      "svg",
      [
        "xmlns": "http://www.w3.org/2000/svg", "width": fmt(width), "height": fmt(height),
        "viewBox": "0 0 \(fmt(width)) \(fmt(height))",
        "font-family": "Helvetica, Arial, sans-serif",
      ])
    svg.element("rect", ["width": fmt(width), "height": fmt(height), "fill": "white"])
    svg.open("defs")
    svg.open("clipPath", ["id": "plot-area"])
    svg.element(
      "rect",
      [
        "x": fmt(frame.x), "y": fmt(frame.y), "width": fmt(frame.width),
        "height": fmt(frame.height),
      ])
    svg.close("clipPath")
    svg.close("defs")
  }

  /// For each tick of either axis: a grid line across the plot area, a tick mark outside it
  /// and the tick's label.
  private func writeTicks(map: Mapping, to svg: inout SVGText) {
    let frame = map.frame
    for tick in map.x.ticks {
      let x = map.x(tick.position)
      svg.element(
        "line",
        [
          "x1": fmt(x), "x2": fmt(x), "y1": fmt(frame.y), "y2": fmt(frame.maxY),
          "stroke": "#e4e4e4",
        ])
      svg.element(
        "line",
        [
          "x1": fmt(x), "x2": fmt(x), "y1": fmt(frame.maxY), "y2": fmt(frame.maxY + 5),
          "stroke": "#333",
        ])
      svg.text(
        tick.label,
        [
          "x": fmt(x), "y": fmt(frame.maxY + 19), "text-anchor": "middle", "font-size": "12",
          "fill": "#333",
        ])
    }
    for tick in map.y.ticks {
      let y = map.y(tick.position)
      svg.element(
        "line",
        [
          "x1": fmt(frame.x), "x2": fmt(frame.maxX), "y1": fmt(y), "y2": fmt(y),
          "stroke": "#e4e4e4",
        ])
      svg.element(
        "line",
        ["x1": fmt(frame.x - 5), "x2": fmt(frame.x), "y1": fmt(y), "y2": fmt(y), "stroke": "#333"])
      svg.text(
        tick.label,
        [
          "x": fmt(frame.x - 8), "y": fmt(y + 4), "text-anchor": "end", "font-size": "12",
          "fill": "#333",
        ])
    }
  }

  /// The mixtures, lines, scatters and markers, in that order, clipped to the plot area. Each
  /// takes its colour in that order too (see `Palette`), as the legend does.
  private func writeData(map: Mapping, to svg: inout SVGText) {
    svg.open("g", ["clip-path": "url(#plot-area)"])
    var palette = Palette()
    for mixture in mixtures {
      let stroke = palette.colour(mixture.colour)
      // Ellipses need linear axes; a mixture left out still takes its colour.
      guard xScale == .linear, yScale == .linear else { continue }
      write(mixture, stroke: stroke, map: map, to: &svg)
    }
    for line in lines {
      write(line, stroke: palette.colour(line.colour), map: map, to: &svg)
    }
    for scatter in scatters {
      write(scatter, fill: palette.colour(scatter.colour), map: map, to: &svg)
    }
    for marker in markers {
      write(marker, stroke: palette.colour(marker.colour), map: map, to: &svg)
    }
    svg.close("g")
  }

  /// A line from the bottom of the plot area to its top (nothing when it cannot be shown).
  private func write(_ marker: Marker, stroke: String, map: Mapping, to svg: inout SVGText) {
    guard let position = map.x.transform(marker.x) else { return }
    let x = map.x(position)
    var attributes = [
      "x1": fmt(x), "x2": fmt(x), "y1": fmt(map.frame.y), "y2": fmt(map.frame.maxY),
      "stroke": stroke, "stroke-width": "1.5",
    ]
    if marker.dashed { attributes["stroke-dasharray"] = "6 4" }
    svg.element("line", attributes)
  }

  /// A group of one ellipse per component (see `Mapping.ellipse`).
  private func write(_ mixture: Mixture, stroke: String, map: Mapping, to svg: inout SVGText) {
    svg.open(
      "g",
      [
        "stroke": stroke, "fill": stroke, "fill-opacity": "0.06", "stroke-opacity": "0.75",
        "stroke-width": "1",
      ])
    for (mean, covariance) in zip(mixture.means, mixture.covariances) {
      guard let ellipse = map.ellipse(mean: mean, covariance: covariance, sigmas: mixture.sigmas)
      else { continue }
      svg.element(
        "ellipse",
        [
          "cx": fmt(ellipse.cx), "cy": fmt(ellipse.cy), "rx": fmt(ellipse.rx),
          "ry": fmt(ellipse.ry),
          "transform": "rotate(\(fmt(ellipse.degrees)) \(fmt(ellipse.cx)) \(fmt(ellipse.cy)))",
        ])
    }
    svg.close("g")
  }

  /// The band (one polygon per run of showable points), then the line (one polyline per
  /// run) above it.
  private func write(_ line: Line, stroke: String, map: Mapping, to svg: inout SVGText) {
    if let lower = line.lower, let upper = line.upper {
      for run in map.runs(x: line.x, y: lower, upper: upper) {
        let points = run.lower + run.upper.reversed()
        svg.element(
          "polygon",
          ["points": pointList(points), "fill": stroke, "fill-opacity": "0.18", "stroke": "none"])
      }
    }
    for run in map.runs(x: line.x, y: line.y, upper: nil) {
      var attributes = [
        "points": pointList(run.lower), "fill": "none", "stroke": stroke, "stroke-width": "2",
        "stroke-linejoin": "round",
      ]
      if line.dashed { attributes["stroke-dasharray"] = "6 4" }
      svg.element("polyline", attributes)
    }
  }

  /// A group of one dot per showable point.
  private func write(_ scatter: Scatter, fill: String, map: Mapping, to svg: inout SVGText) {
    svg.open("g", ["fill": fill, "fill-opacity": "0.8"])
    for (x, y) in zip(scatter.x, scatter.y) {
      guard let point = map.point(x, y) else { continue }
      svg.element("circle", ["cx": fmt(point.x), "cy": fmt(point.y), "r": "2.2"])
    }
    svg.close("g")
  }

  /// The frame around the plot area, the axis labels and the title.
  private func writeFrameAndLabels(frame: Rect, to svg: inout SVGText) {
    svg.element(
      "rect",
      [
        "x": fmt(frame.x), "y": fmt(frame.y), "width": fmt(frame.width),
        "height": fmt(frame.height), "fill": "none", "stroke": "#333",
      ])
    svg.text(
      xLabel,
      [
        "x": fmt(frame.x + frame.width / 2), "y": fmt(height - 14), "text-anchor": "middle",
        "font-size": "14",
      ])
    let yMiddle = frame.y + frame.height / 2
    svg.text(
      yLabel,
      [
        "x": "18", "y": fmt(yMiddle), "text-anchor": "middle", "font-size": "14",
        "transform": "rotate(-90 18 \(fmt(yMiddle)))",
      ])
    if !title.isEmpty {
      svg.text(
        title,
        [
          "x": fmt(frame.x + frame.width / 2), "y": "28", "text-anchor": "middle",
          "font-size": "16", "font-weight": "bold",
        ])
    }
  }

  /// One row per entry to the right of the plot area, 22 pixels apart: a marker drawn like
  /// the entry's data, then its name.
  private func writeLegend(_ legend: [LegendEntry], frame: Rect, to svg: inout SVGText) {
    for (index, entry) in legend.enumerated() {
      let x = frame.maxX + 16
      let y = frame.y + 14 + Double(index) * 22
      switch entry.kind {
      case .line(let dashed, let band):
        if band {
          svg.element(
            "rect",
            [
              "x": fmt(x), "y": fmt(y - 7), "width": "26", "height": "14", "fill": entry.colour,
              "fill-opacity": "0.18",
            ])
        }
        var attributes = [
          "x1": fmt(x), "x2": fmt(x + 26), "y1": fmt(y), "y2": fmt(y), "stroke": entry.colour,
          "stroke-width": "2",
        ]
        if dashed { attributes["stroke-dasharray"] = "6 4" }
        svg.element("line", attributes)
      case .ellipse:
        svg.element(
          "ellipse",
          [
            "cx": fmt(x + 13), "cy": fmt(y), "rx": "12", "ry": "6", "stroke": entry.colour,
            "fill": entry.colour, "fill-opacity": "0.1",
          ])
      case .dot:
        svg.element("circle", ["cx": fmt(x + 13), "cy": fmt(y), "r": "3", "fill": entry.colour])
      }
      svg.text(entry.name, ["x": fmt(x + 34), "y": fmt(y + 4), "font-size": "12"])
    }
  }

  private func allX() -> [Double] {
    var values = scatters.flatMap(\.x) + markers.map(\.x)
    for line in lines { values += line.x }
    for mixture in mixtures {
      for (mean, covariance) in zip(mixture.means, mixture.covariances) {
        let reach = mixture.sigmas * max(covariance.xx, 0).squareRoot()
        values += [mean.x - reach, mean.x + reach]
      }
    }
    return values
  }

  private func allY() -> [Double] {
    var values = scatters.flatMap(\.y)
    for line in lines { values += line.y + (line.lower ?? []) + (line.upper ?? []) }
    for mixture in mixtures {
      for (mean, covariance) in zip(mixture.means, mixture.covariances) {
        let reach = mixture.sigmas * max(covariance.yy, 0).squareRoot()
        values += [mean.y - reach, mean.y + reach]
      }
    }
    return values
  }

  private struct LegendEntry {
    enum Kind {
      case line(dashed: Bool, band: Bool)
      case ellipse
      case dot
    }
    var name: String
    var colour: String
    var kind: Kind
  }

  /// Legend entries in drawing order, with the colours the drawing assigns.
  private func legendEntries() -> [LegendEntry] {
    var palette = Palette()
    var entries: [LegendEntry] = []
    for mixture in mixtures {
      let c = palette.colour(mixture.colour)
      if !mixture.name.isEmpty {
        entries.append(LegendEntry(name: mixture.name, colour: c, kind: .ellipse))
      }
    }
    for line in lines {
      let c = palette.colour(line.colour)
      if !line.name.isEmpty {
        entries.append(
          LegendEntry(
            name: line.name, colour: c, kind: .line(dashed: line.dashed, band: line.lower != nil)))
      }
    }
    for scatter in scatters {
      let c = palette.colour(scatter.colour)
      if !scatter.name.isEmpty {
        entries.append(LegendEntry(name: scatter.name, colour: c, kind: .dot))
      }
    }
    for marker in markers {
      let c = palette.colour(marker.colour)
      if !marker.name.isEmpty {
        entries.append(
          LegendEntry(name: marker.name, colour: c, kind: .line(dashed: marker.dashed, band: false))
        )
      }
    }
    return entries
  }

  private func pointList(_ points: [(x: Double, y: Double)]) -> String {
    points.map { "\(fmt($0.x)),\(fmt($0.y))" }.joined(separator: " ")
  }
}

/// Numbers in SVG attributes: at most two decimals, no trailing zeros.
private func fmt(_ value: Double) -> String {
  let rounded = (value * 100).rounded() / 100
  if rounded == rounded.rounded(), abs(rounded) < 1e12 { return String(Int(rounded)) }
  return String(format: "%.2f", rounded).replacingOccurrences(
    of: "0+$", with: "", options: .regularExpression)
}

/// The colours of the plot's elements, handed out in drawing order: an element with a
/// palette index gets that entry, any other the entry at its position among all elements
/// (both modulo the palette's length).
private struct Palette {
  private var position = 0

  mutating func colour(_ index: Int?) -> String {
    defer { position += 1 }
    return Plot.palette[(index ?? position) % Plot.palette.count]
  }
}

private struct Rect {
  var x: Double
  var y: Double
  var width: Double
  var height: Double
  var maxX: Double { x + width }
  var maxY: Double { y + height }
}

/// From data values to SVG coordinates.
private struct Mapping {
  let frame: Rect
  let x: Axis
  let y: Axis

  func x(_ position: Double) -> Double {
    frame.x + (position - x.lower) / (x.upper - x.lower) * frame.width
  }
  func y(_ position: Double) -> Double {
    frame.maxY - (position - y.lower) / (y.upper - y.lower) * frame.height
  }

  /// A data point in SVG coordinates, or nil if it cannot be shown (non-finite, or <= 0 on
  /// a log axis).
  func point(_ px: Double, _ py: Double) -> (x: Double, y: Double)? {
    guard let tx = x.transform(px), let ty = y.transform(py) else { return nil }
    return (x(tx), y(ty))
  }

  /// Maximal runs of showable points; with `upper`, each run also carries the upper edge.
  func runs(x xs: [Double], y ys: [Double], upper: [Double]?)
    -> [(lower: [(x: Double, y: Double)], upper: [(x: Double, y: Double)])]
  {
    var result: [(lower: [(x: Double, y: Double)], upper: [(x: Double, y: Double)])] = []
    var current: (lower: [(x: Double, y: Double)], upper: [(x: Double, y: Double)]) = ([], [])
    for i in 0..<min(xs.count, ys.count, upper?.count ?? .max) {
      let low = point(xs[i], ys[i])
      let high = upper.map { point(xs[i], $0[i]) } ?? low
      if let low, let high {
        current.lower.append(low)
        current.upper.append(high)
      } else if !current.lower.isEmpty {
        result.append(current)
        current = ([], [])
      }
    }
    if !current.lower.isEmpty { result.append(current) }
    return result
  }

  /// The SVG ellipse of {z : (z - m)^T S^-1 (z - m) = sigmas^2}. Linear axes scale x by
  /// a and y by -b, so the covariance in SVG coordinates is D S D with D = diag(a, -b); its
  /// eigenvalues give the radii and its leading eigenvector the rotation.
  func ellipse(
    mean: (x: Double, y: Double), covariance: (xx: Double, xy: Double, yy: Double), sigmas: Double
  ) -> (cx: Double, cy: Double, rx: Double, ry: Double, degrees: Double)? {
    guard let centre = point(mean.x, mean.y) else { return nil }
    let a = frame.width / (x.upper - x.lower)
    let b = frame.height / (y.upper - y.lower)
    let sxx = a * a * covariance.xx
    let sxy = -a * b * covariance.xy
    let syy = b * b * covariance.yy
    let mid = (sxx + syy) / 2
    let spread = (((sxx - syy) / 2) * ((sxx - syy) / 2) + sxy * sxy).squareRoot()
    let major = mid + spread
    let minor = max(mid - spread, 0)
    guard major.isFinite, major > 0 else { return nil }
    let angle = 0.5 * atan2(2 * sxy, sxx - syy) * 180 / Double.pi
    return (centre.x, centre.y, sigmas * major.squareRoot(), sigmas * minor.squareRoot(), angle)
  }
}

/// An axis: its range in transformed units (log10 for logarithmic) and its ticks.
private struct Axis {
  let scale: Plot.Scale
  var lower = 0.0
  var upper = 1.0
  var ticks: [(position: Double, label: String)] = []

  init(scale: Plot.Scale, values: [Double]) {
    self.scale = scale
    let transformed = values.compactMap { Axis.transform($0, scale) }
    var low = transformed.min() ?? 0
    var high = transformed.max() ?? 1
    switch scale {
    case .linear:
      if high - low < 1e-12 * max(1, abs(low)) {
        low -= max(1, abs(low) * 0.1)
        high += max(1, abs(high) * 0.1)
      }
      let step = Axis.niceStep((high - low) / 6)
      lower = (low / step).rounded(.down) * step
      upper = (high / step).rounded(.up) * step
      let count = Int(((upper - lower) / step).rounded())
      let decimals = max(0, -Int(log10(step).rounded(.down)))
      ticks = (0...count).map { k in
        let value = lower + Double(k) * step
        return (value, Axis.label(value, decimals: decimals))
      }
    case .logarithmic:
      low = low.rounded(.down)
      high = high.rounded(.up)
      if high <= low { high = low + 1 }
      lower = low
      upper = high
      let decades = Int(high - low)
      let stride = max(1, (decades + 7) / 8)
      for k in Swift.stride(from: Int(low), through: Int(high), by: stride) {
        ticks.append((Double(k), Axis.powerLabel(k)))
        if decades <= 2, k < Int(high) {
          for m in [2.0, 5.0] {
            ticks.append(
              (Double(k) + log10(m), Axis.label(m * pow(10, Double(k)), decimals: max(0, -k))))
          }
        }
      }
    }
  }

  /// The axis position of a value, or nil when it cannot be shown.
  func transform(_ value: Double) -> Double? { Axis.transform(value, scale) }

  static func transform(_ value: Double, _ scale: Plot.Scale) -> Double? {
    guard value.isFinite else { return nil }
    switch scale {
    case .linear: return value
    case .logarithmic: return value > 0 ? log10(value) : nil
    }
  }

  /// The smallest of 1, 2, 5 x 10^k at least `rough`.
  static func niceStep(_ rough: Double) -> Double {
    let power = pow(10, log10(rough).rounded(.down))
    for factor in [1.0, 2, 5, 10] where factor * power >= rough * (1 - 1e-9) {
      return factor * power
    }
    return 10 * power
  }

  static func label(_ value: Double, decimals: Int) -> String {
    if abs(value) >= 1e6 || (abs(value) < 1e-4 && value != 0) {
      return String(format: "%.1e", value)
    }
    let text = String(format: "%.\(min(decimals, 6))f", value)
    return text == "-0"
      ? "0" : text.replacingOccurrences(of: "^-0(\\.0+)?$", with: "0", options: .regularExpression)
  }

  static func powerLabel(_ exponent: Int) -> String {
    (-4...5).contains(exponent)
      ? label(pow(10, Double(exponent)), decimals: max(0, -exponent)) : "1e\(exponent)"
  }
}

/// Builds SVG markup with escaped text and attributes in a stable order.
private struct SVGText {
  var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  private var depth = 0

  mutating func open(_ name: String, _ attributes: [String: String] = [:]) {
    text += indent + "<\(name)\(render(attributes))>\n"
    depth += 1
  }

  mutating func close(_ name: String) {
    depth -= 1
    text += indent + "</\(name)>\n"
  }

  mutating func element(_ name: String, _ attributes: [String: String]) {
    text += indent + "<\(name)\(render(attributes))/>\n"
  }

  mutating func text(_ content: String, _ attributes: [String: String]) {
    guard !content.isEmpty else { return }
    text += indent + "<text\(render(attributes))>\(escape(content))</text>\n"
  }

  private var indent: String { String(repeating: "  ", count: depth) }

  private func render(_ attributes: [String: String]) -> String {
    attributes.sorted { $0.key < $1.key }.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
  }

  private func escape(_ value: String) -> String {
    value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}
