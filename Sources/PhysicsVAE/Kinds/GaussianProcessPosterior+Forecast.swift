import Engine
import PriorLanguage
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension GaussianProcessPosterior {
  /// The posterior mean of each coordinate's path over K + H frames given the pseudo-
  /// observations of the K frames of one sequence (`context`): with K_cc the prior covariance
  /// of the context frames and K_*c that of every frame with them,
  ///
  ///     m_* = K_*c (K_cc + D)^-1 y,
  ///
  /// which is the regression posterior's mean on the context frames and, past them, the GP's
  /// forecast (it returns to the prior mean 0 over a few lengthscales). `(K + H) x d`.
  ///
  /// - Throws: `NonFiniteError` when K_cc + D is not positive definite.
  public static func forecast(
    context: FramePosteriors, horizon: Int, kernels: [Kernel], timeStep dt: Double,
    parameters theta: [Double]
  ) throws(NonFiniteError) -> [Double] {
    precondition(context.sequenceCount == 1, "one sequence")
    let (k, d) = (context.frameCount, context.dimension)
    let total = k + horizon
    var sum = Tensor<Double>(zeros: [d, k, k])
    var y = Tensor<Double>(zeros: [d, k, 1])
    var cross = Tensor<Double>(zeros: [d, total, k])
    for (c, kernel) in kernels.enumerated() {
      let full = kernel.covarianceMatrix(
        frames: total, timeStep: dt, hyperparameters: kernel.values(theta)
      ).matrix
      for i in 0..<total {
        for j in 0..<k { cross.scalars[(c * total + i) * k + j] = full[i * total + j] }
      }
      for i in 0..<k {
        for j in 0..<k { sum.scalars[(c * k + i) * k + j] = full[i * total + j] }
        sum.scalars[(c * k + i) * k + i] += exp(context.logVariances[i * d + c])
        y.scalars[c * k + i] = context.means[i * d + c]
      }
    }
    let factor: Tensor<Double>
    do {
      factor = try BatchedMatrices.cholesky(sum)
    } catch {
      throw NonFiniteError(
        operation: "the GP forecast (K + D)", pass: .forward, index: error.matrix,
        value: error.value)
    }
    let alpha = BatchedMatrices.solveTriangular(
      factor, BatchedMatrices.solveTriangular(factor, y), transposed: true)
    return frameMajor(
      BatchedMatrices.matmul(cross, alpha).scalars, sequences: 1, frames: total, dimension: d)
  }

  /// `count` paths of `frames` frames drawn from the prior, z_k ~ N(0, K_k) by
  /// chol(K_k + delta I) e (the jitter `jitter`, as for S: K of a smooth kernel is singular to
  /// rounding). `(count T) x d`, sequence-major.
  public static func priorPaths(
    count: Int, frames t: Int, kernels: [Kernel], timeStep dt: Double, parameters theta: [Double],
    using generator: inout SeededGenerator
  ) throws(NonFiniteError) -> [Double] {
    let d = kernels.count
    var covariance = Tensor<Double>(zeros: [d, t, t])
    for (c, kernel) in kernels.enumerated() {
      let matrix = kernel.covarianceMatrix(
        frames: t, timeStep: dt, hyperparameters: kernel.values(theta)
      ).matrix
      for i in 0..<(t * t) { covariance.scalars[c * t * t + i] = matrix[i] }
      for i in 0..<t { covariance.scalars[(c * t + i) * t + i] += jitter }
    }
    let factor: Tensor<Double>
    do {
      factor = try BatchedMatrices.cholesky(covariance)
    } catch {
      throw NonFiniteError(
        operation: "the GP prior covariance K", pass: .forward, index: error.matrix,
        value: error.value)
    }
    var noise = Tensor<Double>(zeros: [count * d, t, 1])
    for i in noise.scalars.indices { noise.scalars[i] = generator.nextStandardNormal() }
    var factors = Tensor<Double>(zeros: [count * d, t, t])
    for sequence in 0..<count {
      for c in 0..<d {
        for i in 0..<(t * t) {
          factors.scalars[(sequence * d + c) * t * t + i] = factor.scalars[c * t * t + i]
        }
      }
    }
    return frameMajor(
      BatchedMatrices.matmul(factors, noise).scalars, sequences: count, frames: t, dimension: d)
  }
}
