import Foundation
import PriorLanguage
import Testing

/// The repository's Priors/ folder, found from this file's path.
let priorsDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Priors").path

/// The shipped prior `name` (e.g. "pendulum"), checked.
func shippedPrior(_ name: String) throws -> Prior {
  try Prior(contentsOfFile: priorsDirectory + "/\(name).prior")
}

/// Diagnostics as `line:column: severity: message`, the form the tests state them in.
func summaries(_ diagnostics: [Diagnostic], including severities: Set<Diagnostic.Severity>)
  -> [String]
{
  diagnostics.filter { severities.contains($0.severity) }.map {
    "\($0.range.start.line):\($0.range.start.column): \($0.severity.rawValue): \($0.message)"
  }
}

/// Checks `source` and expects exactly `expected` diagnostics of the given severities
/// (errors by default), each written `line:column: severity: message`.
func expectDiagnostics(
  _ source: String, _ expected: [String],
  including severities: Set<Diagnostic.Severity> = [.error],
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  let check = Prior.check(SourceFile(path: "test.prior", text: source))
  #expect(
    summaries(check.diagnostics, including: severities) == expected,
    sourceLocation: sourceLocation)
}

/// A complete, valid prior to build tests on (no warnings).
let completeSpring = """
  prior spring
  param k = 16 in [0.1, 400]
  param c = 0.3 learn
  x'' = -k*x - c*x'
  noise x ~ 0.005
  noise x' ~ 0.05
  init x ~ uniform(-0.8, 0.8)
  init x' ~ normal(0, 1)
  dt = 0.05
  """
