import Engine
import VidlatSupport

extension SVGTrainer {
  /// Ends epoch `epoch` (0-based): validates, records the metrics row, saves latest.ckpt,
  /// and best.ckpt when the validation loss is the lowest so far.
  func finishEpoch(epoch: Int, seconds: Double) throws(SVGTrainingError) -> SVGEpochRecord {
    let record = SVGEpochRecord(
      epoch: epoch + 1, seconds: seconds, train: state.progress.epochMean,
      validation: validationLoss())
    state.progress.records.append(record)
    state.progress.completedEpochs = epoch + 1
    state.progress.stepInEpoch = 0
    state.progress.epochSums = SVGLoss(value: 0, reconstruction: 0, kl: 0)
    state.progress.epochSteps = 0
    state.progress.seconds = seconds
    try run.writeMetrics(state.progress.records)
    let improved =
      record.validation.value.isFinite
      && record.validation.value < state.progress.bestValidationLoss
    if improved { state.progress.bestValidationLoss = record.validation.value }
    try run.save(state, to: run.latestCheckpointPath)
    if improved { try run.save(state, to: run.bestCheckpointPath) }
    return record
  }

  /// The loss on the validation windows, weighted by batch size, with the noise of each
  /// batch fixed (`SVGRandomStream.validationNoise`) so that epochs compare. `SVGModel.loss`
  /// also runs the backward pass; it runs on a copy, whose gradients are dropped.
  public func validationLoss() -> SVGLoss {
    let sequences = validationWindows == windows ? data.train : data.validation
    let length = configuration.windowLength
    let frameShape = [sequences.height, sequences.width, sequences.colour.channels]
    var model = state.model
    var sums = SVGLoss(value: 0, reconstruction: 0, kl: 0)
    var start = 0
    while start < validationWindows.count {
      let chosen = Array(
        validationWindows[start..<min(start + configuration.batchSize, validationWindows.count)])
      var generator = root.derived(stream: SVGRandomStream.validationNoise(start))
      let loss = model.loss(
        frames: Tensor(
          shape: [length, chosen.count] + frameShape,
          scalars: SVGData.batch(chosen, of: sequences, length: length)),
        generator: &generator)
      let w = Double(chosen.count)
      sums.value += w * loss.value
      sums.reconstruction += w * loss.reconstruction
      sums.kl += w * loss.kl
      start += chosen.count
    }
    let n = Double(validationWindows.count)
    return SVGLoss(value: sums.value / n, reconstruction: sums.reconstruction / n, kl: sums.kl / n)
  }
}
