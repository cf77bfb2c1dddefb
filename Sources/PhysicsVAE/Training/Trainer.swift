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
  /// The latent was aligned (`LatentAlignment`, at
  /// `TrainingConfiguration.alignmentOccasion`); the message says when and how (it is also
  /// in training.log).
  case aligned(String)
}

/// Trains a `VAE` with a physics prior on video sequences (METHOD.md section 3), epoch by
/// epoch, writing the run folder as it goes (see `RunFolder`).
///
/// Everything random derives from the configuration's seed: initialisation from the seed,
/// the order of epoch e from stream e of the seed's generator, the noise of global step s
/// from stream 2^32 + s, validation noise from a fixed stream. So a run resumed from a
/// checkpoint at a step boundary continues bit-identically.
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
  public private(set) var state: TrainingState
  private var prior: PhysicsPrior
  private let root: SeededGenerator

  /// A trainer for `prior` (its model `description`, numeric form `transition`) on `data`,
  /// starting fresh, or from the run's latest checkpoint when `resume` is true.
  public init(
    run: RunFolder, description: PriorModel, transition: any TransitionModel,
    data: TrainingData, configuration: TrainingConfiguration, resume: Bool
  ) throws(TrainingError) {
    if let problem = configuration.problem { throw .configuration(problem) }
    guard data.train.count > 0 else { throw .data("no training sequences") }
    guard data.train.width == configuration.size, data.train.height == configuration.size else {
      throw .data(
        "frames are \(data.train.width)x\(data.train.height), the model needs "
          + "\(configuration.size)x\(configuration.size)")
    }
    self.run = run
    self.configuration = configuration
    self.description = description
    self.data = data
    root = SeededGenerator(seed: configuration.seed)
    prior = PhysicsPrior(
      transition: transition, initial: description.initial,
      parameters: description.parameters.map(\.value),
      mixtureChains: configuration.mixtureChains, mixtureSamples: configuration.mixtureSamples)
    if resume {
      state = try run.loadLatest(
        description: description, configuration: configuration,
        observationDimension: transition.observationDimension)
    } else {
      state = TrainingState(
        description: description, configuration: configuration,
        observationDimension:
          transition.observationDimension)
    }
  }

  /// Steps per epoch: ceil(train sequences / B).
  public var stepsPerEpoch: Int {
    (data.train.count + configuration.batchSize - 1) / configuration.batchSize
  }

  /// The prior with the current values of the learnable parameters.
  public var currentPrior: PhysicsPrior {
    var current = prior
    current.parameters = state.learnable.applied(to: prior.parameters)
    return current
  }

  /// Trains until `configuration.epochs` epochs are done or `shouldStop` returns true
  /// (checked after every step; then the position is checkpointed and `.stopped` reported).
  public func train(
    shouldStop: () -> Bool = { false }, report: (TrainingEvent) -> Void = { _ in }
  ) throws(TrainingError) {
    try run.prepare()
    let start = Date()
    let earlierSeconds = state.seconds
    var lastGood = state
    var consecutiveRejections = 0
    let batch = configuration.batchSize
    while state.completedEpochs < configuration.epochs {
      let epoch = state.completedEpochs
      let order = trainingOrder(epoch: epoch)
      if state.stepInEpoch == 0 { lastGood = state }
      while state.stepInEpoch < stepsPerEpoch {
        let step = state.stepInEpoch
        let indices = Array(order[(step * batch)..<min((step + 1) * batch, order.count)])
        let progress = Double(epoch) + Double(step) / Double(stepsPerEpoch)
        let weights = configuration.klWeights(progress: progress)
        if let occasion = configuration.alignmentOccasion(
          progress: progress, stepLength: 1 / Double(stepsPerEpoch))
        {
          try alignLatent(epoch: epoch + 1, occasion: occasion, report: report)
        }
        let globalStep = UInt64(epoch * stepsPerEpoch + step)
        var generator = root.derived(stream: 1 << 32 + globalStep)
        let outcome = attemptStep(
          indices: indices, weights: weights, progress: progress, using: &generator)
        switch outcome {
        case .success(let terms):
          consecutiveRejections = 0
          state.accumulate(terms)
          state.stepInEpoch += 1
          report(
            .step(
              epoch: epoch + 1, step: state.stepInEpoch, stepsPerEpoch: stepsPerEpoch,
              running: state.epochMean, seconds: Date().timeIntervalSince(start)))
        case .failure(let reason):
          consecutiveRejections += 1
          state.rejectedSteps += 1
          state.learningRateScale /= 2
          if consecutiveRejections >= 3 { state.restoreParameters(from: lastGood) }
          // The minibatch is skipped: its forward pass does not depend on the learning rate.
          state.stepInEpoch += 1
          let newRate = configuration.learningRate * state.learningRateScale
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
          state.seconds = earlierSeconds + Date().timeIntervalSince(start)
          try run.saveLatest(state)
          report(.stopped(epoch: epoch + 1, step: state.stepInEpoch))
          return
        }
      }
      let record = try finishEpoch(
        epoch: epoch, weights: configuration.klWeights(progress: Double(epoch + 1)),
        seconds: earlierSeconds + Date().timeIntervalSince(start))
      report(.epoch(record))
    }
  }

  /// Turns the latent by the rotation `LatentAlignment` chooses on the first 32 training
  /// sequences, if the prior has an equivariant plane; logs and reports what it did, and
  /// why (`occasion`). Adam's moments for the turned weights stay as they were.
  private func alignLatent(epoch: Int, occasion: String, report: (TrainingEvent) -> Void)
    throws(TrainingError)
  {
    let prior = currentPrior
    var generator = root.derived(stream: 1 << 61)
    let planes = LatentAlignment.equivariantPlanes(
      model: prior.transition, parameters: prior.parameters, using: &generator)
    let indices = Array(0..<min(data.train.count, 32))
    guard !planes.isEmpty, !indices.isEmpty else { return }
    let frames = gather(data.train, indices)
    var model = state.model
    guard
      let posteriors = try? model.encode(
        frames: frames, sequences: indices.count, frameCount: data.train.length),
      let choice = LatentAlignment.choose(
        means: posteriors.means, frames: frames,
        pixels: data.train.height * data.train.width, model: prior.transition,
        parameters: prior.parameters, planes: planes)
    else { return }
    state.model.rotateMeans(plane: choice.plane, angle: choice.angle)
    let names = description.states.map(\.name)
    let message =
      "epoch \(epoch): \(occasion); the latent (\(names[choice.plane.0]), "
      + "\(names[choice.plane.1])) turned by "
      + String(format: "%.0f", choice.angle * 180 / Double.pi)
      + " degrees, where h explains the frames best (linear-fit residual "
      + String(format: "%.1f, from %.1f)", choice.residual, choice.unrotatedResidual)
    try run.appendLog(message)
    report(.aligned(message))
  }

  private enum StepOutcome {
    case success(LossTerms)
    case failure(String)
  }

  /// One optimisation step on the training sequences `indices`; the state changes only when
  /// everything was finite.
  private func attemptStep(
    indices: [Int], weights: (transition: Double, marginal: Double), progress: Double,
    using generator: inout SeededGenerator
  ) -> StepOutcome {
    let frames = gather(data.train, indices)
    var model = state.model
    model.zeroGradients()
    let current = currentPrior
    let result: (terms: LossTerms, parameterGradient: [Double])
    do {
      result = try model.loss(
        frames: frames, sequences: indices.count, frameCount: data.train.length, prior: current,
        weights: weights, holdsVariances: configuration.holdsVariances(progress: progress),
        includesReconstruction: configuration.trainsReconstruction(progress: progress),
        windowCuts: configuration.windowCuts(progress: progress), backward: true,
        using: &generator)
    } catch {
      return .failure(error.description)
    }
    var learnable = state.learnable
    learnable.setGradients(from: result.parameterGradient)
    guard learnable.values.allSatisfy({ $0.gradient.scalars[0].isFinite }) else {
      return .failure("non-finite gradient of a learnable parameter")
    }
    state.optimizer.learningRate = configuration.learningRate * state.learningRateScale
    state.optimizer.update(&model)
    if configuration.updatesParameters(progress: progress) {
      state.parameterOptimizer.learningRate =
        configuration.parameterLearningRate * state.learningRateScale
      state.parameterOptimizer.update(&learnable)
      learnable.clampToRanges()
    }
    state.model = model
    state.learnable = learnable
    return .success(result.terms)
  }

  /// Validation, metrics, pictures and checkpoints at the end of epoch `epoch` (0-based).
  private func finishEpoch(
    epoch: Int, weights: (transition: Double, marginal: Double), seconds: Double
  ) throws(TrainingError) -> TrainingRecord {
    let validation = validationLoss(
      holdsVariances: configuration.holdsVariances(progress: Double(epoch)))
    var recovery: [VariableRecovery] = []
    if let truth = data.validationTruth, data.validation.count > 0 {
      var model = state.model
      if let report = try? Evaluation.evaluate(
        model: &model, prior: currentPrior, description: description,
        sequences: data.validation, truth: truth)
      {
        recovery = report.variables
      }
    }
    let record = TrainingRecord(
      epoch: epoch + 1, train: state.epochMean, validation: validation,
      transitionWeight: weights.transition, marginalWeight: weights.marginal,
      learningRate: configuration.learningRate * state.learningRateScale,
      parameters: state.learnable.current, recovery: recovery,
      rejectedSteps: state.rejectedSteps, seconds: seconds)
    state.records.append(record)
    state.completedEpochs = epoch + 1
    state.stepInEpoch = 0
    state.resetEpochSums()
    state.seconds = seconds
    try run.writeMetrics(state.records, parameterNames: state.learnable.names)
    let improved =
      validation.total.isFinite
      && (validation.total < state.bestValidationLoss
        || configuration.startsWindowCuts(epoch: epoch))
    if improved { state.bestValidationLoss = validation.total }
    try run.saveLatest(state)
    if improved { try run.saveBest(state) }
    var model = state.model
    try? run.writePictures(
      model: &model, prior: currentPrior, description: description, data: data)
    return record
  }

  /// The validation loss with the full KL weights and fixed noise, averaged over frames; with
  /// the posterior variances held when `holdsVariances` (an epoch that trained so).
  public func validationLoss(holdsVariances: Bool = false) -> LossTerms {
    let sequences = data.validation.count > 0 ? data.validation : data.train
    var model = state.model
    var sums = LossTerms.zero
    var total = 0
    var start = 0
    let current = currentPrior
    let weights = (configuration.transitionWeight, configuration.marginalWeight)
    while start < sequences.count {
      let count = min(configuration.batchSize, sequences.count - start)
      var generator = root.derived(stream: 1 << 62 + UInt64(start))
      guard
        let (terms, _) = try? model.loss(
          frames: gather(sequences, Array(start..<(start + count))), sequences: count,
          frameCount: sequences.length, prior: current, weights: weights,
          holdsVariances: holdsVariances, backward: false, using: &generator)
      else {
        return LossTerms(reconstruction: .nan, transitionKL: .nan, marginalKL: .nan, total: .nan)
      }
      let w = Double(count)
      sums.reconstruction += w * terms.reconstruction
      sums.transitionKL += w * terms.transitionKL
      sums.marginalKL += w * terms.marginalKL
      sums.total += w * terms.total
      total += count
      start += count
    }
    let n = Double(max(total, 1))
    return LossTerms(
      reconstruction: sums.reconstruction / n, transitionKL: sums.transitionKL / n,
      marginalKL: sums.marginalKL / n, total: sums.total / n)
  }

  /// The training sequences' order in epoch `epoch`: a seeded Fisher-Yates shuffle.
  private func trainingOrder(epoch: Int) -> [Int] {
    var generator = root.derived(stream: UInt64(epoch))
    var order = Array(0..<data.train.count)
    for i in stride(from: order.count - 1, to: 0, by: -1) {
      order.swapAt(i, Int(generator.next() % UInt64(i + 1)))
    }
    return order
  }
}

/// The pixels of the sequences at `indices`, back to back.
func gather(_ sequences: VideoSequences, _ indices: [Int]) -> [Float] {
  var pixels: [Float] = []
  let size = sequences.pixelsPerSequence
  pixels.reserveCapacity(indices.count * size)
  for i in indices { pixels += sequences.pixels[(i * size)..<((i + 1) * size)] }
  return pixels
}
