extension ParameterContainer {
  /// The global gradient norm sqrt(sum over all parameters of |gradient|^2).
  public mutating func gradientNorm() -> Double {
    var total = 0.0
    visitParameters { _, parameter in total += parameter.gradient.squaredNorm() }
    return total.squareRoot()
  }

  /// Scales all gradients by min(1, maxNorm / norm) so that their global norm is at most
  /// `maxNorm`; returns the norm before clipping.
  @discardableResult
  public mutating func clipGradients(globalNorm maxNorm: Double) -> Double {
    let norm = gradientNorm()
    guard norm > maxNorm, norm > 0 else { return norm }
    let factor = Scalar(maxNorm / norm)
    visitParameters { _, parameter in parameter.gradient.scale(by: factor) }
    return norm
  }
}
