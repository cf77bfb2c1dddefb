import Foundation
import PriorLanguage
import Testing
import VidlatSupport

@testable import PhysicsVAE

/// `PriorSymmetries`: which priors are sign-symmetric, have equivariant planes, phase planes.
@Suite struct PriorSymmetriesTests {
  /// A shipped prior's model, from the repository's Priors/ folder.
  func shipped(_ name: String) throws -> PriorModel {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return try Prior(contentsOfFile: url.appendingPathComponent("Priors/\(name).prior").path)
      .model
  }

  func planes(_ source: String) throws -> [PhasePlane] {
    PriorSymmetries(try Prior(source: source).model).phasePlanes
  }

  /// The pulsar turns once every 2 pi / (w dt) = 24 steps (RK4's rotation angle differs from
  /// w dt by O((w dt)^5), well within 1e-3); no other shipped prior has a phase plane.
  @Test func onlyThePulsarHasAPhasePlane() throws {
    let pulsar = PriorSymmetries(try shipped("pulsar"))
    #expect(pulsar.phasePlanes.count == 1)
    let plane = try #require(pulsar.phasePlanes.first)
    #expect(plane.plane == StatePlane(first: 0, second: 1))
    #expect(abs(plane.stepsPerTurn - 24) <= 1e-3)
    #expect(pulsar.equivariantPlanes == [plane.plane])
    #expect(!pulsar.isSignSymmetric)
    for name in ["pendulum", "spring", "falling"] {
      #expect(PriorSymmetries(try shipped(name)).phasePlanes.isEmpty, "\(name)")
    }
  }

  /// A rotation the video shows by a coordinate (h = u) is not a phase: its radius is seen.
  /// A plane that does not turn (u' = v' = 0) is not one either.
  @Test func aSeenRadiusOrAStillPlaneIsNoPhase() throws {
    let seen = pulsarLikePriorSource.replacingOccurrences(
      of: "observe brightness = exp(-wrap(atan2(v, u))^2 / (2*s^2))",
      with: "observe brightness = u")
    #expect(seen != pulsarLikePriorSource)
    #expect(try planes(seen).isEmpty)
    let still =
      pulsarLikePriorSource
      .replacingOccurrences(of: "u' = -w*v", with: "u' = 0*w*v")
      .replacingOccurrences(of: "v' = w*u", with: "v' = 0*w*u")
    #expect(try planes(still).isEmpty)
    #expect(try planes(pulsarLikePriorSource).count == 1)
  }

  /// The pendulum's (x, x') is not equivariant: sin(x) does not commute with a rotation.
  @Test func onlyARotatingPlaneIsEquivariant() throws {
    let prior = try Prior(source: pulsarLikePriorSource)
    #expect(
      PriorSymmetries(prior.model).equivariantPlanes == [StatePlane(first: 0, second: 1)])
    #expect(
      PriorSymmetries(PendulumModel(), parameters: [9.81, 0.1]).equivariantPlanes.isEmpty)
  }

  /// The pendulum and a linear map are symmetric under z -> -z; a falling body is not
  /// (gravity picks a direction); neither are the shipped falling and pulsar priors.
  @Test func signSymmetryOfPriors() throws {
    #expect(PriorSymmetries(PendulumModel(), parameters: [9.81, 0.3]).isSignSymmetric)
    #expect(PriorSymmetries(ScalingModel(), parameters: [0.9, 1.1]).isSignSymmetric)
    #expect(!PriorSymmetries(FallingModel(), parameters: [9.81]).isSignSymmetric)
    #expect(PriorSymmetries(try shipped("pendulum")).isSignSymmetric)
    #expect(PriorSymmetries(try shipped("spring")).isSignSymmetric)
    #expect(!PriorSymmetries(try shipped("falling")).isSignSymmetric)
  }
}
