import Foundation
import PriorLanguage
import Testing

@testable import PhysicsVAE

/// `PhasePlaneRecipe` and `TrainingSettings.resolved(for:)`: the settings chosen for a prior
/// with a phase plane.
@Suite struct PhasePlaneRecipeTests {
  func turn(_ steps: Double, _ first: Int = 0, _ second: Int = 1) -> PhasePlane {
    PhasePlane(plane: StatePlane(first: first, second: second), stepsPerTurn: steps)
  }

  /// The default 40 epochs: the pulsar's recipe of docs/method.md, setting by setting.
  @Test func settingsForATurnOf24Steps() {
    var configuration = TrainingConfiguration()
    let choices = PhasePlaneRecipe.choose(
      for: [turn(24.00002)], in: &configuration, keeping: [])
    #expect(choices.map(\.setting) == TrainingSetting.all.filter(\.adaptsToPrior))
    #expect(choices.map(\.value) == ["25", "40", "40", "12", "25", "100", "100"])
    #expect(choices[0].reason.contains("a whole turn (24 steps)"))
    var expected = TrainingConfiguration()
    expected.window = 25
    expected.schedule.parametersHeldFor = 40
    expected.schedule.variancesHeldFor = 40
    expected.schedule.klOnlyFor = 12
    expected.schedule.windowCutsFrom = 25
    expected.schedule.transitionWeight = 100
    expected.schedule.marginalWeight = 100
    #expect(configuration == expected)
    #expect(configuration.problem == nil)
  }

  /// Given settings stay; a given window of 3 has no cuts; a shorter run compresses the
  /// schedule; a turn longer than the sequences gets the longest odd window they hold.
  @Test func givenSettingsShortRunsAndLongTurns() {
    var configuration = TrainingConfiguration()
    configuration.window = 3
    configuration.schedule.transitionWeight = 7
    let choices = PhasePlaneRecipe.choose(
      for: [turn(24)], in: &configuration, keeping: [.window, .transitionWeight])
    #expect(
      choices.map(\.setting) == [
        .parameterWarmup, .varianceWarmup, .dynamicsFirst, .marginalWeight,
      ])
    #expect(configuration.window == 3 && configuration.schedule.transitionWeight == 7)
    #expect(configuration.schedule.windowCutsFrom == nil)

    var short = TrainingConfiguration()
    short.schedule.epochs = 20
    short.frameCount = 30
    let shortChoices = PhasePlaneRecipe.choose(
      for: [turn(10), turn(125.7, 2, 3)], in: &short, keeping: [])
    #expect(short.window == 29)
    #expect(shortChoices[0].reason.contains("a turn is 125.7 steps, longer than the 30-frame"))
    #expect(short.schedule.klOnlyFor == 6)
    #expect(short.schedule.windowCutsFrom == 13)
    #expect(short.schedule.variancesHeldFor == 20 && short.schedule.parametersHeldFor == 20)

    var plain = TrainingConfiguration()
    #expect(PhasePlaneRecipe.choose(for: [], in: &plain, keeping: []).isEmpty)
    #expect(plain == TrainingConfiguration())
  }

  /// Settings resolved for the pulsar's symmetries follow the recipe, keep what was given,
  /// and with `.plainDefaults` stay as they are.
  @Test func settingsResolvedForThePriorsSymmetries() {
    let pulsar = PriorSymmetries(
      isSignSymmetric: false, equivariantPlanes: [StatePlane(first: 0, second: 1)],
      phasePlanes: [turn(24)])
    var settings = TrainingSettings()
    settings.configuration.schedule.marginalWeight = 50
    settings.given = [.marginalWeight]
    let (configuration, choices) = settings.resolved(for: pulsar)
    #expect(configuration.window == 25 && configuration.schedule.marginalWeight == 50)
    #expect(!choices.contains { $0.setting == .marginalWeight } && choices.count == 6)
    settings.adaptation = .plainDefaults
    let plain = settings.resolved(for: pulsar)
    #expect(plain.configuration == settings.configuration && plain.choices.isEmpty)
    settings.adaptation = .toPrior
    let none = PriorSymmetries(isSignSymmetric: true, equivariantPlanes: [], phasePlanes: [])
    #expect(settings.resolved(for: none).configuration == settings.configuration)
  }
}
