import PriorLanguage

/// What a user asks of a training run: a configuration, which of its settings were given,
/// and whether the prior's symmetries choose the others. `Trainer.start` resolves it, so a
/// Swift program and `vidlat train` that ask the same get the same run.
public struct TrainingSettings: Sendable {
  /// Whether the settings not given follow the prior.
  public enum Adaptation: Sendable {
    /// A prior with a phase plane gets `PhasePlaneRecipe`'s settings.
    case toPrior
    /// The plain defaults for every prior.
    case plainDefaults
  }

  public var configuration: TrainingConfiguration
  /// The settings the user gave; the prior's choices leave them alone.
  public var given: Set<TrainingSetting>
  public var adaptation: Adaptation

  public init(
    configuration: TrainingConfiguration = TrainingConfiguration(),
    given: Set<TrainingSetting> = [], adaptation: Adaptation = .toPrior
  ) {
    self.configuration = configuration
    self.given = given
    self.adaptation = adaptation
  }

  /// The configuration to train a prior with these symmetries, and each setting chosen for
  /// it, with its reason.
  public func resolved(for symmetries: PriorSymmetries) -> (
    configuration: TrainingConfiguration, choices: [SettingChoice]
  ) {
    var configuration = configuration
    guard adaptation == .toPrior else { return (configuration, []) }
    let choices = PhasePlaneRecipe.choose(
      for: symmetries.phasePlanes, in: &configuration, keeping: given)
    return (configuration, choices)
  }
}

/// A setting chosen for the prior or the data, its value as text, and why.
public struct SettingChoice: Sendable, Equatable {
  public var setting: TrainingSetting
  public var value: String
  public var reason: String

  public init(setting: TrainingSetting, value: String, reason: String) {
    self.setting = setting
    self.value = value
    self.reason = reason
  }
}
