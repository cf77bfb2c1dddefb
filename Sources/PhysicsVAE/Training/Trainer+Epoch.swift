import Foundation

extension Trainer {
  /// Validation, metrics, pictures and checkpoints at the end of epoch `epoch` (0-based).
  func finishEpoch(epoch: Int, seconds: Double) throws(TrainingError) -> TrainingRecord {
    let schedule = configuration.schedule
    let weights = schedule.klWeights(at: Double(epoch + 1))
    let validation = validationLoss(variances: schedule.plan(at: Double(epoch)).loss.variances)
    var recovery: [VariableRecovery] = []
    if let truth = data.validationTruth, data.validation.count > 0 {
      var model = state.model
      if let report = try? Evaluation.evaluate(
        model: &model, prior: currentPrior, description: description, symmetries: symmetries,
        sequences: data.validation, truth: truth)
      {
        recovery = report.variables
      }
    }
    let record = TrainingRecord(
      epoch: epoch + 1, train: state.epochMean, validation: validation,
      transitionWeight: weights.transition, marginalWeight: weights.marginal,
      learningRate: configuration.learningRate * state.progress.learningRateScale,
      parameters: state.learnable.current, recovery: recovery,
      rejectedSteps: state.progress.rejectedSteps, seconds: seconds)
    state.progress.records.append(record)
    state.progress.completedEpochs = epoch + 1
    state.progress.stepInEpoch = 0
    state.resetEpochSums()
    state.progress.seconds = seconds
    try run.writeMetrics(state.progress.records, parameterNames: state.learnable.names)
    let improved =
      validation.total.isFinite
      && (validation.total < state.progress.bestValidationLoss
        || schedule.events(endingEpoch: epoch).contains(.restartBestComparison))
    if improved { state.progress.bestValidationLoss = validation.total }
    try run.saveLatest(state)
    if improved { try run.saveBest(state) }
    var model = state.model
    try? run.writePictures(
      model: &model, prior: currentPrior, description: description, data: data)
    return record
  }

  /// The validation loss with the full KL weights and fixed noise, averaged over frames, with
  /// the posterior variances as `variances` says (as the epoch trained).
  public func validationLoss(variances: LossPlan.Variances = .encoded) -> LossTerms {
    let sequences = data.validation.count > 0 ? data.validation : data.train
    var model = state.model
    var sums = LossTerms.zero
    var total = 0
    var start = 0
    let current = currentPrior
    let plan = LossPlan(
      weights: KLWeights(
        transition: configuration.schedule.transitionWeight,
        marginal: configuration.schedule.marginalWeight),
      variances: variances)
    while start < sequences.count {
      let count = min(configuration.batchSize, sequences.count - start)
      var generator = root.derived(stream: RandomStream.validationNoise(start))
      guard
        let (terms, _) = try? model.loss(
          frames: gather(sequences, Array(start..<(start + count))), sequences: count,
          frameCount: sequences.length, prior: current, plan: plan, pass: .forward,
          using: &generator)
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
}
