import Foundation
import PriorLanguage

extension TrainingSchedule {
  /// The schedule for a prior with phase planes, over `epochs` epochs (E): the posterior
  /// variances and the learnable parameters held for the whole run; the KL terms alone for
  /// the first min(12, 0.3 E) epochs, with beta_t = beta_m = 100, so that the latent turns at
  /// the prior's rate before the reconstruction joins (the trainer then aligns it); with
  /// `windowCuts`, cuts from epoch min(25, 0.625 E). Measured on the pulsar
  /// (docs/experiments/pulsar.md).
  public static func phasePlanes(epochs: Int, windowCuts: Bool) -> TrainingSchedule {
    let whole = Double(epochs)
    var schedule = TrainingSchedule()
    schedule.epochs = epochs
    schedule.parametersHeldFor = whole
    schedule.variancesHeldFor = whole
    schedule.klOnlyFor = min(12, (0.3 * whole).rounded())
    schedule.windowCutsFrom = windowCuts ? min(25, (0.625 * whole).rounded()) : nil
    schedule.transitionWeight = 100
    schedule.marginalWeight = 100
    return schedule
  }
}

/// The settings for a prior with phase planes (`PriorSymmetries`): a state the video shows
/// only by a plane's angle, which the KL terms fix only up to a turn. The encoder's window
/// spans one turn, the smallest odd W >= the slowest plane's steps per turn less 0.01% (at
/// most the sequence's frames and 255), because a few frames between two moments that show
/// the phase say nothing of it; the schedule is `TrainingSchedule.phasePlanes`, with window
/// cuts when the window is wider than 3.
public enum PhasePlaneRecipe {
  /// Why the recipe chooses each setting of the schedule.
  static let reasons: [TrainingSetting: String] = [
    .parameterWarmup:
      "learnable parameters held for the whole run: released while the rotation forms, the "
      + "rate drifts",
    .varianceWarmup:
      "posterior standard deviations held at 0.1 for the whole run: only then does KL_marg "
      + "spread the means around the turn",
    .dynamicsFirst:
      "the KL terms alone first, so that the latent turns at the prior's rate; the latent is "
      + "then aligned to the frames",
    .windowCutsFrom:
      "windows cut short, as at a sequence's ends, once the decoder draws what the phase shows",
    .transitionWeight: "the dynamics weighed as much as the spread (beta-m)",
    .marginalWeight: "the spread weighed as much as the dynamics (beta-t)",
  ]

  /// Sets every setting of the recipe that is not in `given` in `configuration`, and returns
  /// what it chose, in the order of `TrainingSetting.all`; nothing when `planes` is empty.
  public static func choose(
    for planes: [PhasePlane], in configuration: inout TrainingConfiguration,
    keeping given: Set<TrainingSetting>
  ) -> [SettingChoice] {
    guard let slowest = planes.map(\.stepsPerTurn).max() else { return [] }
    var choices: [SettingChoice] = []
    if !given.contains(.window) {
      // A turn of 24.00002 steps (RK4's rotation is a little slow) is 24.
      let turn = Int((slowest * (1 - 1e-4)).rounded(.up))
      let frames = configuration.frameCount
      let longest = min(255, frames % 2 == 1 ? frames : frames - 1)
      configuration.window = max(1, min(longest, max(3, turn % 2 == 1 ? turn : turn + 1)))
      let steps = String(format: "%.4g", slowest)
      choices.append(
        SettingChoice(
          setting: .window, value: String(configuration.window),
          reason: configuration.window >= turn
            ? "the encoder sees a whole turn (\(steps) steps), so every window holds the phase"
            : "a turn is \(steps) steps, longer than the \(frames)-frame sequences: as much of "
              + "it as they hold"))
    }
    let recipe = TrainingConfiguration(
      schedule: .phasePlanes(
        epochs: configuration.schedule.epochs, windowCuts: configuration.window > 3))
    for setting in TrainingSetting.all where !given.contains(setting) {
      guard let reason = reasons[setting], let value = setting.value(in: recipe) else {
        continue
      }
      setting.set(value, in: &configuration)
      choices.append(
        SettingChoice(
          setting: setting, value: setting.text(in: configuration) ?? "", reason: reason))
    }
    return choices
  }
}
