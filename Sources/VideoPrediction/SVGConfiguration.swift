import Engine

/// Which distribution z_t comes from (Denton and Fergus 2018, section 3).
public enum SVGVariant: String, Sendable, CaseIterable {
  /// SVG-LP: a learned prior p(z_t | x_1..t-1), a Gaussian LSTM on h_{t-1}.
  case learnedPrior
  /// SVG-FP: the fixed prior N(0, I).
  case fixedPrior
  /// No latent variable (z has dimension 0): a deterministic predictor trained on MSE only.
  case deterministic
}

/// The sizes and weights of an `SVGModel`. The defaults are the paper's moving-MNIST setting
/// (64 x 64, one channel, g = 128, z = 10, LSTMs of 256 units, beta = 1e-4, 5 context
/// frames, 10 future frames in training).
public struct SVGConfiguration: Sendable, Equatable {
  public var variant: SVGVariant = .learnedPrior
  /// The side of the square frames: a power of two, at least 8 (the paper: 64; 32 works too).
  public var imageSize = 64
  /// 1 (grey) or 3 (RGB).
  public var channels = 1
  /// The channels of the encoder's first stage, doubled at each further stage (DCGAN's nf;
  /// 64 in the paper, giving 64, 128, 256, 512 at 64 x 64).
  public var filters = 64
  /// The activation after every encoder stage and every decoder stage but the last (the
  /// paper: leaky ReLU, slope 0.2). A smooth one (tanh) makes finite-difference gradient
  /// checks exact: with thousands of units, some leaky ReLU is always within a step of its
  /// kink.
  public var hiddenActivation = Activation.leakyRelu
  /// g, the size of a frame's encoding h_t and of the predictor's output.
  public var encodingSize = 128
  /// z, the size of the latent variable (ignored by `.deterministic`, where it is 0).
  public var latentSize = 10
  /// Units and stacked layers of the frame predictor's LSTM.
  public var predictorHidden = 256
  public var predictorLayers = 2
  /// Units and stacked layers of the posterior's and the learned prior's LSTMs.
  public var posteriorHidden = 256
  public var posteriorLayers = 1
  public var priorHidden = 256
  public var priorLayers = 1
  /// The weight of the KL term.
  public var beta = 1e-4
  /// Frames given (context) and frames predicted after them, in training.
  public var contextFrames = 5
  public var futureFrames = 10

  public init(variant: SVGVariant = .learnedPrior) {
    self.variant = variant
  }

  /// The dimension of z_t actually used: `latentSize`, or 0 for `.deterministic`.
  public var effectiveLatentSize: Int { variant == .deterministic ? 0 : latentSize }

  /// The frames of one training sequence, context + future.
  public var sequenceLength: Int { contextFrames + futureFrames }

  /// He for the ReLUs (the engine's default only knows plain ReLU), Glorot otherwise.
  var hiddenInitializer: Initializer {
    [.relu, .leakyRelu].contains(hiddenActivation) ? .he : .glorot
  }

  /// The number of stride-2 stages of the encoder (and of the decoder): log2(imageSize / 4).
  public var stages: Int { (imageSize / 4).trailingZeroBitCount }

  /// Whether `imageSize` is a power of two of at least 8.
  public static func supports(imageSize: Int) -> Bool {
    imageSize >= 8 && imageSize.nonzeroBitCount == 1
  }

  /// Checks every field; the message names the first bad one.
  func validate() {
    precondition(
      Self.supports(imageSize: imageSize),
      "SVG: image size must be a power of two >= 8, got \(imageSize)")
    precondition(channels == 1 || channels == 3, "SVG: channels must be 1 or 3, got \(channels)")
    precondition(
      filters > 0 && encodingSize > 0 && predictorHidden > 0 && predictorLayers > 0
        && posteriorHidden > 0 && posteriorLayers > 0 && priorHidden > 0 && priorLayers > 0,
      "SVG: sizes and layer counts must be positive")
    precondition(
      variant == .deterministic || latentSize > 0, "SVG: latent size must be positive")
    precondition(beta >= 0, "SVG: beta must be non-negative, got \(beta)")
    precondition(
      contextFrames >= 1 && futureFrames >= 0 && sequenceLength >= 2,
      "SVG: need at least one context frame and two frames in all")
  }
}
