/// Everything that determines a training run besides the prior and the data; saved as
/// `config.json` in the run folder, so that a run can be resumed and reproduced.
public struct TrainingConfiguration: Codable, Sendable, Equatable {
  /// Passes over the training sequences. 40: the falling ball's height passes R^2 0.95 at
  /// epoch 36 (the pendulum's angle 0.97 and the spring's position 0.95 at epoch 15;
  /// docs/method.md).
  public var epochs = 40
  /// B, sequences per minibatch.
  public var batchSize = 16
  /// T, frames per training sequence.
  public var frameCount = 40
  /// Frame side in pixels: 32 (the reference architecture) or 64.
  public var size = 32
  /// W, the frames the encoder sees around each frame (odd): 3 makes velocities observable;
  /// a state hidden at single moments needs more (the pulsar's phase: about a turn, 25).
  public var window = 3
  /// Adam's learning rate for the encoder and decoder.
  public var learningRate = 1e-3
  /// Adam's learning rate for the prior's learnable parameters: roughly the step size of
  /// their optimizer coordinates (`LearnableParameters`), a fraction of the value for a
  /// parameter with a positive range (log scale), its own units otherwise.
  public var parameterLearningRate = 1e-2
  /// The learnable parameters are held at their initial values for this many epochs, while
  /// the encoder learns to see the state: fitted to latents that do not yet follow the
  /// video, a parameter drifts (the falling scene's drag c went from 0 to 0.63 in 10 epochs;
  /// the pendulum's k, released after 10 epochs, fell from 6.9 to 4.9 while the angle's R^2
  /// was under 0.4, and turned back up once it passed 0.45 at epoch 15).
  public var parameterWarmupEpochs = 20.0
  /// The posterior variances are held at the encoder's initial value (`VAE.initialLogVariance`,
  /// standard deviations of 0.1) for this many epochs, while the encoder learns to see the
  /// state. Left free from the start, the variances of the unobserved derivatives grow: with
  /// Sigma_t large, P = J Sigma_t J^T + Q is large too, KL_trans hardly sees the dynamics, and
  /// the reconstruction alone picks the latent's orientation. The falling ball, whose prior is
  /// not symmetric, then learnt an upside-down height (docs/method.md).
  public var varianceWarmupEpochs = 10.0
  /// For this many epochs the loss is beta_t KL_trans + beta_m KL_marg alone: the encoder
  /// learns a latent that follows the prior's dynamics and spreads over its marginal before
  /// the reconstruction shapes it, and the decoder waits. For a state that the observation
  /// shows only at moments (the pulsar's phase, through narrow pulses), the reconstruction
  /// alone leaves the encoder at one point (docs/method.md).
  public var dynamicsFirstEpochs = 0.0
  /// From this epoch on (nil: never), `FrameWindows.trainingCutFraction` of the training
  /// frames have their encoder window cut short on one side, as at a sequence's ends
  /// (`FrameWindows.randomReaches`). With a window of 25 on 40-frame sequences, 24 of every
  /// 40 frames see a window clamped at an end, and without cuts the pulsar's encoder took the
  /// interpulse for the main pulse there. Cuts from the start, or as soon as the
  /// reconstruction joins, kept the rotation from forming or undid it (docs/method.md).
  public var windowCutsStartEpoch: Double? = nil
  /// beta_t, the weight of KL_trans. 10 rather than the reference's 1: with L_rec summed over
  /// a frame's pixels, beta_t = 1 left the angle latent non-monotone (validation R^2 0.27 after
  /// 16 pendulum epochs) while 10 reached 0.97 at epoch 30 and 0.995 by epoch 40
  /// (docs/method.md).
  public var transitionWeight = 10.0
  /// beta_m, the weight of KL_marg.
  public var marginalWeight = 1.0
  /// Both KL weights ramp linearly from 0 to their value over this many epochs (0: no ramp).
  public var warmupEpochs = 0.0
  /// M, the number of p0 draws (chains) of the prior mixture.
  public var mixtureChains = 16
  /// S, the Monte Carlo samples of KL_marg.
  public var mixtureSamples = 256
  /// The fraction of sequences held out for validation.
  public var validationFraction = 0.2
  /// Sequences rendered when training on a built-in scene.
  public var sceneSequences = 256
  /// Seeds everything: initialisation, data order, noise. Same seed, same bits.
  public var seed: UInt64 = 0

  public init() {}

