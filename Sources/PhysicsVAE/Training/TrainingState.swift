import Engine
import PriorLanguage
import VidlatSupport

/// Everything a training run needs to continue exactly where it was: the networks, the
/// learnable parameters, both optimizers, the position (epoch, step), the epoch's running
/// sums, the learning-rate scale, the best validation loss and the metrics so far.
public struct TrainingState {
  public var model: VAE
  public var optimizer: Adam<Float>
  public var learnable: LearnableParameters
  public var parameterOptimizer: Adam<Double>
  public var progress: TrainingProgress

  /// A fresh state: networks initialised from the configuration's seed.
  public init(
    description: PriorModel, configuration: TrainingConfiguration, observationDimension: Int
  ) {
    var generator = SeededGenerator(seed: configuration.seed)
    model = VAE(
      stateDimension: description.states.count, observationDimension: observationDimension,
      size: configuration.size, window: configuration.window,
      channels: configuration.frameFormat.colour.channels,
      likelihood: configuration.likelihood ?? .bernoulli,
      background: configuration.background ?? .none,
      polarity: configuration.polarity ?? .recorded, using: &generator)
    optimizer = Adam(learningRate: configuration.learningRate)
    learnable = LearnableParameters(
      model: description, parameters: description.parameters.map(\.value))
    parameterOptimizer = Adam(learningRate: configuration.parameterLearningRate)
    progress = TrainingProgress()
  }

  /// Puts back the networks, learnable parameters and optimizer states of `other`.
  public mutating func restoreParameters(from other: TrainingState) {
    model = other.model
    optimizer = other.optimizer
    learnable = other.learnable
    parameterOptimizer = other.parameterOptimizer
  }

  /// Adds an accepted step's terms to the epoch's running sums.
  public mutating func accumulate(_ terms: LossTerms) {
    progress.epochSums.reconstruction += terms.reconstruction
    progress.epochSums.transitionKL += terms.transitionKL
    progress.epochSums.marginalKL += terms.marginalKL
    progress.epochSums.total += terms.total
    progress.epochSteps += 1
  }

  /// The mean of the epoch's accepted steps so far.
  public var epochMean: LossTerms {
    let n = Double(max(progress.epochSteps, 1))
    let s = progress.epochSums
    return LossTerms(
      reconstruction: s.reconstruction / n, transitionKL: s.transitionKL / n,
      marginalKL: s.marginalKL / n, total: s.total / n)
  }

  /// Starts an epoch's sums and its count of rejected steps afresh.
  public mutating func resetEpochSums() {
    progress.epochSums = .zero
    progress.epochSteps = 0
    progress.rejectedSteps = 0
  }
}

/// The scalar part of `TrainingState`, saved as JSON inside checkpoints.
public struct TrainingProgress: Codable, Sendable, Equatable {
  public var completedEpochs = 0
  public var stepInEpoch = 0
  public var epochSums = LossTerms.zero
  public var epochSteps = 0
  public var learningRateScale = 1.0
  /// Steps rejected during the current epoch.
  public var rejectedSteps = 0
  public var bestValidationLoss = Double.infinity
  public var records: [TrainingRecord] = []
  /// Training seconds of earlier sessions.
  public var seconds = 0.0

  public init() {}
}
