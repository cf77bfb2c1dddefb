import Foundation

/// A line plot drawn with text, for terminals and logs: one or more series against a shared
/// x axis, with labelled axes and a legend.
///
///        x, x'
///      3.1 ┤      ⡠⠊⠉⠢⡀
///          │    ⡠⠊    ⠈⠢⡀
///     -3.1 ┤⠊⠁          ⠈⠑
///          └──────────────
///           0            2
///                  t
///       ⠶ x  ⠶ x'
///
/// `.braille` marks use a 2 x 4 grid of dots per character, the finest resolution, and tell
/// series apart by colour; `.symbols` mark each series with its own character (`*`, `+`,
/// `o`, ...) one per cell, readable without colour.
public struct LinePlot: Sendable {
  /// One named curve.
  public struct Series: Sendable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
  }

  /// How points are drawn.
  public enum Marks: Sendable {
    case braille
    case symbols
  }

  public private(set) var series: [Series] = []
  /// Written above the plot (default: the series' names).
  public var title: String?
  /// Written under the x axis.
  public var xLabel: String?
  /// Width of the plotting area in characters.
  public var width: Int
  /// Height of the plotting area in lines.
  public var height: Int

  public init(width: Int = 60, height: Int = 15, title: String? = nil, xLabel: String? = nil) {
    self.width = max(4, width)
    self.height = max(2, height)
    self.title = title
    self.xLabel = xLabel
  }

  /// Adds a curve through the points (x[i], y[i]); non-finite points leave a gap.
  public mutating func add(_ name: String, x: [Double], y: [Double]) {
    let count = min(x.count, y.count)
    series.append(Series(name: name, x: Array(x.prefix(count)), y: Array(y.prefix(count))))
  }

  /// Adds a curve through (i, y[i]).
  public mutating func add(_ name: String, y: [Double]) {
    add(name, x: y.indices.map(Double.init), y: y)
  }

  /// The plot as lines of text ending in a newline. With `output`, colours and marks follow
  /// it: braille in colour where colours are used, symbols otherwise.
  public func render(for output: TextOutput) -> String {
    render(marks: output.usesColor ? .braille : .symbols, colors: output.usesColor)
  }

  /// The plot as lines of text ending in a newline.
  public func render(marks: Marks, colors: Bool = false) -> String {
    let points = series.flatMap { zip($0.x, $0.y) }.filter { $0.0.isFinite && $0.1.isFinite }
    guard !points.isEmpty else { return (title.map { $0 + "\n" } ?? "") + "(no data)\n" }
    let (xLow, xHigh) = paddedRange(points.map(\.0))
    let (yLow, yHigh) = paddedRange(points.map(\.1))

    // Resolution in marks: braille has 2 x 4 dots per character.
    let (perColumn, perRow) = marks == .braille ? (2, 4) : (1, 1)
    let columns = width * perColumn
    let rows = height * perRow
    var cells = [[Cell]](
      repeating: [Cell](repeating: Cell(), count: width), count: height)
    for (index, curve) in series.enumerated() {
      var previous: (Int, Int)?
      for (x, y) in zip(curve.x, curve.y) {
        guard x.isFinite, y.isFinite else {
          previous = nil
          continue
        }
        let column = Int(((x - xLow) / (xHigh - xLow) * Double(columns - 1)).rounded())
        let row = Int(((yHigh - y) / (yHigh - yLow) * Double(rows - 1)).rounded())
        let current = (column, row)
        for (c, r) in segment(from: previous ?? current, to: current) {
          let cell = (r / perRow, c / perColumn)
          if marks == .braille {
            cells[cell.0][cell.1].dots |= brailleDot(column: c % 2, row: r % 4)
          }
          cells[cell.0][cell.1].series = index
        }
        previous = current
      }
    }

    let palette: [TextStyle] = [.cyan, .magenta, .yellow, .green, .blue, .red]
    let symbols: [Character] = ["*", "+", "o", "x", "#", "@"]
    func mark(_ series: Int, _ cell: Cell) -> String {
      let character =
        marks == .braille
        ? Character(Unicode.Scalar(0x2800 + UInt32(cell.dots))!)
        : symbols[series % symbols.count]
      guard colors else { return String(character) }
      return "\u{1B}[\(palette[series % palette.count].rawValue)m\(character)\u{1B}[0m"
    }

    let yLabels = [yHigh, (yLow + yHigh) / 2, yLow].map { formatTick($0, span: yHigh - yLow) }
    let labelWidth = yLabels.map(\.count).max() ?? 0
    var lines: [String] = []
    lines.append(
      String(repeating: " ", count: labelWidth + 2)
        + (title ?? series.map(\.name).joined(separator: ", ")))
    for row in 0..<height {
      let label: String
      switch row {
      case 0: label = yLabels[0]
      case height / 2 where height > 2: label = yLabels[1]
      case height - 1: label = yLabels[2]
      default: label = ""
      }
      let axis = label.isEmpty ? "│" : "┤"
      var line = String(repeating: " ", count: labelWidth - label.count) + label + " " + axis
      for cell in cells[row] {
        line += cell.series.map { mark($0, cell) } ?? " "
      }
      lines.append(line.trailingSpacesRemoved)
    }
    let indent = String(repeating: " ", count: labelWidth + 2)
    lines.append(indent.dropLast() + "└" + String(repeating: "─", count: width))
    let left = formatTick(xLow, span: xHigh - xLow)
    let right = formatTick(xHigh, span: xHigh - xLow)
    let gap = max(1, width - left.count - right.count)
    lines.append(indent + left + String(repeating: " ", count: gap) + right)
    if let xLabel {
      lines.append(
        indent + String(repeating: " ", count: max(0, (width - xLabel.count) / 2)) + xLabel)
    }
    let legend = series.indices.map { index in
      let sample = marks == .braille ? Cell(dots: 0x36, series: index) : Cell(series: index)
      return mark(index, sample) + " " + series[index].name
    }
    lines.append(indent + legend.joined(separator: "  "))
    return lines.joined(separator: "\n") + "\n"
  }
}

