import Engine
import PriorLanguage
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Scores of latent recovery against ground truth (docs/method.md, "Evaluation").
public enum LatentRecovery {
  /// The coefficient of determination of `estimate` as a prediction of `truth`, with no
  /// fitted scale or offset: R^2 = 1 - sum (y - y^)^2 / sum (y - mean y)^2. It is 1 for a
  /// perfect match, 0 for predicting the mean, and negative for worse. With `allowSignFlip`
  /// it is the larger of R^2(y^) and R^2(-y^). NaN when `truth` is constant or empty.
  public static func rSquared(estimate: [Double], truth: [Double], allowSignFlip: Bool = false)
    -> Double
  {
    let n = min(estimate.count, truth.count)
    guard n > 0 else { return .nan }
    let mean = truth.prefix(n).reduce(0, +) / Double(n)
    var total = 0.0
    var residual = 0.0
    var flippedResidual = 0.0
    for i in 0..<n {
      total += (truth[i] - mean) * (truth[i] - mean)
      residual += (truth[i] - estimate[i]) * (truth[i] - estimate[i])
      flippedResidual += (truth[i] + estimate[i]) * (truth[i] + estimate[i])
    }
    guard total > 0 else { return .nan }
    let direct = 1 - residual / total
    return allowSignFlip ? max(direct, 1 - flippedResidual / total) : direct
  }

  /// R^2 of `truth` after the best affine map of the regressors: least squares of `truth` on
  /// (1, x_1, ..., x_r), with `regressors` row-major `n x r` (e.g. all latent means of each
  /// frame). This is what methods that recover latents only up to an affine map report.
  public static func affineRSquared(regressors: [Double], width r: Int, truth: [Double])
    -> Double
  {
    let n = truth.count
    guard n > r + 1, regressors.count == n * r else { return .nan }
    // Normal equations (X^T X) beta = X^T y with X = [1, regressors], solved by Cholesky
    // with a tiny ridge for rank-deficient regressors.
    let width = r + 1
    var gram = [Double](repeating: 0, count: width * width)
    var moment = [Double](repeating: 0, count: width)
    var row = [Double](repeating: 1, count: width)
    for i in 0..<n {
      for k in 0..<r { row[k + 1] = regressors[i * r + k] }
      for a in 0..<width {
        moment[a] += row[a] * truth[i]
        for b in 0..<width { gram[a * width + b] += row[a] * row[b] }
      }
    }
    let ridge = 1e-10 * (0..<width).reduce(0) { max($0, gram[$1 * width + $1]) }
    for a in 0..<width { gram[a * width + a] += ridge }
    guard
      let factor = try? BatchedMatrices.cholesky(
        Tensor(shape: [1, width, width], scalars: gram))
    else { return .nan }
    let coefficients = BatchedMatrices.solveTriangular(
      factor,
      BatchedMatrices.solveTriangular(factor, Tensor(shape: [1, width, 1], scalars: moment)),
      transposed: true
    ).scalars
    var fitted = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var value = coefficients[0]
      for k in 0..<r { value += coefficients[k + 1] * regressors[i * r + k] }
      fitted[i] = value
    }
    return rSquared(estimate: fitted, truth: truth)
  }

  /// The recovery of a phase, the angle of `plane` (a phase plane): the estimate is the
  /// plane's angle in the means, compared with `truthPhase` as the unit vector (cos, sin)
  /// with no fit: R^2 = 1 - sum |e(est) - e(true)|^2 / sum |e(true) - mean e(true)|^2; and
  /// after an affine fit of cos and sin (each on all means), averaged.
  public static func phaseRecovery(
    name: String, means: [Double], dimension d: Int, plane: StatePlane, truthPhase: [Double]
  ) -> VariableRecovery {
    let n = truthPhase.count
    let trueCos = truthPhase.map { cos($0) }
    let trueSin = truthPhase.map { sin($0) }
    let estimate = plane.angles(means, dimension: d)
    let (meanCos, meanSin) = (trueCos.reduce(0, +) / Double(n), trueSin.reduce(0, +) / Double(n))
    var residual = 0.0
    var total = 0.0
    for i in 0..<n {
      let (c, s) = (cos(estimate[i]), sin(estimate[i]))
      residual += (c - trueCos[i]) * (c - trueCos[i]) + (s - trueSin[i]) * (s - trueSin[i])
      total +=
        (trueCos[i] - meanCos) * (trueCos[i] - meanCos) + (trueSin[i] - meanSin)
        * (trueSin[i] - meanSin)
    }
    let affine =
      (affineRSquared(regressors: means, width: d, truth: trueCos)
        + affineRSquared(regressors: means, width: d, truth: trueSin)) / 2
    return VariableRecovery(
      name: name, rSquared: total > 0 ? 1 - residual / total : .nan, affineRSquared: affine)
  }

  /// |learned - truth| / |truth| (the absolute error when the truth is 0).
  public static func relativeError(learned: Double, truth: Double) -> Double {
    truth == 0 ? abs(learned) : abs(learned - truth) / abs(truth)
  }
}
