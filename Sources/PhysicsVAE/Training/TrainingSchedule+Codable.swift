extension TrainingSchedule {
  /// The keys in `config.json`, as they were first written.
  private enum CodingKeys: String, CodingKey {
    case epochs
    case parametersHeldFor = "parameterWarmupEpochs"
    case variancesHeldFor = "varianceWarmupEpochs"
    case klOnlyFor = "dynamicsFirstEpochs"
    case windowCutsFrom = "windowCutsStartEpoch"
    case transitionWeight, marginalWeight
    case klRampEpochs = "warmupEpochs"
  }

  /// Decodes a schedule, with the default of any stage the file does not mention; a file
  /// that names no parameter or variance hold was written before those stages existed, and
  /// trained without them.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func read(_ key: CodingKeys, or fallback: Double) throws -> Double {
      try c.decodeIfPresent(Double.self, forKey: key) ?? fallback
    }
    let plain = TrainingSchedule()
    epochs = try c.decodeIfPresent(Int.self, forKey: .epochs) ?? plain.epochs
    parametersHeldFor = try read(.parametersHeldFor, or: 0)
    variancesHeldFor = try read(.variancesHeldFor, or: 0)
    klOnlyFor = try read(.klOnlyFor, or: plain.klOnlyFor)
    windowCutsFrom = try c.decodeIfPresent(Double.self, forKey: .windowCutsFrom)
    transitionWeight = try read(.transitionWeight, or: plain.transitionWeight)
    marginalWeight = try read(.marginalWeight, or: plain.marginalWeight)
    klRampEpochs = try read(.klRampEpochs, or: plain.klRampEpochs)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(epochs, forKey: .epochs)
    try c.encode(parametersHeldFor, forKey: .parametersHeldFor)
    try c.encode(variancesHeldFor, forKey: .variancesHeldFor)
    try c.encode(klOnlyFor, forKey: .klOnlyFor)
    try c.encodeIfPresent(windowCutsFrom, forKey: .windowCutsFrom)
    try c.encode(transitionWeight, forKey: .transitionWeight)
    try c.encode(marginalWeight, forKey: .marginalWeight)
    try c.encode(klRampEpochs, forKey: .klRampEpochs)
  }

  /// A description of the first invalid stage, or nil when the schedule is usable.
  public var problem: String? {
    if epochs < 1 { return "epochs must be at least 1 (got \(epochs))" }
    if !(transitionWeight >= 0) || !(marginalWeight >= 0) {
      return "the KL weights must not be negative"
    }
    for (name, epochs) in [
      ("parameter warm-up", parametersHeldFor), ("variance warm-up", variancesHeldFor),
      ("dynamics-first phase", klOnlyFor), ("warm-up", klRampEpochs),
    ] where !(epochs >= 0 && epochs.isFinite) {
      return "the \(name) must be a finite number of epochs, at least 0 (got \(epochs))"
    }
    if let start = windowCutsFrom, !(start >= 0 && start.isFinite) {
      return "the window cuts must start at a finite epoch, at least 0 (got \(start))"
    }
    return nil
  }
}
