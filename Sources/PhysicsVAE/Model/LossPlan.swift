/// What the loss of one minibatch includes (`VAE.loss`).
public struct LossPlan: Sendable, Equatable {
  /// Whether L_rec is part of the loss.
  public enum Reconstruction: Sendable, Equatable {
    /// L = L_rec + beta_t KL_trans + beta_m KL_marg.
    case trained
    /// L = beta_t KL_trans + beta_m KL_marg: L_rec is reported, but neither it nor the
    /// decoder is differentiated.
    case reportedOnly
  }

  /// Where the posterior variances come from.
  public enum Variances: Sendable, Equatable {
    /// The encoder's log-variances.
    case encoded
    /// `VAE.initialLogVariance` everywhere; the encoder's log-variance output gets no gradient.
    case held
  }

  public var weights: KLWeights
  public var reconstruction: Reconstruction
  public var variances: Variances
  /// The fraction of frames whose encoder window is cut short on one side
  /// (`FrameWindows.randomReaches`, drawn first from the loss's generator).
  public var windowCutFraction: Double

  public init(
    weights: KLWeights, reconstruction: Reconstruction = .trained,
    variances: Variances = .encoded, windowCutFraction: Double = 0
  ) {
    self.weights = weights
    self.reconstruction = reconstruction
    self.variances = variances
    self.windowCutFraction = windowCutFraction
  }
}

/// beta_t and beta_m, the weights of KL_trans and KL_marg.
public struct KLWeights: Sendable, Equatable {
  public var transition: Double
  public var marginal: Double

  public init(transition: Double, marginal: Double) {
    self.transition = transition
    self.marginal = marginal
  }
}
