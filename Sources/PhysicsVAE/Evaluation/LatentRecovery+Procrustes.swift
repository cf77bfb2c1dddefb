import Foundation

/// The best similarity map of a two-dimensional latent path onto the true one, and what is
/// left: the GP-VAE paper's score of a latent that is right up to rotation, translation and
/// scale (T. Pearce, AABI 2019).
public struct ProcrustesFit: Codable, Sendable, Equatable {
  /// The scale s >= 0 of the map y^ = s R x + t.
  public var scale: Double
  /// The orthogonal 2 x 2 matrix R, row-major: a rotation, or a rotation after a reflection
  /// when that fits better.
  public var rotation: [Double]
  /// The translation t.
  public var translation: [Double]
  /// (1 / n) sum_i |y_i - y^_i|^2: the squared distance from the true point, averaged over
  /// the n frames, in the truth's units squared.
  public var meanSquaredError: Double
  /// 1 - sum_i |y_i - y^_i|^2 / sum_i |y_i - mean y|^2: the share of the path's spread the
  /// fitted latent explains (1 for a similarity copy of the truth).
  public var rSquared: Double
}

extension LatentRecovery {
  /// The orthogonal Procrustes fit with scaling (Umeyama 1991) of `estimate` onto `truth`,
  /// both `n x 2` row-major (e.g. the posterior means of latents x, y and the true x, y of
  /// every frame): s, R and t minimising sum_i |y_i - (s R x_i + t)|^2 over s >= 0, R
  /// orthogonal and t.
  ///
  /// With x and y centred (t = mean y - s R mean x), for a rotation by angle a,
  /// sum y^T R x = a_r cos a + b_r sin a with a_r = sum (x1 y1 + x2 y2) and
  /// b_r = sum (x1 y2 - x2 y1), largest, sqrt(a_r^2 + b_r^2), at a = atan2(b_r, a_r); for a
  /// reflection [[cos a, sin a], [sin a, -cos a]] the same with a_f = sum (x1 y1 - x2 y2),
  /// b_f = sum (x2 y1 + x1 y2). Reflections are allowed: a latent plane has no preferred
  /// handedness (the encoder may learn the mirror image), and the paper's affine fit allows
  /// them too. With k the larger maximum and S_xx = sum |x|^2, s = k / S_xx and the residual
  /// is S_yy - k^2 / S_xx: exact, in closed form, with no iteration.
  ///
  /// This is stricter than the affine fit of `affineRSquared` (6 free numbers there, 4
  /// here): a latent that is the truth sheared or stretched along one axis scores lower.
  /// - Returns: nil when the inputs are not `n x 2` with n >= 1 or the truth does not move
  ///   (S_yy = 0); a constant estimate gives s = 0 and R^2 = 0.
  public static func procrustes(estimate: [Double], truth: [Double]) -> ProcrustesFit? {
    let n = truth.count / 2
    guard n >= 1, truth.count == 2 * n, estimate.count == truth.count else { return nil }
    let meanX = centroid(estimate)
    let meanY = centroid(truth)
    var (sxx, syy) = (0.0, 0.0)
    var (rotationCos, rotationSin, reflectionCos, reflectionSin) = (0.0, 0.0, 0.0, 0.0)
    for i in 0..<n {
      let (x1, x2) = (estimate[2 * i] - meanX.0, estimate[2 * i + 1] - meanX.1)
      let (y1, y2) = (truth[2 * i] - meanY.0, truth[2 * i + 1] - meanY.1)
      sxx += x1 * x1 + x2 * x2
      syy += y1 * y1 + y2 * y2
      rotationCos += x1 * y1 + x2 * y2
      rotationSin += x1 * y2 - x2 * y1
      reflectionCos += x1 * y1 - x2 * y2
      reflectionSin += x2 * y1 + x1 * y2
    }
    guard syy > 0 else { return nil }
    let rotationFit = (rotationCos * rotationCos + rotationSin * rotationSin).squareRoot()
    let reflectionFit = (reflectionCos * reflectionCos + reflectionSin * reflectionSin)
      .squareRoot()
    let reflects = reflectionFit > rotationFit
    let k = max(rotationFit, reflectionFit)
    let angle = reflects ? atan2(reflectionSin, reflectionCos) : atan2(rotationSin, rotationCos)
    let (c, s) = (cos(angle), sin(angle))
    let rotation = reflects ? [c, s, s, -c] : [c, -s, s, c]
    let scale = sxx > 0 ? k / sxx : 0
    let translation = [
      meanY.0 - scale * (rotation[0] * meanX.0 + rotation[1] * meanX.1),
      meanY.1 - scale * (rotation[2] * meanX.0 + rotation[3] * meanX.1),
    ]
    // The residual summed directly rather than as S_yy - k^2 / S_xx, which cancels to
    // rounding noise (1e-15 of S_yy) for a near-perfect fit.
    var residual = 0.0
    for i in 0..<n {
      let (x1, x2) = (estimate[2 * i], estimate[2 * i + 1])
      let d1 = truth[2 * i] - (scale * (rotation[0] * x1 + rotation[1] * x2) + translation[0])
      let d2 = truth[2 * i + 1] - (scale * (rotation[2] * x1 + rotation[3] * x2) + translation[1])
      residual += d1 * d1 + d2 * d2
    }
    return ProcrustesFit(
      scale: scale, rotation: rotation, translation: translation,
      meanSquaredError: residual / Double(n), rSquared: 1 - residual / syy)
  }

  /// The mean of the rows of an `n x 2` row-major array.
  private static func centroid(_ points: [Double]) -> (Double, Double) {
    let n = Double(points.count / 2)
    var (a, b) = (0.0, 0.0)
    for i in 0..<(points.count / 2) {
      a += points[2 * i]
      b += points[2 * i + 1]
    }
    return (a / n, b / n)
  }
}
