import Engine
import Foundation
import PriorLanguage
import Video
import VidlatSupport

/// What the trainer reports while it runs.
public enum TrainingEvent: Sendable {
  /// After each accepted step: 1-based epoch and step, the running mean of the epoch's loss
  /// terms so far, seconds since this session started.
  case step(epoch: Int, step: Int, stepsPerEpoch: Int, running: LossTerms, seconds: Double)
  /// A step produced a non-finite value and was rejected.
  case rejected(epoch: Int, step: Int, reason: String, newLearningRate: Double)
  /// An epoch finished (its metrics row is written).
  case epoch(TrainingRecord)
  /// Training stopped early on request; the latest checkpoint holds the position.
  case stopped(epoch: Int, step: Int)
  /// The latent was aligned (`LatentAlignment`, a `TrainingSchedule` event); the message
  /// says when and how (it is also in training.log).
  case aligned(String)
}

/// Trains a `VAE` with a physics prior on video sequences (docs/method.md, "Training loop"),
/// epoch by epoch, asking the configuration's `TrainingSchedule` what each step does and
/// what happens between steps, and writing the run folder as it goes (see `RunFolder`).
///
/// Everything random derives from the configuration's seed: initialisation from the seed,
/// everything else from streams of the seed's generator (`RandomStream`). So a run resumed
/// from a checkpoint at a step boundary continues bit-identically.
///
/// A step whose loss or gradients are not finite is rejected: it changes nothing, its
/// minibatch is skipped, the learning rate is halved, and the event is reported and logged
/// (`training.log`). After 3 consecutive rejections the parameters and optimizer states are
/// also put back to the last good state (the start of the epoch); after 20, training stops
/// with an error. No checkpoint holds a non-finite value, because only finite steps change
/// the state.
public final class Trainer {
  public let run: RunFolder
  public let configuration: TrainingConfiguration
  public let description: PriorModel
  public let data: TrainingData
  /// The prior's symmetries, at its parameters' initial values.
  public let symmetries: PriorSymmetries
  /// The settings `start` chose for the prior (`TrainingSettings.resolved(for:)`).
  public internal(set) var choices: [SettingChoice] = []
  /// The settings `start` chose for the data (`FrameAppearanceRecipe`).
  public internal(set) var dataChoices: [SettingChoice] = []
  public internal(set) var state: TrainingState
  var prior: KLPrior
  let root: SeededGenerator

  /// A trainer for `prior` (its model `description`, numeric form `transition`) on `data`,
  /// starting fresh, or from the run's latest checkpoint when `resume` is true. `Trainer.start`
  /// and `Trainer.resume` make the method's decisions and keep the run folder's rules; this
  /// takes the configuration as it is.
  public init(
    run: RunFolder, description: PriorModel, transition: any TransitionModel,
    data: TrainingData, configuration: TrainingConfiguration, resume: Bool,
    symmetries: PriorSymmetries? = nil
  ) throws(TrainingError) {
    if let problem = configuration.problem { throw .configuration(problem) }
    guard data.train.count > 0 else { throw .data("no training sequences") }
    guard data.train.width == configuration.size, data.train.height == configuration.size else {
      throw .data(
        "frames are \(data.train.width)x\(data.train.height), the model needs "
          + "\(configuration.size)x\(configuration.size)")
    }
    guard data.train.colour == configuration.frameFormat.colour else {
      throw .data(
        "frames are \(data.train.colour), the model needs \(configuration.frameFormat.colour)")
    }
    self.run = run
    self.configuration = configuration
    self.description = description
    self.data = data
    self.symmetries =
      symmetries ?? PriorSymmetries.withoutDynamics(description.kind)
      ?? PriorSymmetries(transition, parameters: description.parameters.map(\.value))
    root = SeededGenerator(seed: configuration.seed)
    prior = KLPrior(
      model: description, transition: transition,
      parameters: description.parameters.map(\.value),
      mixtureChains: configuration.mixtureChains, mixtureSamples: configuration.mixtureSamples)
    if resume {
      state = try run.loadLatest(
        description: description, configuration: configuration,
        observationDimension: transition.observationDimension)
    } else {
      state = TrainingState(
        description: description, configuration: configuration,
        observationDimension: transition.observationDimension)
      if state.model.appearance.background == .learned {
        state.model.appearance.setBackground(data.train.medianFrame())
      }
    }
  }

  /// Steps per epoch: ceil(train sequences / B).
  public var stepsPerEpoch: Int {
    (data.train.count + configuration.batchSize - 1) / configuration.batchSize
  }

  /// The prior with the current values of the learnable parameters.
  public var currentPrior: KLPrior {
    var current = prior
    current.parameters = state.learnable.applied(to: prior.parameters)
    return current
  }

