/// The encoder's diagonal Gaussian posteriors q(z_t | x) = N(mu_t, diag exp(logvar_t)) for a
/// minibatch of B sequences of T frames.
///
/// Frames are stored sequence-major: frame t of sequence b is row `b * T + t` of the
/// row-major `(B T) x d` arrays `means` and `logVariances`.
public struct FramePosteriors: Sendable, Equatable {
  public var sequenceCount: Int
  public var frameCount: Int
  public var dimension: Int
  public var means: [Double]
  public var logVariances: [Double]

  public init(
    sequenceCount: Int, frameCount: Int, dimension: Int, means: [Double],
    logVariances: [Double]
  ) {
    precondition(means.count == sequenceCount * frameCount * dimension)
    precondition(logVariances.count == means.count)
    self.sequenceCount = sequenceCount
    self.frameCount = frameCount
    self.dimension = dimension
    self.means = means
    self.logVariances = logVariances
  }

  /// B T, the number of frames (and of Gaussian components of the posterior mixture).
  public var count: Int { sequenceCount * frameCount }
}

/// A scalar KL estimate with its gradients with respect to the posterior means, the posterior
/// log-variances (both `(B T) x d`, like `FramePosteriors`) and the prior's parameters theta
/// (all `p` of them; the trainer keeps only the learnable ones).
public struct KLEvaluation: Sendable, Equatable {
  public var value: Double
  public var meanGradient: [Double]
  public var logVarianceGradient: [Double]
  public var parameterGradient: [Double]

  public init(
    value: Double, meanGradient: [Double], logVarianceGradient: [Double],
    parameterGradient: [Double]
  ) {
    self.value = value
    self.meanGradient = meanGradient
    self.logVarianceGradient = logVarianceGradient
    self.parameterGradient = parameterGradient
  }

  /// True when the value and every gradient entry are finite.
  public var isFinite: Bool {
    value.isFinite && meanGradient.allSatisfy(\.isFinite)
      && logVarianceGradient.allSatisfy(\.isFinite) && parameterGradient.allSatisfy(\.isFinite)
  }

  /// A non-finite result: what a KL term returns when a covariance is not positive definite.
  static func notFinite(frames: Int, dimension: Int, parameters: Int) -> KLEvaluation {
    KLEvaluation(
      value: .nan, meanGradient: [Double](repeating: .nan, count: frames * dimension),
      logVarianceGradient: [Double](repeating: .nan, count: frames * dimension),
      parameterGradient: [Double](repeating: .nan, count: parameters))
  }
}
