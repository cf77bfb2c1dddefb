import Engine

/// Stochastic Video Generation (Denton and Fergus, "Stochastic Video Generation with a
/// Learned Prior", ICML 2018): a frame encoder E, a frame decoder D with skip connections,
/// a frame predictor LSTM, a posterior Gaussian LSTM q(z_t | x_1..t) and, for SVG-LP, a
/// learned prior Gaussian LSTM p(z_t | x_1..t-1). See docs/svg.md.
///
/// Frames are time-major NHWC: `[frames, batch, S, S, channels]`, values in [0, 1].
///
/// Parameters are named with the prefixes `"encoder."`, `"decoder."`, `"predictor."`,
/// `"posterior."` (not in `.deterministic`) and `"prior."` (`.learnedPrior` only).
public struct SVGModel<Scalar: BLASScalar>: ParameterContainer {
  public let configuration: SVGConfiguration
  public var encoder: FrameEncoder<Scalar>
  public var decoder: FrameDecoder<Scalar>
  /// [h_{t-1}, z_t] -> g_t (tanh).
  public var predictor: RecurrentNetwork<Scalar>
  /// h_t -> (mu, logvar) of q(z_t); nil for `.deterministic`.
  public var posterior: GaussianLSTM<Scalar>?
  /// h_{t-1} -> (mu, logvar) of p(z_t); only for `.learnedPrior`.
  public var prior: GaussianLSTM<Scalar>?

  /// A freshly initialised model; every weight is drawn from `generator` in a fixed order
  /// (encoder, decoder, predictor, posterior, prior).
  public init(configuration: SVGConfiguration, generator: inout some RandomNumberGenerator) {
    configuration.validate()
    self.configuration = configuration
    let c = configuration
    encoder = FrameEncoder(configuration: c, generator: &generator)
    decoder = FrameDecoder(configuration: c, generator: &generator)
    predictor = RecurrentNetwork(
      inputSize: c.encodingSize + c.effectiveLatentSize, hiddenSize: c.predictorHidden,
      layers: c.predictorLayers, outputSize: c.encodingSize, outputActivation: .tanh,
      generator: &generator)
    if c.variant != .deterministic {
      posterior = GaussianLSTM(
        inputSize: c.encodingSize, hiddenSize: c.posteriorHidden, layers: c.posteriorLayers,
        latentSize: c.latentSize, generator: &generator)
    }
    if c.variant == .learnedPrior {
      prior = GaussianLSTM(
        inputSize: c.encodingSize, hiddenSize: c.priorHidden, layers: c.priorLayers,
        latentSize: c.latentSize, generator: &generator)
    }
  }

  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    try encoder.visitParameters(prefix: prefix + "encoder.", body)
    try decoder.visitParameters(prefix: prefix + "decoder.", body)
    try predictor.visitParameters(prefix: prefix + "predictor.", body)
    try posterior?.visitParameters(prefix: prefix + "posterior.", body)
    try prior?.visitParameters(prefix: prefix + "prior.", body)
  }

  /// Checks that `frames` is `[frames, batch, S, S, channels]` with at least `minimumFrames`.
  func checkFrames(_ frames: Tensor<Scalar>, minimumFrames: Int, _ what: String) {
    let c = configuration
    precondition(
      frames.rank == 5 && frames.shape[0] >= minimumFrames && frames.shape[1] > 0
        && frames.shape[2...] == [c.imageSize, c.imageSize, c.channels],
      "SVG \(what): expects [frames >= \(minimumFrames), batch, \(c.imageSize), \(c.imageSize), "
        + "\(c.channels)], got \(frames.shape)")
  }

  /// The frame whose encoder feature maps the decoder joins at step t >= 1 (predicting
  /// frame t): the previous frame during the context, then the last context frame.
  static func skipFrame(step t: Int, contextFrames: Int) -> Int {
    min(t - 1, contextFrames - 1)
  }
}
