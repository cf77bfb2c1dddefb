import PriorLanguage
import Testing
import Video

@testable import PhysicsVAE

/// The picture of `eval --scan`: both KL terms against the parameter, and the learned and
/// true values as vertical lines.
@Suite struct ScanPlotTests {
  @Test func bothTermsTheLearnedValueAndTheTruth() {
    let points = [9.0, 9.5, 10].map { value in
      ParameterScanPoint(
        value: value, transitionKL: (value - 9.8) * (value - 9.8), transitionGradient: 0,
        marginalKL: 1000 + value, marginalGradient: 1)
    }
    let plot = Evaluation.scanPlot(
      points, parameter: PhysicalParameter(name: "g", value: 9.81, unit: "m/s^2"),
      learned: 9.6, truth: 9.81)
    #expect(plot.xLabel == "g (m/s^2)")
    #expect(plot.lines.count == 2)
    #expect(plot.lines.map(\.x) == [[9, 9.5, 10], [9, 9.5, 10]])
    // Each term rescaled: KL_trans is lowest at 10, KL_marg at 9.
    #expect(plot.lines[0].y.last == 0 && plot.lines[1].y.first == 0)
    #expect(plot.markers.map(\.x) == [9.6, 9.81])
    #expect(plot.markers.map(\.dashed) == [false, true])
    #expect(plot.markers.map(\.name) == ["learned g = 9.6", "truth g = 9.81"])
  }

  @Test func withoutTruthOnlyTheLearnedValue() {
    let point = ParameterScanPoint(
      value: 1, transitionKL: 1, transitionGradient: 0, marginalKL: 2, marginalGradient: 0)
    let plot = Evaluation.scanPlot(
      [point], parameter: PhysicalParameter(name: "c", value: 0), learned: 0.5, truth: nil)
    #expect(plot.xLabel == "c")
    #expect(plot.markers.map(\.x) == [0.5])
  }
}
