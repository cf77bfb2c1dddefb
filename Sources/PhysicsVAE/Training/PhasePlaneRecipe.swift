import Foundation
import PriorLanguage

/// The settings for a prior with phase planes (`PriorSymmetries`): a state the video shows
/// only by a plane's angle, which the KL terms fix only up to a turn. Measured on the pulsar
/// (docs/experiments/pulsar.md):
/// - a window of one turn, the smallest odd W >= the slowest plane's steps per turn less
///   0.01% (at most the sequence's frames and 255), because a few frames between two
///   moments that show the phase say nothing of it;
/// - the posterior variances and the learnable parameters held for the whole run;
/// - the KL terms alone for the first min(12, 0.3 E) of E epochs, with beta_t = beta_m = 100,
///   so that the latent turns at the prior's rate before the reconstruction joins (the
///   trainer then aligns it, `LatentAlignment`);
/// - with a window wider than 3, window cuts from epoch min(25, 0.625 E).
public enum PhasePlaneRecipe {
  /// Sets every setting of the recipe that is not in `given` in `configuration`, and returns
  /// what it chose in the order above; nothing when `planes` is empty.
  public static func choose(
    for planes: [PhasePlane], in configuration: inout TrainingConfiguration,
    keeping given: Set<TrainingSetting>
  ) -> [SettingChoice] {
    guard let slowest = planes.map(\.stepsPerTurn).max() else { return [] }
    var choices: [SettingChoice] = []
    func choose(_ setting: TrainingSetting, _ value: Double, _ reason: String) {
      guard !given.contains(setting) else { return }
      setting.set(value, in: &configuration)
      choices.append(SettingChoice(setting: setting, value: value, reason: reason))
    }
    // A turn of 24.00002 steps (RK4's rotation is a little slow) is 24.
    let turn = Int((slowest * (1 - 1e-4)).rounded(.up))
    let frames = configuration.frameCount
    let longest = min(255, frames % 2 == 1 ? frames : frames - 1)
    let turnWindow = max(1, min(longest, max(3, turn % 2 == 1 ? turn : turn + 1)))
    let steps = String(format: "%.4g", slowest)
    choose(
      .window, Double(turnWindow),
      turnWindow >= turn
        ? "the encoder sees a whole turn (\(steps) steps), so every window holds the phase"
        : "a turn is \(steps) steps, longer than the \(frames)-frame sequences: as much of it "
          + "as they hold")
    let whole = Double(configuration.schedule.epochs)
    choose(
      .parameterWarmup, whole,
      "learnable parameters held for the whole run: released while the rotation forms, the "
        + "rate drifts")
    choose(
      .varianceWarmup, whole,
      "posterior standard deviations held at 0.1 for the whole run: only then does KL_marg "
        + "spread the means around the turn")
    choose(
      .dynamicsFirst, min(12, (0.3 * whole).rounded()),
      "the KL terms alone first, so that the latent turns at the prior's rate; the latent is "
        + "then aligned to the frames")
    if configuration.window > 3 {
      choose(
        .windowCutsFrom, min(25, (0.625 * whole).rounded()),
        "windows cut short, as at a sequence's ends, once the decoder draws what the phase "
          + "shows")
    }
    choose(.transitionWeight, 100, "the dynamics weighed as much as the spread (beta-m)")
    choose(.marginalWeight, 100, "the spread weighed as much as the dynamics (beta-t)")
    return choices
  }
}
