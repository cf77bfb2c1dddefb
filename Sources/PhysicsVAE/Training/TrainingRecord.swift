import VidlatSupport

/// What one epoch of training measured: a row of `metrics.csv`.
public struct TrainingRecord: Codable, Sendable, Equatable {
  /// 1-based epoch number.
  public var epoch: Int
  /// Mean training loss terms over the epoch's accepted steps.
  public var train: LossTerms
  /// Validation loss terms at the epoch's end (with the full KL weights).
  public var validation: LossTerms
  /// The KL weights (beta_t, beta_m) at the epoch's end.
  public var transitionWeight: Double
  public var marginalWeight: Double
  /// The networks' learning rate at the epoch's end.
  public var learningRate: Double
  /// The learnable parameters' values at the epoch's end, in `LearnableParameters` order.
  public var parameters: [Double]
  /// Latent recovery on the validation sequences, when the truth is known.
  public var recovery: [VariableRecovery]
  /// Steps rejected for a non-finite value during the epoch.
  public var rejectedSteps: Int
  /// Wall-clock seconds since training started (excluding earlier sessions' time).
  public var seconds: Double

  public init(
    epoch: Int, train: LossTerms, validation: LossTerms, transitionWeight: Double,
    marginalWeight: Double, learningRate: Double, parameters: [Double],
    recovery: [VariableRecovery], rejectedSteps: Int, seconds: Double
  ) {
    self.epoch = epoch
    self.train = train
    self.validation = validation
    self.transitionWeight = transitionWeight
    self.marginalWeight = marginalWeight
    self.learningRate = learningRate
    self.parameters = parameters
    self.recovery = recovery
    self.rejectedSteps = rejectedSteps
    self.seconds = seconds
  }
}

/// `metrics.csv`: one row per epoch.
public enum MetricsTable {
  /// The header for a run with these learnable parameters and recovered variables.
  public static func header(parameterNames: [String], variableNames: [String]) -> String {
    var columns = [
      "epoch", "seconds", "loss", "reconstruction", "transition_kl", "marginal_kl",
      "val_loss", "val_reconstruction", "val_transition_kl", "val_marginal_kl", "beta_t",
      "beta_m", "learning_rate", "rejected_steps",
    ]
    columns += parameterNames
    columns += variableNames.flatMap { ["r2_\($0)", "r2_affine_\($0)"] }
    return columns.joined(separator: ",")
  }

  /// The row of `record`, with the recovery scores of `variableNames` in that order ("nan"
  /// for a variable the record did not score).
  public static func row(_ record: TrainingRecord, variableNames: [String]) -> String {
    var values: [String] = [String(record.epoch), format(record.seconds)]
    for terms in [record.train, record.validation] {
      values += [terms.total, terms.reconstruction, terms.transitionKL, terms.marginalKL].map(
        format)
    }
    values += [record.transitionWeight, record.marginalWeight, record.learningRate].map(format)
    values.append(String(record.rejectedSteps))
    values += record.parameters.map(format)
    for name in variableNames {
      let recovery = record.recovery.first { $0.name == name }
      values += [
        format(recovery?.rSquared ?? .nan), format(recovery?.affineRSquared ?? .nan),
      ]
    }
    return values.joined(separator: ",")
  }

  /// The whole table; the recovered variables are those of the first record that has any.
  public static func text(_ records: [TrainingRecord], parameterNames: [String]) -> String {
    let variableNames = records.first { !$0.recovery.isEmpty }?.recovery.map(\.name) ?? []
    return
      ([header(parameterNames: parameterNames, variableNames: variableNames)]
      + records.map { row($0, variableNames: variableNames) }).joined(separator: "\n") + "\n"
  }

  static func format(_ value: Double) -> String {
    value.isFinite ? String(value) : "nan"
  }
}
