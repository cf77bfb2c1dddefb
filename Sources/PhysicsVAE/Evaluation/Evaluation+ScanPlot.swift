import Foundation
import PriorLanguage
import Video

extension Evaluation {
  /// The picture of a parameter scan (`parameterScan`): KL_trans and KL_marg against the
  /// parameter's value, each rescaled to [0, 1] because the two terms differ in size by
  /// orders of magnitude and what matters is where each is lowest, with the learned value
  /// and, when known, the true value as vertical lines.
  public static func scanPlot(
    _ points: [ParameterScanPoint], parameter: PhysicalParameter, learned: Double,
    truth: Double?
  ) -> Plot {
    let axis = parameter.unit.map { "\(parameter.name) (\($0))" } ?? parameter.name
    var markers = [
      Plot.Marker(
        name: "learned \(parameter.name) = " + String(format: "%.4g", learned), x: learned)
    ]
    if let truth {
      markers.append(
        Plot.Marker(
          name: "truth \(parameter.name) = " + String(format: "%.4g", truth), x: truth,
          dashed: true))
    }
    return Plot.rescaledCurves(
      title: "KL terms against \(parameter.name), networks fixed", xLabel: axis,
      x: points.map(\.value),
      series: [
        ("KL_trans", points.map(\.transitionKL)), ("KL_marg", points.map(\.marginalKL)),
      ], markers: markers)
  }
}
