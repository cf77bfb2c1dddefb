import Foundation
import Testing
import Video

@Suite struct PlotTests {
  /// The values of `attribute` on every `<element ...>` of the SVG.
  func attributes(_ svg: String, element: String, attribute: String) -> [String] {
    svg.split(separator: "\n").filter { $0.contains("<\(element) ") }.compactMap { line in
      guard let range = line.range(of: " \(attribute)=\"") else { return nil }
      return String(line[range.upperBound...].prefix { $0 != "\"" })
    }
  }

  @Test func timeSeriesHasBandTruthLegendAndNiceTicks() throws {
    let time = (0..<21).map { Double($0) * 0.05 }
    let plot = Plot.timeSeries(
      title: "angle", time: time, estimate: time.map { sin(3 * $0) },
      standardDeviation: time.map { _ in 0.1 }, truth: time.map { sin(3 * $0) + 0.01 },
      variable: "x (rad)")
    let svg = plot.svg()
    #expect(svg.hasPrefix("<?xml"))
    #expect(svg.contains("<polygon "))  // the band
    #expect(attributes(svg, element: "polyline", attribute: "stroke-dasharray") == ["6 4"])
    #expect(svg.contains(">posterior mean ± 2σ</text>"))
    #expect(svg.contains(">truth</text>"))
    #expect(svg.contains(">x (rad)</text>") && svg.contains(">time (s)</text>"))
    // x runs 0...1: ticks every 0.2; y (sin 3t +- 0.2) spans -0.2...1.2: ticks every 0.5
    // from -0.5 to 1.5.
    for label in ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "-0.5", "1.5"] {
      #expect(svg.contains(">\(label)</text>"), "tick \(label)")
    }
  }

  @Test func logarithmicTrainingCurvesTickAtPowersOfTenAndSkipNonPositive() {
    let plot = Plot.trainingCurves(
      title: "", epochs: [0, 1, 2, 3],
      series: [("train", [100, 1, 0.01, 0]), ("validation", [200, 5, 0.05, 0.02])],
      logarithmic: true)
    let svg = plot.svg()
    for label in ["0.01", "0.1", "1", "10", "100", "1000"] {
      #expect(svg.contains(">\(label)</text>"), "tick \(label)")
    }
    // The zero loss cannot be shown on a log axis: the first line has 3 points.
    let lines = attributes(svg, element: "polyline", attribute: "points")
    #expect(lines.map { $0.split(separator: " ").count } == [3, 4])
  }

  @Test func covarianceEllipseHasTheRightAxesAndRotation() {
    // Square 400 x 400 plot area over [-2, 2]^2: 100 SVG pixels per unit. Covariance
    // [[1, 0.9], [0.9, 1]] has eigenvalues 1.9 and 0.1 along the diagonals; on screen
    // (y down) the major axis points up-right, a rotation of -45 degrees.
    var plot = Plot(title: "", xLabel: "x", yLabel: "v")
    plot.width = 78 + 20 + 400
    plot.height = 20 + 56 + 400
    plot.mixtures = [
      Plot.Mixture(name: "", means: [(0, 0)], covariances: [(1, 0.9, 1)], sigmas: 2)
    ]
    let svg = plot.svg()
    #expect(attributes(svg, element: "ellipse", attribute: "rx") == ["275.68"])
    #expect(attributes(svg, element: "ellipse", attribute: "ry") == ["63.25"])
    #expect(attributes(svg, element: "ellipse", attribute: "transform") == ["rotate(-45 278 220)"])
  }

  @Test func mixturesGetDistinctColoursAndLegendEntries() throws {
    let component = [(x: 0.0, y: 0.0)]
    let covariance = [(xx: 1.0, xy: 0.0, yy: 1.0)]
    let plot = Plot.phasePortrait(
      title: "phase", position: "x", velocity: "x'",
      mixtures: [
        .init(name: "prior GMM", means: component, covariances: covariance),
        .init(name: "posterior GMM", means: component, covariances: covariance),
        .init(name: "intervened prior", means: component, covariances: covariance),
      ])
    let svg = plot.svg()
    let strokes = attributes(svg, element: "g", attribute: "stroke")
    #expect(Set(strokes).count == 3)
    for name in ["prior GMM", "posterior GMM", "intervened prior"] {
      #expect(svg.contains(">\(name)</text>"))
    }
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try plot.write(to: folder.file("p.svg"))
    #expect(try String(contentsOfFile: folder.file("p.svg"), encoding: .utf8) == svg)
  }

  /// A marker spans the plot area's height at its value, widens the horizontal axis to
  /// include it, and joins the legend (dashed when it is dashed).
  @Test func markersSpanThePlotAreaAndJoinTheLegend() {
    // Plot area 400 x 400 at (78, 20) over x in [0, 4]: 100 SVG pixels per unit (the
    // legend "truth" takes 5 x 7.2 + 48 pixels on the right).
    var plot = Plot(title: "", xLabel: "x", yLabel: "y")
    plot.width = 78 + 20 + 84 + 400
    plot.height = 20 + 56 + 400
    plot.lines = [Plot.Line(name: "", x: [0, 1, 2], y: [0, 1, 0])]
    plot.markers = [Plot.Marker(name: "truth", x: 4, dashed: true)]
    let svg = plot.svg()
    let markers = svg.split(separator: "\n").filter {
      $0.contains("<line ") && $0.contains("stroke-width=\"1.5\"")
    }
    #expect(markers.count == 1)
    #expect(markers.first?.contains(#"x1="478" x2="478" y1="20" y2="420""#) == true)
    #expect(markers.first?.contains(#"stroke-dasharray="6 4""#) == true)
    #expect(svg.contains(">truth</text>"))
    #expect(svg.contains(">4</text>"))
  }

  @Test func rescaledCurvesShareTheUnitInterval() {
    let plot = Plot.rescaledCurves(
      title: "", xLabel: "k", x: [1, 2, 3],
      series: [("small", [0.1, 0.05, 0.2]), ("large", [300, 100, 200])],
      markers: [Plot.Marker(name: "learned", x: 2)])
    let expected: [[Double]] = [[1.0 / 3, 0, 1], [1, 0, 0.5]]
    for (line, values) in zip(plot.lines, expected) {
      #expect(zip(line.y, values).allSatisfy { abs($0 - $1) < 1e-12 }, "\(line.name)")
    }
    #expect(plot.lines.map(\.name) == ["small (0.05 to 0.2)", "large (100 to 300)"])
    #expect(plot.markers.map(\.x) == [2])
  }

  @Test func textIsEscaped() {
    var plot = Plot(title: "a < b & c", xLabel: "x", yLabel: "y")
    plot.lines = [Plot.Line(name: "\"q\"", x: [0, 1], y: [0, 1])]
    let svg = plot.svg()
    #expect(svg.contains(">a &lt; b &amp; c</text>"))
    #expect(svg.contains(">&quot;q&quot;</text>"))
  }
}
