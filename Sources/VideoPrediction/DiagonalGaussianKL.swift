import Engine

/// KL(q || p) between diagonal Gaussians given by means and log-variances, summed over all
/// elements, with its gradient (closed form). Per element, with v = e^logvar:
///
///     KL = (logvar_p - logvar_q) / 2 + (v_q + (mu_q - mu_p)^2) / (2 v_p) - 1/2
///
///     dKL/dmu_q = (mu_q - mu_p) / v_p = -dKL/dmu_p
///     dKL/dlogvar_q = (v_q / v_p - 1) / 2
///     dKL/dlogvar_p = (1 - (v_q + (mu_q - mu_p)^2) / v_p) / 2
///
/// The ratio v_q / v_p is computed as e^(logvar_q - logvar_p), one exponential that stays
/// finite as long as the variances are within e^±88 (Float) of each other, rather than two
/// that could each overflow. The sum is accumulated in Double.
public enum DiagonalGaussianKL {
  public struct Gradients<Scalar: BLASScalar>: Sendable {
    public var mean: Tensor<Scalar>
    public var logVariance: Tensor<Scalar>
    public var priorMean: Tensor<Scalar>
    public var priorLogVariance: Tensor<Scalar>
  }

  /// The summed KL and its gradients, each scaled by `gradientScale`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func divergence<Scalar: BLASScalar>(
    mean: Tensor<Scalar>, logVariance: Tensor<Scalar>, priorMean: Tensor<Scalar>,
    priorLogVariance: Tensor<Scalar>, gradientScale: Scalar = 1
  ) -> (value: Double, gradients: Gradients<Scalar>) {
    precondition(
      mean.shape == logVariance.shape && mean.shape == priorMean.shape
        && mean.shape == priorLogVariance.shape,
      "KL: shapes differ: \(mean.shape), \(logVariance.shape), \(priorMean.shape), \(priorLogVariance.shape)"
    )
    var gradients = Gradients(
      mean: mean, logVariance: logVariance, priorMean: priorMean,
      priorLogVariance: priorLogVariance)
    var total = 0.0
    for i in 0..<mean.count {
      let difference = mean.scalars[i] - priorMean.scalars[i]
      let inversePriorVariance = Scalar.exp(-priorLogVariance.scalars[i])
      let ratio = Scalar.exp(logVariance.scalars[i] - priorLogVariance.scalars[i])
      let scaledSquare = difference * difference * inversePriorVariance
      total += Double(
        (priorLogVariance.scalars[i] - logVariance.scalars[i] + ratio + scaledSquare - 1) / 2)
      let meanGradient = gradientScale * difference * inversePriorVariance
      gradients.mean.scalars[i] = meanGradient
      gradients.priorMean.scalars[i] = -meanGradient
      gradients.logVariance.scalars[i] = gradientScale * (ratio - 1) / 2
      gradients.priorLogVariance.scalars[i] = gradientScale * (1 - ratio - scaledSquare) / 2
    }
    return (total, gradients)
  }
}
