import Engine
import Foundation
import Video
import VidlatSupport

/// What the SVG trainer reports while it runs.
public enum SVGTrainingEvent: Sendable {
  /// After each step: 1-based epoch and step, the running mean of the epoch's losses so far,
  /// seconds since this session started.
  case step(epoch: Int, step: Int, stepsPerEpoch: Int, running: SVGLoss, seconds: Double)
  /// An epoch finished (its metrics row and checkpoints are written).
  case epoch(SVGEpochRecord)
  /// Training stopped early on request; the latest checkpoint holds the position.
  case stopped(epoch: Int, step: Int)
}

/// Trains an `SVGModel` (docs/svg.md, "Training"): Adam on minibatches of B windows of C + F
/// frames, epoch by epoch, writing the run folder (`SVGRunFolder`) as it goes.
///
/// An epoch visits every training window once in a seeded shuffled order; a step is one
/// `SVGModel.loss` (forward and backward, teacher forcing) on B windows, an optional
/// global-norm gradient clip, and one Adam update. After the epoch: the loss on the
/// validation windows (fixed noise, so epochs compare), a metrics row, `latest.ckpt`, and
/// `best.ckpt` when the validation loss is the lowest so far.
///
/// Everything random derives from the configuration's seed through separate streams
/// (`SVGRandomStream`): the initial weights, each epoch's order, each global step's noise.
/// So a run resumed from a checkpoint continues bit-identically: the same metrics as an
/// unbroken run, but for the seconds.
///
/// A step whose loss or gradient is not finite stops training with `.diverged` before the
/// update, so no checkpoint holds a non-finite value.
public final class SVGTrainer {
  public let run: SVGRunFolder
  public let configuration: SVGTrainingConfiguration
  public let data: SVGData
  public internal(set) var state: SVGTrainingState
  /// The training windows, in sequence order.
  public let windows: [SVGData.Window]
  /// The validation windows (the training windows when nothing is held out).
  public let validationWindows: [SVGData.Window]
  let root: SeededGenerator

  /// A trainer of `configuration` on `data`, from a fresh state or from the run's latest
  /// checkpoint when `resume` is true. `start` and `resume` read the data and keep the
  /// folder's rules; this takes them as they are.
  public init(
    run: SVGRunFolder, configuration: SVGTrainingConfiguration, data: SVGData, resume: Bool
  ) throws(SVGTrainingError) {
    if let problem = configuration.problem { throw .configuration(problem) }
    let c = configuration.model
    guard data.train.width == c.imageSize, data.train.height == c.imageSize,
      data.train.colour.channels == c.channels
    else {
      throw .data(
        "frames are \(data.train.width)x\(data.train.height)x\(data.train.colour.channels), "
          + "the model needs \(c.imageSize)x\(c.imageSize)x\(c.channels)")
    }
    let length = configuration.windowLength
    windows = SVGData.windows(
      in: data.train, length: length, stride: configuration.windowStride)
    guard !windows.isEmpty else {
      throw .data(
        "no training window of \(length) frames: the training sequences have "
          + "\(data.train.length) frames and there are \(data.train.count)")
    }
    let held = SVGData.windows(in: data.validation, length: length, stride: length)
    validationWindows = held.isEmpty ? windows : held
    self.run = run
    self.configuration = configuration
    self.data = data
    root = SeededGenerator(seed: configuration.seed)
    state =
      resume
      ? try run.load(run.latestCheckpointPath, configuration: configuration)
      : SVGTrainingState(configuration: configuration)
  }

  /// Steps per epoch: ceil(training windows / B).
  public var stepsPerEpoch: Int {
    (windows.count + configuration.batchSize - 1) / configuration.batchSize
  }

  /// Trains until `configuration.epochs` are done or `shouldStop` returns true (checked after
  /// every step; then the position is checkpointed and `.stopped` reported).
  public func train(
    shouldStop: () -> Bool = { false }, report: (SVGTrainingEvent) -> Void = { _ in }
  ) throws(SVGTrainingError) {
    try run.prepare()
    let start = Date()
    let earlierSeconds = state.progress.seconds
    let batch = configuration.batchSize
    let length = configuration.windowLength
    let frameShape = [data.train.height, data.train.width, data.train.colour.channels]
    while state.progress.completedEpochs < configuration.epochs {
      let epoch = state.progress.completedEpochs
      let order = trainingOrder(epoch: epoch)
      while state.progress.stepInEpoch < stepsPerEpoch {
        let step = state.progress.stepInEpoch
        let chosen = order[(step * batch)..<min((step + 1) * batch, order.count)].map {
          windows[$0]
        }
        let frames = Tensor<Float>(
          shape: [length, chosen.count] + frameShape,
          scalars: SVGData.batch(chosen, of: data.train, length: length))
        var generator = root.derived(
          stream: SVGRandomStream.stepNoise(epoch * stepsPerEpoch + step))
        let loss = try optimizationStep(frames: frames, generator: &generator)
        state.progress.accumulate(loss)
        state.progress.stepInEpoch += 1
        report(
          .step(
            epoch: epoch + 1, step: state.progress.stepInEpoch, stepsPerEpoch: stepsPerEpoch,
            running: state.progress.epochMean, seconds: Date().timeIntervalSince(start)))
        if shouldStop() {
          state.progress.seconds = earlierSeconds + Date().timeIntervalSince(start)
          try run.save(state, to: run.latestCheckpointPath)
          report(.stopped(epoch: epoch + 1, step: state.progress.stepInEpoch))
          return
        }
      }
      report(
        .epoch(
          try finishEpoch(
            epoch: epoch, seconds: earlierSeconds + Date().timeIntervalSince(start))))
    }
  }

  /// One Adam step on `frames`; the state changes only when the loss and gradient are finite.
  private func optimizationStep(frames: Tensor<Float>, generator: inout SeededGenerator)
    throws(SVGTrainingError) -> SVGLoss
  {
    var model = state.model
    model.zeroGradients()
    let loss = model.loss(frames: frames, generator: &generator)
    let norm =
      configuration.gradientClip.map { model.clipGradients(globalNorm: $0) }
      ?? model.gradientNorm()
    guard loss.value.isFinite, norm.isFinite else {
      throw .diverged(
        "epoch \(state.progress.completedEpochs + 1) step \(state.progress.stepInEpoch + 1): "
          + "loss \(loss.value), gradient norm \(norm); lower --lr or give --clip")
    }
    state.optimizer.update(&model)
    state.model = model
    return loss
  }

  /// The training windows' order in epoch `epoch`: a seeded Fisher-Yates shuffle.
  private func trainingOrder(epoch: Int) -> [Int] {
    var generator = root.derived(stream: SVGRandomStream.epochOrder(epoch))
    var order = Array(windows.indices)
    for i in stride(from: order.count - 1, to: 0, by: -1) {
      order.swapAt(i, Int(generator.next() % UInt64(i + 1)))
    }
    return order
  }
}
