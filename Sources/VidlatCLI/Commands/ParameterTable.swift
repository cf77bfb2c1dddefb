import Foundation
import PhysicsVAE

/// The learned parameters as `vidlat eval` and `vidlat measure` print them: each with its
/// value and the half-width of its 95% interval, its unit, the value KL_trans alone gives
/// (`Evaluation.parameterIntervals`), and the truth and the error when the truth is known;
/// under the table, why a parameter has no interval.
enum ParameterTable {
  /// The table and the notes, ending in a newline; empty without parameters.
  static func render(_ parameters: [ParameterRecovery], for output: TextOutput? = nil) -> String {
    guard let sequenceCount = parameters.first?.interval.sequenceCount else { return "" }
    let hasTruth = parameters.contains { $0.truth != nil }
    var table = Table(
      headers: ["parameter", "value ± 95%", "unit", "KL_trans alone"]
        + (hasTruth ? ["truth", "error"] : []),
      alignments: [.left, .right, .left, .right, .right, .right])
    for parameter in parameters {
      table.append(
        [
          parameter.name, valueText(parameter), parameter.unit ?? "",
          parameter.interval.transitionOnlyValue.map { String(format: "%.5g", $0) } ?? "-",
        ]
          + (hasTruth
            ? [parameter.truth.map { String(format: "%.5g", $0) } ?? "-", errorText(parameter)]
            : []))
    }
    let notes = parameters.compactMap { parameter in
      parameter.interval.whyNoInterval.map { "\(parameter.name): no interval: \($0)" }
    }
    return "95% intervals from KL_trans on \(pluralized(sequenceCount, "sequence")), networks "
      + "fixed (sandwich standard errors):\n" + table.render(for: output)
      + notes.map { $0 + "\n" }.joined()
  }

  /// `0.2954 ± 0.041`, or the value alone when there is no interval.
  static func valueText(_ parameter: ParameterRecovery) -> String {
    let value = String(format: "%.5g", parameter.learned)
    guard let halfWidth = parameter.interval.halfWidth95 else { return value }
    return value + " ± " + String(format: "%.2g", halfWidth)
  }

  /// The relative error in percent, or the absolute error (`abs`) when the truth is 0, where
  /// `LatentRecovery.relativeError` returns |learned| and a percentage would mislead.
  static func errorText(_ parameter: ParameterRecovery) -> String {
    guard let error = parameter.relativeError, let truth = parameter.truth else { return "-" }
    return truth == 0 ? String(format: "%.4g abs", error) : String(format: "%.2f%%", 100 * error)
  }
}