  /// Decodes a configuration, with the default of any setting the file does not mention
  /// (a `config.json` written before that setting existed).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func read<T: Decodable>(_ key: CodingKeys, or fallback: T) throws -> T {
      try c.decodeIfPresent(T.self, forKey: key) ?? fallback
    }
    let d = TrainingConfiguration()
    epochs = try read(.epochs, or: d.epochs)
    batchSize = try read(.batchSize, or: d.batchSize)
    frameCount = try read(.frameCount, or: d.frameCount)
    size = try read(.size, or: d.size)
    window = try read(.window, or: d.window)
    learningRate = try read(.learningRate, or: d.learningRate)
    parameterLearningRate = try read(.parameterLearningRate, or: d.parameterLearningRate)
    // Runs from before these warm-ups existed trained without them.
    parameterWarmupEpochs = try read(.parameterWarmupEpochs, or: 0)
    varianceWarmupEpochs = try read(.varianceWarmupEpochs, or: 0)
    dynamicsFirstEpochs = try read(.dynamicsFirstEpochs, or: d.dynamicsFirstEpochs)
    windowCutsStartEpoch = try c.decodeIfPresent(Double.self, forKey: .windowCutsStartEpoch)
    transitionWeight = try read(.transitionWeight, or: d.transitionWeight)
    marginalWeight = try read(.marginalWeight, or: d.marginalWeight)
    warmupEpochs = try read(.warmupEpochs, or: d.warmupEpochs)
    mixtureChains = try read(.mixtureChains, or: d.mixtureChains)
    mixtureSamples = try read(.mixtureSamples, or: d.mixtureSamples)
    validationFraction = try read(.validationFraction, or: d.validationFraction)
    sceneSequences = try read(.sceneSequences, or: d.sceneSequences)
    seed = try read(.seed, or: d.seed)
  }

  /// Whether the learnable parameters are updated at a point of training, `progress` in
  /// epochs.
  public func updatesParameters(progress: Double) -> Bool {
    progress >= parameterWarmupEpochs
  }

  /// Whether the posterior variances are held at a point of training, `progress` in epochs.
  public func holdsVariances(progress: Double) -> Bool {
    progress < varianceWarmupEpochs
  }

  /// Whether the loss includes the reconstruction at a point of training, `progress` in
  /// epochs.
  public func trainsReconstruction(progress: Double) -> Bool {
    progress >= dynamicsFirstEpochs
  }

  /// The fraction of training frames whose window is cut at a point of training.
  public func windowCuts(progress: Double) -> Double {
    guard let start = windowCutsStartEpoch, progress >= start else { return 0 }
    return FrameWindows.trainingCutFraction
  }

  /// Whether epoch `epoch` (0-based) is the first to train wholly with window cuts. The best
  /// checkpoint is then chosen afresh from it on: the cuts make the training harder on
  /// purpose, and on the pulsar the validation loss rose (205 to 230-250) while the phase
  /// at the sequences' ends came right (docs/method.md).
  public func startsWindowCuts(epoch: Int) -> Bool {
    guard let start = windowCutsStartEpoch else { return false }
    return epoch == Int(start.rounded(.up))
  }

  /// Why the latent is aligned (`LatentAlignment`) at the step that starts at `progress` and
  /// lasts `stepLength` epochs, or nil: when the reconstruction joins after a dynamics-first
  /// phase, and again when window cuts begin after epoch 0 (a rotation that formed late is
  /// then turned onto the pulses; docs/method.md).
  public func alignmentOccasion(progress: Double, stepLength: Double) -> String? {
    if reconstructionJoins(progress: progress, stepLength: stepLength) {
      return "the reconstruction joins"
    }
    if let start = windowCutsStartEpoch, start > 0, windowCuts(progress: progress) > 0,
      windowCuts(progress: progress - stepLength) == 0
    {
      return "window cuts begin"
    }
    return nil
  }

  /// Whether the reconstruction joins the loss at the step that starts at `progress` and
  /// lasts `stepLength` epochs: the first step after `dynamicsFirstEpochs` > 0.
  public func reconstructionJoins(progress: Double, stepLength: Double) -> Bool {
    dynamicsFirstEpochs > 0 && trainsReconstruction(progress: progress)
      && !trainsReconstruction(progress: progress - stepLength)
  }

  /// The KL weights (beta_t, beta_m) at a point of training, `progress` in epochs (fractional
  /// within an epoch).
  public func klWeights(progress: Double) -> (transition: Double, marginal: Double) {
    let ramp = warmupEpochs > 0 ? min(1, max(0, progress / warmupEpochs)) : 1
    return (transitionWeight * ramp, marginalWeight * ramp)
  }

  /// A description of the first invalid setting, or nil when every setting is usable.
  public var problem: String? {
    if epochs < 1 { return "epochs must be at least 1 (got \(epochs))" }
    if batchSize < 1 { return "the batch size must be at least 1 (got \(batchSize))" }
    if frameCount < 2 { return "sequences need at least 2 frames (got \(frameCount))" }
    if size != 32 && size != 64 { return "the frame size must be 32 or 64 (got \(size))" }
    if window < 1 || window % 2 == 0 || window > 255 {
      return "the encoder's window must be an odd number of frames from 1 to 255 (got \(window))"
    }
    if !(learningRate > 0) { return "the learning rate must be positive (got \(learningRate))" }
    if !(parameterLearningRate >= 0) {
      return "the parameter learning rate must not be negative (got \(parameterLearningRate))"
    }
    if !(transitionWeight >= 0) || !(marginalWeight >= 0) {
      return "the KL weights must not be negative"
    }
    for (name, epochs) in [
      ("parameter warm-up", parameterWarmupEpochs), ("variance warm-up", varianceWarmupEpochs),
      ("dynamics-first phase", dynamicsFirstEpochs), ("warm-up", warmupEpochs),
    ] where !(epochs >= 0 && epochs.isFinite) {
      return "the \(name) must be a finite number of epochs, at least 0 (got \(epochs))"
    }
    if let start = windowCutsStartEpoch, !(start >= 0 && start.isFinite) {
      return "the window cuts must start at a finite epoch, at least 0 (got \(start))"
    }
    if mixtureChains < 1 || mixtureSamples < 1 {
      return "the prior mixture needs at least one chain and one sample"
    }
    if !(validationFraction >= 0 && validationFraction < 1) {
      return "the validation fraction must be in [0, 1) (got \(validationFraction))"
    }
    return nil
  }
}
