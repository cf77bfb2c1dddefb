/// When each stage of a run holds, asked by the trainer at every step and at every epoch's
/// end; every epoch count is in epochs from the start of the run (fractions fall within an
/// epoch).
///
/// Stages, each a prefix or a suffix of the run:
/// - **parameters held** (`parametersHeldFor`): the learnable parameters stay at their
///   initial values while the encoder learns to see the state; fitted to latents that do
///   not yet follow the video, a parameter drifts.
/// - **variances held** (`variancesHeldFor`): every posterior log-variance is
///   `VAE.initialLogVariance`. Free variances of the unobserved derivatives grow, P = J Sigma
///   J^T + Q grows with them, and KL_trans stops seeing the dynamics.
/// - **KL terms only** (`klOnlyFor`): L = beta_t KL_trans + beta_m KL_marg; the encoder's
///   latent follows the prior's dynamics and spreads over its marginal before the
///   reconstruction shapes it, and the decoder waits.
/// - **window cuts** (`windowCutsFrom`, nil: never): a fraction
///   `FrameWindows.trainingCutFraction` of the training frames see their window cut short on
///   one side, as at a sequence's ends.
/// - the KL weights beta_t, beta_m ramp linearly from 0 over `klRampEpochs` (0: no ramp).
///
/// Events between the stages:
/// - the latent is aligned (`LatentAlignment`) at the step where the reconstruction joins
///   after a KL-only stage, and at the step where window cuts begin after epoch 0;
/// - the best-checkpoint comparison restarts at the first epoch trained wholly with window
///   cuts, because the cuts make the task harder on purpose and raise the validation loss.
public struct TrainingSchedule: Codable, Sendable, Equatable {
  /// Passes over the training sequences.
  public var epochs = 40
  public var parametersHeldFor = 20.0
  public var variancesHeldFor = 10.0
  public var klOnlyFor = 0.0
  public var windowCutsFrom: Double? = nil
  /// beta_t, the weight of KL_trans: 10, because L_rec sums over a frame's pixels and
  /// outweighs KL_trans at 1.
  public var transitionWeight = 10.0
  /// beta_m, the weight of KL_marg.
  public var marginalWeight = 1.0
  public var klRampEpochs = 0.0

  /// The plain defaults.
  public init() {}

  /// What one step at `progress` (epochs, fractional within an epoch) does.
  public func plan(at progress: Double) -> StepPlan {
    StepPlan(
      loss: LossPlan(
        weights: klWeights(at: progress),
        reconstruction: progress >= klOnlyFor ? .trained : .reportedOnly,
        variances: progress < variancesHeldFor ? .held : .encoded,
        windowCutFraction: cutsOn(at: progress) ? FrameWindows.trainingCutFraction : 0),
      updatesParameters: progress >= parametersHeldFor)
  }

  /// The KL weights at `progress`: (beta_t, beta_m) times the ramp.
  public func klWeights(at progress: Double) -> KLWeights {
    let ramp = klRampEpochs > 0 ? min(1, max(0, progress / klRampEpochs)) : 1
    return KLWeights(transition: transitionWeight * ramp, marginal: marginalWeight * ramp)
  }

  /// The events before the step that starts at `progress` and lasts `length` epochs.
  public func events(atStepFrom progress: Double, length: Double) -> [TrainingSchedule.Event] {
    let previous = progress - length
    if klOnlyFor > 0 && progress >= klOnlyFor && previous < klOnlyFor {
      return [.alignLatent(reason: "the reconstruction joins")]
    }
    if let start = windowCutsFrom, start > 0, cutsOn(at: progress), !cutsOn(at: previous) {
      return [.alignLatent(reason: "window cuts begin")]
    }
    return []
  }

  /// The events at the end of epoch `epoch` (0-based).
  public func events(endingEpoch epoch: Int) -> [TrainingSchedule.Event] {
    guard let start = windowCutsFrom, epoch == Int(start.rounded(.up)) else { return [] }
    return [.restartBestComparison]
  }

  /// Something the trainer does between steps.
  public enum Event: Sendable, Equatable {
    /// Turn the latent onto the frames (`LatentAlignment`), for `reason`.
    case alignLatent(reason: String)
    /// Take this epoch's validation loss as the best so far, whatever came before.
    case restartBestComparison
  }

  private func cutsOn(at progress: Double) -> Bool {
    windowCutsFrom.map { progress >= $0 } ?? false
  }
}

/// What one training step does: the loss it takes, and whether the learnable parameters move.
public struct StepPlan: Sendable, Equatable {
  public var loss: LossPlan
  public var updatesParameters: Bool
}
