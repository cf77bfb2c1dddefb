import Engine
import PriorLanguage
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The posterior over the latent paths of a Gaussian-process prior (Pearce 2019; docs/method.md,
/// "Other prior kinds"), for every coordinate k and sequence b at once.
///
/// The encoder's Gaussian (y_t, v_t = exp(logvar_t)) of each frame is a noisy observation of
/// the path: y = z + noise, noise ~ N(0, D), D = diag(v). With the prior z ~ N(0, K), the
/// posterior is the GP regression posterior q = N(m, S),
///
///     A = K + D = L L^T,   alpha = A^-1 y,   m = K alpha,   S = K - K A^-1 K = K - V^T V,
///     V = L^-1 K,
///
/// and the decoder gets the reparameterised path z~ = m + L_S e, L_S L_S^T = S + delta I,
/// e ~ N(0, I). Only A is inverted: it is at least D, so well conditioned whatever the
/// kernel, while K of a smooth kernel is singular to rounding. S inherits K's tiny
/// eigenvalues, so it is factored with the jitter delta = 1e-8 (a standard deviation of
/// 1e-4 latent units, far below anything the decoder resolves).
///
/// The (B d) T x T problems are batched, problem `b * d + k`, through the engine's
/// `BatchedMatrices`, and `backward` runs their adjoints in reverse.
public struct GaussianProcessPosterior: Sendable {
  /// The jitter delta added to S before it is factored.
  public static let jitter = 1e-8

  public let sequenceCount: Int
  public let frameCount: Int
  public let dimension: Int
  /// The kernel of each coordinate.
  public let kernels: [Kernel]
  /// Each kernel's hyperparameter values.
  public let hyperparameters: [[Double]]
  /// K per coordinate (`d x T x T`) and dK/dh per coordinate (`h_k x T x T`).
  let covariances: [[Double]]
  let covarianceGradients: [[Double]]
  /// y, D (as v) of each problem, `[B d, T, 1]` and `(B d) T`.
  let observations: Tensor<Double>
  let variances: [Double]
  /// The batched K, L = chol(K + D), w = L^-1 y, alpha, V = L^-1 K, L_S.
  let prior: Tensor<Double>
  let factor: Tensor<Double>
  let whitened: Tensor<Double>
  let alpha: Tensor<Double>
  let projected: Tensor<Double>
  let posteriorFactor: Tensor<Double>
  /// e, `[B d, T, 1]`.
  let noise: Tensor<Double>
  /// m and z~, `(B T) x d` like `FramePosteriors.means`.
  public let means: [Double]
  public let sample: [Double]

  /// The posterior of `posteriors` under the kernels (one per coordinate) with parameters
  /// `theta` and frames `dt` apart; draws e with `generator` unless `deterministic` (then
  /// z~ = m).
  ///
  /// - Throws: `NonFiniteError` when K + D or S + delta I is not positive definite (a
  ///   non-finite encoder output).
  public init(
    posteriors: FramePosteriors, kernels: [Kernel], timeStep dt: Double, parameters theta: [Double],
    deterministic: Bool = false, using generator: inout SeededGenerator
  ) throws(NonFiniteError) {
    let (b, t, d) = (posteriors.sequenceCount, posteriors.frameCount, posteriors.dimension)
    precondition(kernels.count == d, "one kernel per latent coordinate")
    sequenceCount = b
    frameCount = t
    dimension = d
    self.kernels = kernels
    hyperparameters = kernels.map { $0.values(theta) }
    var covariances: [[Double]] = []
    var covarianceGradients: [[Double]] = []
    for (kernel, h) in zip(kernels, hyperparameters) {
      let (matrix, gradients) = kernel.covarianceMatrix(
        frames: t, timeStep: dt, hyperparameters: h)
      covariances.append(matrix)
      covarianceGradients.append(gradients)
    }
    self.covariances = covariances
    self.covarianceGradients = covarianceGradients
    let n = b * d
    var y = Tensor<Double>(zeros: [n, t, 1])
    var variances = [Double](repeating: 0, count: n * t)
    var prior = Tensor<Double>(zeros: [n, t, t])
    var sum = Tensor<Double>(zeros: [n, t, t])
    for sequence in 0..<b {
      for k in 0..<d {
        let problem = sequence * d + k
        for i in 0..<(t * t) { prior.scalars[problem * t * t + i] = covariances[k][i] }
        for i in 0..<t {
          let row = (sequence * t + i) * d + k
          y.scalars[problem * t + i] = posteriors.means[row]
          variances[problem * t + i] = exp(posteriors.logVariances[row])
        }
      }
    }
    sum.scalars = prior.scalars
    for problem in 0..<n {
      for i in 0..<t { sum.scalars[(problem * t + i) * t + i] += variances[problem * t + i] }
    }
    observations = y
    self.variances = variances
    self.prior = prior
    do {
      factor = try BatchedMatrices.cholesky(sum)
    } catch {
      throw NonFiniteError(
        operation: "the GP posterior (K + D)", pass: .forward, index: error.matrix,
        value: error.value)
    }
    whitened = BatchedMatrices.solveTriangular(factor, y)
    alpha = BatchedMatrices.solveTriangular(factor, whitened, transposed: true)
    projected = BatchedMatrices.solveTriangular(factor, prior)
    var covariance = prior - BatchedMatrices.matmul(projected, projected, transposeA: true)
    for problem in 0..<n {
      for i in 0..<t { covariance.scalars[(problem * t + i) * t + i] += Self.jitter }
    }
    do {
      posteriorFactor = try BatchedMatrices.cholesky(covariance)
    } catch {
      throw NonFiniteError(
        operation: "the GP posterior covariance S", pass: .forward, index: error.matrix,
        value: error.value)
    }
    var noise = Tensor<Double>(zeros: [n, t, 1])
    if !deterministic {
      for i in 0..<(n * t) { noise.scalars[i] = generator.nextStandardNormal() }
    }
    self.noise = noise
    let mean = BatchedMatrices.matmul(prior, alpha)
    let path = mean + BatchedMatrices.matmul(posteriorFactor, noise)
    means = Self.frameMajor(mean.scalars, sequences: b, frames: t, dimension: d)
    sample = Self.frameMajor(path.scalars, sequences: b, frames: t, dimension: d)
  }

  /// dL/dmu and dL/dlogvar (`(B T) x d`) and dL/dtheta (`parameterCount`) from dL/dz~
  /// (`(B T) x d`), by the adjoints of the forward pass:
  ///
  ///     Lbar_S = tril(g e^T),  Sbar = chol^-1 adjoint,  Kbar = Sbar,  Vbar = -2 V Sbar,
  ///     Kbar += g alpha^T,  alphabar = K g,  then through w = L^-1 y, alpha = L^-T w and
  ///     V = L^-1 K to Lbar and ybar,  Abar = chol adjoint of Lbar,  Kbar += Abar,
  ///     vbar = diag(Abar),  dL/dlogvar = v vbar,  dL/dh = sum_ij Kbar_ij dK_ij/dh.
  public func backward(sampleGradient: [Double], parameterCount: Int) -> (
    means: [Double], logVariances: [Double], parameters: [Double]
  ) {
    let (b, t, d) = (sequenceCount, frameCount, dimension)
    let n = b * d
    let g = Tensor(
      shape: [n, t, 1],
      scalars: Self.problemMajor(sampleGradient, sequences: b, frames: t, dimension: d))
    let factorGradient = BatchedMatrices.lowerTriangle(
      BatchedMatrices.matmul(g, noise, transposeB: true))
    let covarianceGradient = BatchedMatrices.choleskyBackward(
      factor: posteriorFactor, factorGradient: factorGradient)
    var priorGradient = covarianceGradient + BatchedMatrices.matmul(g, alpha, transposeB: true)
    let projectedGradient = -2 * BatchedMatrices.matmul(projected, covarianceGradient)
    let throughProjection = BatchedMatrices.solveTriangularBackward(
      factor, solution: projected, solutionGradient: projectedGradient)
    priorGradient = priorGradient + throughProjection.b
    let alphaGradient = BatchedMatrices.matmul(prior, g)
    let throughAlpha = BatchedMatrices.solveTriangularBackward(
      factor, solution: alpha, transposed: true, solutionGradient: alphaGradient)
    let throughWhitening = BatchedMatrices.solveTriangularBackward(
      factor, solution: whitened, solutionGradient: throughAlpha.b)
    let sumGradient = BatchedMatrices.choleskyBackward(
      factor: factor, factorGradient: throughProjection.l + throughAlpha.l + throughWhitening.l)
    priorGradient = priorGradient + sumGradient
    var logVariances = [Double](repeating: 0, count: n * t)
    for problem in 0..<n {
      for i in 0..<t {
        logVariances[problem * t + i] =
          variances[problem * t + i] * sumGradient.scalars[(problem * t + i) * t + i]
      }
    }
    return (
      Self.frameMajor(throughWhitening.b.scalars, sequences: b, frames: t, dimension: d),
      Self.frameMajor(logVariances, sequences: b, frames: t, dimension: d),
      parameterGradient(priorGradient: priorGradient.scalars, parameterCount: parameterCount)
    )
  }

  /// dL/dtheta from dL/dK of every problem (`(B d) x T x T`): sum_ij Kbar_ij dK_ij/dh for
  /// each hyperparameter h, added to the param that gives it (fixed ones have none).
  func parameterGradient(priorGradient: [Double], parameterCount: Int) -> [Double] {
    let (b, t, d) = (sequenceCount, frameCount, dimension)
    var gradient = [Double](repeating: 0, count: parameterCount)
    for k in 0..<d {
      for (e, hyperparameter) in kernels[k].hyperparameters.enumerated() {
        guard case .parameter(let index) = hyperparameter else { continue }
        var s = 0.0
        for sequence in 0..<b {
          let offset = (sequence * d + k) * t * t
          for i in 0..<(t * t) {
            s += priorGradient[offset + i] * covarianceGradients[k][e * t * t + i]
          }
        }
        gradient[index] += s
      }
    }
    return gradient
  }

  /// `(B T) x d` rows from problem-major `(B d) x T` values.
  static func frameMajor(_ values: [Double], sequences b: Int, frames t: Int, dimension d: Int)
    -> [Double]
  {
    var result = [Double](repeating: 0, count: values.count)
    for sequence in 0..<b {
      for k in 0..<d {
        for i in 0..<t { result[(sequence * t + i) * d + k] = values[(sequence * d + k) * t + i] }
      }
    }
    return result
  }

  /// Problem-major `(B d) x T` values from `(B T) x d` rows.
  static func problemMajor(_ values: [Double], sequences b: Int, frames t: Int, dimension d: Int)
    -> [Double]
  {
    var result = [Double](repeating: 0, count: values.count)
    for sequence in 0..<b {
      for k in 0..<d {
        for i in 0..<t { result[(sequence * d + k) * t + i] = values[(sequence * t + i) * d + k] }
      }
    }
    return result
  }
}
