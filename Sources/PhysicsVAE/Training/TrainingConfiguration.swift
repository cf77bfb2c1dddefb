import Video

/// Everything that determines a training run besides the prior and the data; saved as
/// `config.json` in the run folder (one flat object, the schedule's keys beside the
/// others), so that a run can be resumed and reproduced.
public struct TrainingConfiguration: Codable, Sendable, Equatable {
  /// When each stage of training holds.
  public var schedule = TrainingSchedule()
  /// B, sequences per minibatch.
  public var batchSize = 16
  /// T, frames per training sequence.
  public var frameCount = 40
  /// Frame side in pixels: 32 (the reference architecture) or 64.
  public var size = 32
  /// Gray or RGB frames; nil: not chosen, gray (`Trainer.start` chooses from the data: RGB
  /// when any clip has colour).
  public var colour: Video.Colour?
  /// The part of each source frame the model sees (`FrameRegion`; `.auto` is resolved from
  /// the clips by `Trainer.start` and saved as the rectangle it found).
  public var region = FrameRegion.whole
  /// The frame rate clips are resampled to; nil keeps theirs.
  public var framesPerSecond: Double?
  /// Frames between the starts of the training sequences cut from a clip; nil: T / 4.
  public var stride: Int?
  /// The reconstruction's likelihood; nil: not chosen, Bernoulli (`Trainer.start` chooses
  /// from the data, `FrameAppearance.choose`).
  public var likelihood: PixelLikelihood?
  /// What draws the static background; nil: not chosen, none (`Trainer.start` chooses from
  /// the data).
  public var background: BackgroundModel?
  /// Which way up the model sees the levels; nil: not chosen, as recorded (`Trainer.start`
  /// chooses from the data).
  public var polarity: FramePolarity?
  /// W, the frames the encoder sees around each frame (odd): 3 makes velocities observable;
  /// a state hidden at single moments needs more (a phase shown by narrow pulses: a turn).
  public var window = 3
  /// Adam's learning rate for the encoder and decoder.
  public var learningRate = 1e-3
  /// Adam's learning rate for the prior's learnable parameters: roughly the step size of
  /// their optimizer coordinates (`LearnableParameters`), a fraction of the value for a
  /// parameter with a positive range (log scale), its own units otherwise.
  public var parameterLearningRate = 1e-2
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

  /// The plain defaults with `schedule`.
  public init(schedule: TrainingSchedule) {
    self.schedule = schedule
  }

  /// How the model sees the clips.
  public var frameFormat: FrameFormat {
    FrameFormat(
      side: size, colour: colour ?? .gray, region: region, framesPerSecond: framesPerSecond)
  }

  /// Frames between training sequences' starts.
  public var sequenceStride: Int { stride ?? max(1, frameCount / 4) }

  private enum CodingKeys: String, CodingKey {
    case batchSize, frameCount, size, window, learningRate, parameterLearningRate
    case mixtureChains, mixtureSamples, validationFraction, sceneSequences, seed
    case colour, region, framesPerSecond, stride, likelihood, background, polarity
  }

  /// Decodes a configuration, with the default of any setting the file does not mention
  /// (a `config.json` written before that setting existed).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func read<T: Decodable>(_ key: CodingKeys, _ path: KeyPath<Self, T>) throws -> T {
      try c.decodeIfPresent(T.self, forKey: key) ?? TrainingConfiguration()[keyPath: path]
    }
    schedule = try TrainingSchedule(from: decoder)
    batchSize = try read(.batchSize, \.batchSize)
    frameCount = try read(.frameCount, \.frameCount)
    size = try read(.size, \.size)
    window = try read(.window, \.window)
    learningRate = try read(.learningRate, \.learningRate)
    parameterLearningRate = try read(.parameterLearningRate, \.parameterLearningRate)
    mixtureChains = try read(.mixtureChains, \.mixtureChains)
    mixtureSamples = try read(.mixtureSamples, \.mixtureSamples)
    validationFraction = try read(.validationFraction, \.validationFraction)
    sceneSequences = try read(.sceneSequences, \.sceneSequences)
    seed = try read(.seed, \.seed)
    colour = try c.decodeIfPresent(Video.Colour.self, forKey: .colour)
    region = try read(.region, \.region)
    framesPerSecond = try c.decodeIfPresent(Double.self, forKey: .framesPerSecond)
    stride = try c.decodeIfPresent(Int.self, forKey: .stride)
    likelihood = try c.decodeIfPresent(PixelLikelihood.self, forKey: .likelihood)
    background = try c.decodeIfPresent(BackgroundModel.self, forKey: .background)
    polarity = try c.decodeIfPresent(FramePolarity.self, forKey: .polarity)
  }

  public func encode(to encoder: any Encoder) throws {
    try schedule.encode(to: encoder)
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(batchSize, forKey: .batchSize)
    try c.encode(frameCount, forKey: .frameCount)
    try c.encode(size, forKey: .size)
    try c.encode(window, forKey: .window)
    try c.encode(learningRate, forKey: .learningRate)
    try c.encode(parameterLearningRate, forKey: .parameterLearningRate)
    try c.encode(mixtureChains, forKey: .mixtureChains)
    try c.encode(mixtureSamples, forKey: .mixtureSamples)
    try c.encode(validationFraction, forKey: .validationFraction)
    try c.encode(sceneSequences, forKey: .sceneSequences)
    try c.encode(seed, forKey: .seed)
    try c.encodeIfPresent(colour, forKey: .colour)
    try c.encode(region, forKey: .region)
    try c.encodeIfPresent(framesPerSecond, forKey: .framesPerSecond)
    try c.encodeIfPresent(stride, forKey: .stride)
    try c.encodeIfPresent(likelihood, forKey: .likelihood)
    try c.encodeIfPresent(background, forKey: .background)
    try c.encodeIfPresent(polarity, forKey: .polarity)
  }

  /// A description of the first invalid setting, or nil when every setting is usable.
  public var problem: String? {
    if let problem = schedule.problem { return problem }
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
    if mixtureChains < 1 || mixtureSamples < 1 {
      return "the prior mixture needs at least one chain and one sample"
    }
    if let stride, stride < 1 { return "the stride must be at least 1 frame (got \(stride))" }
    if let framesPerSecond, !(framesPerSecond > 0 && framesPerSecond.isFinite) {
      return "the frame rate must be positive (got \(framesPerSecond))"
    }
    if !(validationFraction >= 0 && validationFraction < 1) {
      return "the validation fraction must be in [0, 1) (got \(validationFraction))"
    }
    return nil
  }
}
