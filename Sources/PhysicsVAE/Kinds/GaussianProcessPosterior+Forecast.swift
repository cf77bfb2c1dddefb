import Engine
import PriorLanguage
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The Gaussian-process forecast of one sequence given its K context frames
/// (`GaussianProcessPosterior.forecastDistribution`): the posterior mean of every frame and
/// the joint covariance of the H frames after the context, per coordinate.
public struct GaussianProcessForecast: Sendable {
  /// K and H.
  public let contextFrames: Int
  public let horizon: Int
  public let dimension: Int
  /// m_*, `(K + H) x d`: the regression posterior's mean on the context frames and the
  /// forecast past them.
  public let means: [Double]
  /// S_ff of each coordinate, `H x H` row-major: the covariance of frames K ... K+H-1.
  public let covariances: [[Double]]

  /// `count` joint draws of the H future frames, `count x H x d` (draw-major):
  /// z_f = m_f + L e, L L^T = S_ff + delta I (delta the posterior's `jitter`, as for S: the
  /// forecast covariance of a smooth kernel is singular to rounding), e ~ N(0, I), each
  /// coordinate independently.
  ///
  /// - Throws: `NonFiniteError` when S_ff + delta I is not positive definite.
  public func sample(count: Int, using generator: inout SeededGenerator) throws(NonFiniteError)
    -> [Double]
  {
    let (h, d) = (horizon, dimension)
    var covariance = Tensor<Double>(zeros: [d, h, h])
    for c in 0..<d {
      for i in 0..<(h * h) { covariance.scalars[c * h * h + i] = covariances[c][i] }
      for i in 0..<h { covariance.scalars[(c * h + i) * h + i] += GaussianProcessPosterior.jitter }
    }
    let factor: Tensor<Double>
    do {
      factor = try BatchedMatrices.cholesky(covariance)
    } catch {
      throw NonFiniteError(
        operation: "the GP forecast covariance", pass: .forward, index: error.matrix,
        value: error.value)
    }
    var draws = [Double](repeating: 0, count: count * h * d)
    var noise = [Double](repeating: 0, count: h)
    for n in 0..<count {
      for c in 0..<d {
        for i in 0..<h { noise[i] = generator.nextStandardNormal() }
        for i in 0..<h {
          var value = means[(contextFrames + i) * d + c]
          for j in 0...i { value += factor.scalars[(c * h + i) * h + j] * noise[j] }
          draws[(n * h + i) * d + c] = value
        }
      }
    }
    return draws
  }
}

extension GaussianProcessPosterior {
  /// The posterior mean of each coordinate's path over K + H frames given the pseudo-
  /// observations of the K frames of one sequence (`context`): `forecastDistribution`'s
  /// `means`, `(K + H) x d`.
  ///
  /// - Throws: `NonFiniteError` when K_cc + D is not positive definite.
  public static func forecast(
    context: FramePosteriors, horizon: Int, kernels: [Kernel], timeStep dt: Double,
    parameters theta: [Double]
  ) throws(NonFiniteError) -> [Double] {
    try forecastDistribution(
      context: context, horizon: horizon, kernels: kernels, timeStep: dt, parameters: theta
    ).means
  }

  /// The GP's forecast given the pseudo-observations y (the encoder's means) with variances
  /// D of the K frames of one sequence (`context`), per coordinate: with K_cc the prior
  /// covariance of the context frames, K_*c that of every frame with them, K_cf and K_ff
  /// those of the H future frames, and A = K_cc + D = L L^T,
  ///
  ///     m_* = K_*c A^-1 y,     S_ff = K_ff - K_fc A^-1 K_cf = K_ff - V^T V,  V = L^-1 K_cf,
  ///
  /// the Gaussian conditional of the future path given the context's pseudo-observations
  /// (m_* is the regression posterior's mean on the context frames and, past them, the
  /// forecast, which returns to the prior mean 0 over a few lengthscales; S_ff grows back
  /// to K_ff likewise). Only A, at least D, is factored.
  ///
  /// - Throws: `NonFiniteError` when A is not positive definite.
  public static func forecastDistribution(
    context: FramePosteriors, horizon: Int, kernels: [Kernel], timeStep dt: Double,
    parameters theta: [Double]
  ) throws(NonFiniteError) -> GaussianProcessForecast {
    precondition(context.sequenceCount == 1, "one sequence")
    let (k, d) = (context.frameCount, context.dimension)
    let total = k + horizon
    var sum = Tensor<Double>(zeros: [d, k, k])
    var y = Tensor<Double>(zeros: [d, k, 1])
    var cross = Tensor<Double>(zeros: [d, total, k])
    var contextFuture = Tensor<Double>(zeros: [d, k, horizon])
    var future = [[Double]](repeating: [], count: d)
    for (c, kernel) in kernels.enumerated() {
      let full = kernel.covarianceMatrix(
        frames: total, timeStep: dt, hyperparameters: kernel.values(theta)
      ).matrix
      for i in 0..<total {
        for j in 0..<k { cross.scalars[(c * total + i) * k + j] = full[i * total + j] }
      }
      for i in 0..<k {
        for j in 0..<k { sum.scalars[(c * k + i) * k + j] = full[i * total + j] }
        for j in 0..<horizon {
          contextFuture.scalars[(c * k + i) * horizon + j] = full[i * total + k + j]
        }
        sum.scalars[(c * k + i) * k + i] += exp(context.logVariances[i * d + c])
        y.scalars[c * k + i] = context.means[i * d + c]
      }
      future[c] = (0..<(horizon * horizon)).map {
        full[(k + $0 / horizon) * total + k + $0 % horizon]
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
    let means = frameMajor(
      BatchedMatrices.matmul(cross, alpha).scalars, sequences: 1, frames: total, dimension: d)
    var covariances = future
    if horizon > 0 {
      let v = BatchedMatrices.solveTriangular(factor, contextFuture)
      let explained = BatchedMatrices.matmul(v, v, transposeA: true)
      for c in 0..<d {
        for i in 0..<(horizon * horizon) {
          covariances[c][i] -= explained.scalars[c * horizon * horizon + i]
        }
      }
    }
    return GaussianProcessForecast(
      contextFrames: k, horizon: horizon, dimension: d, means: means, covariances: covariances)
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
