/// The reparameterised Gaussian sample z = mu + exp(logVariance / 2) * e, e ~ N(0, I), and
/// its adjoint, so gradients flow into the mean and log-variance.
///
/// With upstream gradient g = dL/dz: dL/dmu = g and
/// dL/dlogVariance = g * e * exp(logVariance / 2) / 2.
public enum Reparameterization {
  /// The sample for the given mean, log-variance and standard normal noise (same shapes).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func sample<Scalar: BLASScalar>(
    mean: Tensor<Scalar>, logVariance: Tensor<Scalar>, noise: Tensor<Scalar>
  ) -> Tensor<Scalar> {
    precondition(mean.shape == logVariance.shape && mean.shape == noise.shape, "shape mismatch")
    var z = mean
    z.scalars.withUnsafeMutableBufferPointer { z in
      logVariance.scalars.withUnsafeBufferPointer { v in
        noise.scalars.withUnsafeBufferPointer { e in
          for i in 0..<z.count { z[i] += Scalar.exp(v[i] / 2) * e[i] }
        }
      }
    }
    return z
  }

  /// The gradients with respect to the mean and the log-variance, given the gradient with
  /// respect to the sample.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func backward<Scalar: BLASScalar>(
    logVariance: Tensor<Scalar>, noise: Tensor<Scalar>, sampleGradient: Tensor<Scalar>
  ) -> (mean: Tensor<Scalar>, logVariance: Tensor<Scalar>) {
    precondition(logVariance.shape == sampleGradient.shape, "shape mismatch")
    var logVarianceGradient = sampleGradient
    logVarianceGradient.scalars.withUnsafeMutableBufferPointer { g in
      logVariance.scalars.withUnsafeBufferPointer { v in
        noise.scalars.withUnsafeBufferPointer { e in
          for i in 0..<g.count { g[i] *= e[i] * Scalar.exp(v[i] / 2) / 2 }
        }
      }
    }
    return (sampleGradient, logVarianceGradient)
  }
}