/// One character cell: the braille dots set in it and the last series drawn there.
private struct Cell {
  var dots: UInt8 = 0
  var series: Int?
}

/// The bit of the braille dot at (column 0-1, row 0-3) within a character (Unicode 2800).
private func brailleDot(column: Int, row: Int) -> UInt8 {
  let bits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
  return bits[row][column]
}

/// The grid points of the straight line from `start` to `end` (Bresenham), both included.
private func segment(from start: (Int, Int), to end: (Int, Int)) -> [(Int, Int)] {
  var (x, y) = start
  let dx = abs(end.0 - x)
  let dy = -abs(end.1 - y)
  let stepX = x < end.0 ? 1 : -1
  let stepY = y < end.1 ? 1 : -1
  var error = dx + dy
  var points = [(x, y)]
  while (x, y) != end {
    let doubled = 2 * error
    if doubled >= dy {
      error += dy
      x += stepX
    }
    if doubled <= dx {
      error += dx
      y += stepY
    }
    points.append((x, y))
  }
  return points
}

/// The range of `values`, widened when all are equal so that it has a length.
private func paddedRange(_ values: [Double]) -> (Double, Double) {
  let low = values.min() ?? 0
  let high = values.max() ?? 1
  if high > low { return (low, high) }
  let pad = Swift.max(1, abs(low)) * 0.5
  return (low - pad, high + pad)
}

/// A label for an axis value on an axis covering `span`: rounded to three significant
/// digits of the span, without trailing zeros (1.66, 0, -1.66 on a span of 3.3), in
/// exponent form for very large or small values.
private func formatTick(_ value: Double, span: Double) -> String {
  let magnitude = Swift.max(abs(value), span)
  guard magnitude < 1e6, span >= 1e-4 else { return String(format: "%.3g", value) }
  let decimals = Swift.max(0, 2 - Int(log10(span).rounded(.down)))
  var text = String(format: "%.\(decimals)f", value)
  if text.contains(".") {
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
  }
  return text == "-0" ? "0" : text
}
