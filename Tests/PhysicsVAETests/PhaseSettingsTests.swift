import Foundation
import PriorLanguage
import Testing
import VidlatSupport

@testable import PhysicsVAE

/// `PhasePlane.find` and `TrainingConfiguration.adoptPhaseSettings`: which priors have a
/// phase plane, and the settings chosen for one.
@Suite struct PhaseSettingsTests {
  /// A shipped prior's model, from the repository's Priors/ folder.
  func shipped(_ name: String) throws -> PriorModel {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return try Prior(contentsOfFile: url.appendingPathComponent("Priors/\(name).prior").path)
      .model
  }

  func planes(_ source: String) throws -> [PhasePlane] {
    PhasePlane.find(in: try Prior(source: source).model)
  }

  /// The pulsar turns once every 2 pi / (w dt) = 24 steps (RK4's rotation angle differs from
  /// w dt by O((w dt)^5), well within 1e-3); no other shipped prior has a phase plane.
  @Test func onlyThePulsarHasAPhasePlane() throws {
    let pulsar = PhasePlane.find(in: try shipped("pulsar"))
    #expect(pulsar.count == 1)
    let plane = try #require(pulsar.first)
    #expect(plane.first == 0 && plane.second == 1)
    #expect(abs(plane.stepsPerTurn - 24) <= 1e-3)
    for name in ["pendulum", "spring", "falling"] {
      #expect(PhasePlane.find(in: try shipped(name)).isEmpty, "\(name)")
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

  /// The default 40 epochs: the pulsar's recipe of docs/method.md, setting by setting.
  @Test func settingsForATurnOf24Steps() {
    var configuration = TrainingConfiguration()
    let choices = configuration.adoptPhaseSettings(
      for: [PhasePlane(first: 0, second: 1, stepsPerTurn: 24.00002)], keeping: [])
    #expect(choices.map(\.setting) == TrainingConfiguration.Setting.allCases)
    #expect(choices.map(\.value) == [25, 40, 40, 12, 25, 100, 100])
    #expect(choices[0].reason.contains("a whole turn (24 steps)"))
    var expected = TrainingConfiguration()
    expected.window = 25
    expected.parameterWarmupEpochs = 40
    expected.varianceWarmupEpochs = 40
    expected.dynamicsFirstEpochs = 12
    expected.windowCutsStartEpoch = 25
    expected.transitionWeight = 100
    expected.marginalWeight = 100
    #expect(configuration == expected)
    #expect(configuration.problem == nil)
  }

  /// Given settings stay; a given window of 3 has no cuts; a shorter run compresses the
  /// schedule; a turn longer than the sequences gets the longest odd window they hold.
  @Test func givenSettingsShortRunsAndLongTurns() {
    var configuration = TrainingConfiguration()
    configuration.window = 3
    configuration.transitionWeight = 7
    let choices = configuration.adoptPhaseSettings(
      for: [PhasePlane(first: 0, second: 1, stepsPerTurn: 24)],
      keeping: [.window, .transitionWeight])
    #expect(
      choices.map(\.setting) == [
        .parameterWarmup, .varianceWarmup, .dynamicsFirst, .marginalWeight,
      ])
    #expect(configuration.window == 3 && configuration.transitionWeight == 7)
    #expect(configuration.windowCutsStartEpoch == nil)

    var short = TrainingConfiguration()
    short.epochs = 20
    short.frameCount = 30
    let shortChoices = short.adoptPhaseSettings(
      for: [
        PhasePlane(first: 0, second: 1, stepsPerTurn: 10),
        PhasePlane(first: 2, second: 3, stepsPerTurn: 125.7),
      ], keeping: [])
    #expect(short.window == 29)
    #expect(shortChoices[0].reason.contains("a turn is 125.7 steps, longer than the 30-frame"))
    #expect(short.dynamicsFirstEpochs == 6)
    #expect(short.windowCutsStartEpoch == 13)
    #expect(short.varianceWarmupEpochs == 20 && short.parameterWarmupEpochs == 20)

    var plain = TrainingConfiguration()
    #expect(plain.adoptPhaseSettings(for: [], keeping: []).isEmpty)
    #expect(plain == TrainingConfiguration())
  }
}
