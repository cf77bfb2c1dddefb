import Foundation
import PhysicsVAE
import Testing

@testable import VidlatCLI

/// The parameter table of `vidlat eval` and `vidlat measure`.
@Suite struct EvalCommandTests {
  func recovery(learned: Double, truth: Double?) throws -> ParameterRecovery {
    let error = truth.map { LatentRecovery.relativeError(learned: learned, truth: $0) }
    var json = #"{"name": "c", "learned": \#(learned)"#
    json += #", "interval": {"value": \#(learned), "sequenceCount": 8}"#
    if let truth, let error { json += #", "truth": \#(truth), "relativeError": \#(error)"# }
    return try JSONDecoder().decode(ParameterRecovery.self, from: Data((json + "}").utf8))
  }

  @Test func relativeErrorInPercent() throws {
    #expect(ParameterTable.errorText(try recovery(learned: 10.3, truth: 10)) == "3.00%")
  }

  /// With a true value of 0 the error is absolute, not a percentage.
  @Test func absoluteErrorWhenTheTruthIsZero() throws {
    #expect(ParameterTable.errorText(try recovery(learned: 0.3078, truth: 0)) == "0.3078 abs")
  }

  @Test func noTruthNoError() throws {
    #expect(ParameterTable.errorText(try recovery(learned: 1, truth: nil)) == "-")
  }

  @Test func theTableShowsTheIntervalTheUnitAndWhyThereIsNone() throws {
    let measured = #"""
      [{"name": "k", "learned": 9.7, "unit": "1/s^2", "interval": {"value": 9.7,
        "sequenceCount": 8, "standardError": 0.1, "transitionOnlyValue": 9.75}},
       {"name": "c", "learned": 0.3, "interval": {"value": 0.3, "sequenceCount": 8,
        "whyNoInterval": "KL_trans is flat"}}]
      """#
    let parameters = try JSONDecoder().decode([ParameterRecovery].self, from: Data(measured.utf8))
    #expect(
      ParameterTable.render(parameters) == """
        95% intervals from KL_trans on 8 sequences, networks fixed (sandwich standard errors):
        parameter  value ± 95%  unit   KL_trans alone
        ---------  -----------  -----  --------------
        k            9.7 ± 0.2  1/s^2            9.75
        c                  0.3                      -
        c: no interval: KL_trans is flat

        """)
  }
}
