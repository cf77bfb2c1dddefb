import Engine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// KL(q || p) of a Gaussian-process prior (docs/method.md, "Other prior kinds"), exact: for
/// each problem (coordinate and sequence) of a `GaussianProcessPosterior`, q = N(m, S) and
/// p = N(0, K). With A = K + D and alpha = A^-1 y, K^-1 S = A^-1 D, m^T K^-1 m = alpha^T K
/// alpha and det S = det K det D / det A, so
///
///     KL = 1/2 [ tr(A^-1 D) + y^T alpha - alpha^T D alpha - T + ln det A - sum_i logvar_i ],
///
/// in which only A, never the often singular K, is inverted. Gradients, with beta = A^-1 D
/// alpha (y, D and K independent, then A = K + D):
///
///     dKL/dy = alpha - beta,
///     G_A = 1/2 [ A^-1 - A^-1 D A^-1 - alpha alpha^T + beta alpha^T + alpha beta^T ],
///     dKL/dv_i = 1/2 [ (A^-1)_ii - alpha_i^2 ] + (G_A)_ii,   dKL/dlogvar_i = v_i dKL/dv_i - 1/2,
///     dKL/dh = sum_ij (G_A)_ij dK_ij/dh.
///
/// The value and gradients are summed over problems and divided by the B T frames: a KL per
/// frame, like L_rec.
public enum GaussianProcessKL {
  public static func evaluate(_ posterior: GaussianProcessPosterior, parameterCount: Int)
    -> KLEvaluation
  {
    let (b, t, d) = (posterior.sequenceCount, posterior.frameCount, posterior.dimension)
    let n = b * d
    let scale = 1 / Double(b * t)
    let inverse = BatchedMatrices.inverse(choleskyFactor: posterior.factor).scalars
    let logDeterminants = BatchedMatrices.logDeterminant(choleskyFactor: posterior.factor).scalars
    let y = posterior.observations.scalars
    let alpha = posterior.alpha.scalars
    let v = posterior.variances
    var value = 0.0
    var meanGradient = [Double](repeating: 0, count: n * t)
    var logVarianceGradient = [Double](repeating: 0, count: n * t)
    var priorGradient = [Double](repeating: 0, count: n * t * t)
    var beta = [Double](repeating: 0, count: t)
    for problem in 0..<n {
      let o = problem * t
      let a = problem * t * t
      var trace = 0.0
      var fit = 0.0
      var weighted = 0.0
      var logVariances = 0.0
      for i in 0..<t {
        trace += inverse[a + i * t + i] * v[o + i]
        fit += y[o + i] * alpha[o + i]
        weighted += alpha[o + i] * v[o + i] * alpha[o + i]
        logVariances += log(v[o + i])
        var s = 0.0
        for j in 0..<t { s += inverse[a + i * t + j] * v[o + j] * alpha[o + j] }
        beta[i] = s
      }
      value += 0.5 * (trace + fit - weighted - Double(t) + logDeterminants[problem] - logVariances)
      for i in 0..<t {
        meanGradient[o + i] = scale * (alpha[o + i] - beta[i])
        for j in 0..<t {
          var inverseProduct = 0.0
          for c in 0..<t {
            inverseProduct += inverse[a + i * t + c] * v[o + c] * inverse[a + c * t + j]
          }
          priorGradient[a + i * t + j] =
            0.5 * scale
            * (inverse[a + i * t + j] - inverseProduct - alpha[o + i] * alpha[o + j]
              + beta[i] * alpha[o + j] + alpha[o + i] * beta[j])
        }
        let varianceGradient =
          0.5 * scale * (inverse[a + i * t + i] - alpha[o + i] * alpha[o + i])
          + priorGradient[a + i * t + i]
        logVarianceGradient[o + i] = v[o + i] * varianceGradient - 0.5 * scale
      }
    }
    return KLEvaluation(
      value: value * scale,
      meanGradient: GaussianProcessPosterior.frameMajor(
        meanGradient, sequences: b, frames: t, dimension: d),
      logVarianceGradient: GaussianProcessPosterior.frameMajor(
        logVarianceGradient, sequences: b, frames: t, dimension: d),
      parameterGradient: posterior.parameterGradient(
        priorGradient: priorGradient, parameterCount: parameterCount))
  }
}