  /// Trains until the schedule's epochs are done or `shouldStop` returns true (checked after
  /// every step; then the position is checkpointed and `.stopped` reported).
  public func train(
    shouldStop: () -> Bool = { false }, report: (TrainingEvent) -> Void = { _ in }
  ) throws(TrainingError) {
    try run.prepare()
    let start = Date()
    let earlierSeconds = state.progress.seconds
    let schedule = configuration.schedule
    let stepLength = 1 / Double(stepsPerEpoch)
    var lastGood = state
    var consecutiveRejections = 0
    let batch = configuration.batchSize
    while state.progress.completedEpochs < schedule.epochs {
      let epoch = state.progress.completedEpochs
      let order = trainingOrder(epoch: epoch)
      if state.progress.stepInEpoch == 0 { lastGood = state }
      while state.progress.stepInEpoch < stepsPerEpoch {
        let step = state.progress.stepInEpoch
        let indices = Array(order[(step * batch)..<min((step + 1) * batch, order.count)])
        let progress = Double(epoch) + Double(step) * stepLength
        for case .alignLatent(let reason) in schedule.events(
          atStepFrom: progress, length: stepLength)
        {
          try alignLatent(epoch: epoch + 1, occasion: reason, report: report)
        }
        var generator = root.derived(
          stream: RandomStream.stepNoise(UInt64(epoch * stepsPerEpoch + step)))
        switch attemptStep(indices: indices, plan: schedule.plan(at: progress), using: &generator) {
        case .success(let terms):
          consecutiveRejections = 0
          state.accumulate(terms)
          state.progress.stepInEpoch += 1
          report(
            .step(
              epoch: epoch + 1, step: state.progress.stepInEpoch, stepsPerEpoch: stepsPerEpoch,
              running: state.epochMean, seconds: Date().timeIntervalSince(start)))
        case .failure(let reason):
          consecutiveRejections += 1
          state.progress.rejectedSteps += 1
          state.progress.learningRateScale /= 2
          if consecutiveRejections >= 3 { state.restoreParameters(from: lastGood) }
          // The minibatch is skipped: its forward pass does not depend on the learning rate.
          state.progress.stepInEpoch += 1
          let newRate = configuration.learningRate * state.progress.learningRateScale
          let message =
            "epoch \(epoch + 1) step \(step + 1): \(reason); step rejected"
            + (consecutiveRejections >= 3 ? ", parameters restored from the epoch's start" : "")
            + ", learning rate lowered to \(newRate)"
          try run.appendLog(message)
          report(
            .rejected(epoch: epoch + 1, step: step + 1, reason: reason, newLearningRate: newRate))
          if consecutiveRejections >= 20 {
            throw .diverged("20 consecutive steps were not finite (last: \(reason))")
          }
        }
        if shouldStop() {
          state.progress.seconds = earlierSeconds + Date().timeIntervalSince(start)
          try run.saveLatest(state)
          report(.stopped(epoch: epoch + 1, step: state.progress.stepInEpoch))
          return
        }
      }
      let record = try finishEpoch(
        epoch: epoch, seconds: earlierSeconds + Date().timeIntervalSince(start))
      report(.epoch(record))
    }
  }

  private enum StepOutcome {
    case success(LossTerms)
    case failure(String)
  }

  /// One optimisation step on the training sequences `indices`; the state changes only when
  /// everything was finite.
  private func attemptStep(
    indices: [Int], plan: StepPlan, using generator: inout SeededGenerator
  ) -> StepOutcome {
    let frames = gather(data.train, indices)
    var model = state.model
    model.zeroGradients()
    let current = currentPrior
    let result: (terms: LossTerms, parameterGradient: [Double])
    do {
      result = try model.loss(
        frames: frames, sequences: indices.count, frameCount: data.train.length, prior: current,
        plan: plan.loss, pass: .backward, using: &generator)
    } catch {
      return .failure(error.description)
    }
    var learnable = state.learnable
    learnable.setGradients(from: result.parameterGradient)
    guard learnable.values.allSatisfy({ $0.gradient.scalars[0].isFinite }) else {
      return .failure("non-finite gradient of a learnable parameter")
    }
    state.optimizer.learningRate = configuration.learningRate * state.progress.learningRateScale
    state.optimizer.update(&model)
    if plan.updatesParameters {
      state.parameterOptimizer.learningRate =
        configuration.parameterLearningRate * state.progress.learningRateScale
      state.parameterOptimizer.update(&learnable)
      learnable.clampToRanges()
    }
    state.model = model
    state.learnable = learnable
    return .success(result.terms)
  }

  /// The training sequences' order in epoch `epoch`: a seeded Fisher-Yates shuffle.
  private func trainingOrder(epoch: Int) -> [Int] {
    var generator = root.derived(stream: RandomStream.epochOrder(epoch))
    var order = Array(0..<data.train.count)
    for i in stride(from: order.count - 1, to: 0, by: -1) {
      order.swapAt(i, Int(generator.next() % UInt64(i + 1)))
    }
    return order
  }
}

/// The streams of a run's seeded generator, one for each use, so that no two uses share
/// draws and a resumed run draws exactly what an unbroken one would.
enum RandomStream {
  /// The order of epoch e: streams 0 ..< 2^32.
  static func epochOrder(_ epoch: Int) -> UInt64 { UInt64(epoch) }
  /// The noise of global step s (the reparameterisation, the prior mixture's draws, the
  /// window cuts): 2^32 + s.
  static func stepNoise(_ step: UInt64) -> UInt64 { 1 << 32 + step }
  /// The validation noise of the batch starting at sequence `start`: 2^62 + start, the same
  /// every epoch, so that epochs compare.
  static func validationNoise(_ start: Int) -> UInt64 { 1 << 62 + UInt64(start) }
}

/// The pixels of the sequences at `indices`, back to back.
func gather(_ sequences: VideoSequences, _ indices: [Int]) -> [Float] {
  var pixels: [Float] = []
  let size = sequences.pixelsPerSequence
  pixels.reserveCapacity(indices.count * size)
  for i in indices { pixels += sequences.pixels[(i * size)..<((i + 1) * size)] }
  return pixels
}
