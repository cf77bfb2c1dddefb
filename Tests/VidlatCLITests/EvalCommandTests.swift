import Foundation
import PhysicsVAE
import Testing

@testable import VidlatCLI

/// The error column of `vidlat eval`'s parameter table.
@Suite struct EvalCommandTests {
  func recovery(learned: Double, truth: Double?) throws -> ParameterRecovery {
    let error = truth.map { LatentRecovery.relativeError(learned: learned, truth: $0) }
    var json = #"{"name": "c", "learned": \#(learned)"#
    if let truth, let error { json += #", "truth": \#(truth), "relativeError": \#(error)"# }
    return try JSONDecoder().decode(ParameterRecovery.self, from: Data((json + "}").utf8))
  }

  @Test func relativeErrorInPercent() throws {
    #expect(EvalCommand.errorText(try recovery(learned: 10.3, truth: 10)) == "3.00%")
  }

  /// With a true value of 0 the error is absolute, not a percentage.
  @Test func absoluteErrorWhenTheTruthIsZero() throws {
    #expect(EvalCommand.errorText(try recovery(learned: 0.3078, truth: 0)) == "0.3078 abs")
  }

  @Test func noTruthNoError() throws {
    #expect(EvalCommand.errorText(try recovery(learned: 1, truth: nil)) == "-")
  }
}
