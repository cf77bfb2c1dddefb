import Foundation

extension TrainingConfiguration {
  /// A setting that `adoptPhaseSettings` may choose.
  public enum Setting: CaseIterable, Sendable {
    case window, parameterWarmup, varianceWarmup, dynamicsFirst, windowCutsStart
    case transitionWeight, marginalWeight
  }

  /// A setting chosen for the prior, its value (epochs for the warm-ups and the cuts'
  /// start), and why.
  public struct Choice: Sendable, Equatable {
    public var setting: Setting
    public var value: Double
    public var reason: String
  }

  /// The settings for a prior with phase planes (`PhasePlane`), in every setting not in
  /// `given`; nothing changes when `planes` is empty. Returns what was chosen, in the order
  /// of `Setting`. The choices, measured on the pulsar (docs/method.md, "Phase planes"):
  /// - a window of one turn, the smallest odd W >= the slowest plane's steps per turn less
  ///   0.01% (at most the sequence's frames and 255), because a few frames between pulses
  ///   say nothing of the phase;
  /// - the posterior variances and the learnable parameters held for the whole run;
  /// - the KL terms alone for the first min(12, 0.3 E) of E epochs, with beta_t = beta_m =
  ///   100, so that the latent turns at the prior's rate before the reconstruction joins
  ///   (the trainer then aligns it, `LatentAlignment`);
  /// - with a window wider than 3, window cuts from epoch min(25, 0.625 E).
  public mutating func adoptPhaseSettings(
    for planes: [PhasePlane], keeping given: Set<Setting>
  ) -> [Choice] {
    guard let slowest = planes.map(\.stepsPerTurn).max() else { return [] }
    var choices: [Choice] = []
    func choose(
      _ setting: Setting, _ value: Double, _ reason: String,
      _ apply: (inout TrainingConfiguration, Double) -> Void
    ) {
      guard !given.contains(setting) else { return }
      apply(&self, value)
      choices.append(Choice(setting: setting, value: value, reason: reason))
    }
    // A turn of 24.00002 steps (RK4's rotation is a little slow) is 24.
    let turn = Int((slowest * (1 - 1e-4)).rounded(.up))
    let longest = min(255, frameCount % 2 == 1 ? frameCount : frameCount - 1)
    let turnWindow = max(1, min(longest, max(3, turn % 2 == 1 ? turn : turn + 1)))
    let fits = turnWindow >= turn
    let steps = String(format: "%.4g", slowest)
    choose(
      .window, Double(turnWindow),
      fits
        ? "the encoder sees a whole turn (\(steps) steps), so every window holds the phase"
        : "a turn is \(steps) steps, longer than the \(frameCount)-frame sequences: as much "
          + "of it as they hold"
    ) { $0.window = Int($1) }
    let whole = Double(epochs)
    choose(
      .parameterWarmup, whole,
      "learnable parameters held for the whole run: released while the "
        + "rotation forms, the rate drifts"
    ) { $0.parameterWarmupEpochs = $1 }
    choose(
      .varianceWarmup, whole,
      "posterior standard deviations held at 0.1 for the whole run: "
        + "only then does KL_marg spread the means around the turn"
    ) { $0.varianceWarmupEpochs = $1 }
    choose(
      .dynamicsFirst, min(12, (0.3 * whole).rounded()),
      "the KL terms alone first, so that the latent turns at the prior's "
        + "rate; the latent is then aligned to the frames"
    ) { $0.dynamicsFirstEpochs = $1 }
    if window > 3 {
      choose(
        .windowCutsStart, min(25, (0.625 * whole).rounded()),
        "windows cut short, as at a sequence's ends, once the decoder "
          + "draws the pulses"
      ) { $0.windowCutsStartEpoch = $1 }
    }
    choose(.transitionWeight, 100, "the dynamics weighed as much as the spread (beta-m)") {
      $0.transitionWeight = $1
    }
    choose(.marginalWeight, 100, "the spread weighed as much as the dynamics (beta-t)") {
      $0.marginalWeight = $1
    }
    return choices
  }
}
