import Engine
import PriorLanguage

/// The latent's rotation, chosen at the schedule's alignment events (`TrainingSchedule`).
///
/// Rotating a plane (i, j) of the state in which the transition is equivariant,
/// F(T z) = T F(z) (`PriorSymmetries.equivariantPlanes`), leaves KL_trans unchanged, and KL_marg too when p0
/// is symmetric; so the KL terms alone fix the latent only up to such a rotation, and a narrow
/// observation (the pulsar's pulses) leaves the reconstruction flat in it. The alignment tries
/// `steps` angles in every such plane and keeps the rotation under which the observations
/// h(T mu) best explain the frames linearly: the least residual sum of squares when every
/// pixel is fitted by least squares on (1, h_1, ..., h_o) over the frames.
public enum LatentAlignment {
  /// A chosen rotation of the posterior means.
  public struct Choice: Sendable {
    /// The rotated plane.
    public var plane: StatePlane
    /// The angle in radians, in [0, 2 pi): (z_i, z_j) -> R(angle) (z_i, z_j).
    public var angle: Double
    /// The linear fit's residual sum of squares after the rotation, and without it.
    public var residual: Double
    public var unrotatedResidual: Double
  }

  /// The residual sum of squares of the least-squares fit of every pixel of `frames`
  /// (N x P, `pixels` = P) on A = (1, h) (`observations` N x o): with G = A^T A = L L^T
  /// and B = A^T X, sum |X|^2 - sum_p b_p^T G^-1 b_p = sum |X|^2 - |L^-1 B|^2, through BLAS
  /// and the engine's Cholesky. A direction of h that is constant over the frames adds
  /// nothing (a small ridge on G); infinite when h is not finite.
  public static func linearResidual(
    observations: [Double], observationDimension o: Int, frames: [Float], pixels: Int
  ) -> Double {
    let n = frames.count / pixels
    let m = o + 1
    var design = [Double](repeating: 1, count: n * m)
    for row in 0..<n {
      for k in 0..<o { design[row * m + 1 + k] = observations[row * o + k] }
    }
    let a = Tensor<Double>(shape: [n, m], scalars: design)
    let x = Tensor<Double>(shape: [n, pixels], scalars: frames.map(Double.init))
    var gram = Tensor.matmul(a, a, transposeA: true)
    let ridge = 1e-9 * (1 + (0..<m).reduce(0) { $0 + gram.scalars[$1 * m + $1] } / Double(m))
    for i in 0..<m { gram.scalars[i * m + i] += ridge }
    let projections = Tensor.matmul(a, x, transposeA: true)
    guard
      let factor = try? BatchedMatrices.cholesky(Tensor(shape: [1, m, m], scalars: gram.scalars))
    else { return .infinity }
    let whitened = BatchedMatrices.solveTriangular(
      factor, Tensor(shape: [1, m, pixels], scalars: projections.scalars))
    let explained = whitened.scalars.reduce(0) { $0 + $1 * $1 }
    let total = x.scalars.reduce(0) { $0 + $1 * $1 }
    return max(0, total - explained)
  }

  /// The rotation among `steps` equally spaced angles in each of `planes` under which h of
  /// the rotated `means` (N x d) best explains `frames` (N x P) linearly; the identity when
  /// nothing does better. Nil when `planes` is empty.
  public static func choose(
    means: [Double], frames: [Float], pixels: Int, model: any TransitionModel,
    parameters: [Double], planes: [StatePlane], steps: Int = 36
  ) -> Choice? {
    guard let first = planes.first else { return nil }
    let d = model.stateDimension
    let count = means.count / d
    func residual(_ states: [Double]) -> Double {
      let h = model.observe(states: states, count: count, parameters: parameters, jacobians: false)
        .observations
      return linearResidual(
        observations: h, observationDimension: model.observationDimension, frames: frames,
        pixels: pixels)
    }
    let unrotated = residual(means)
    var best = Choice(plane: first, angle: 0, residual: unrotated, unrotatedResidual: unrotated)
    for plane in planes {
      for k in 1..<steps {
        let angle = 2 * Double.pi * Double(k) / Double(steps)
        let value = residual(plane.rotate(means, dimension: d, angle: angle))
        if value < best.residual {
          best = Choice(plane: plane, angle: angle, residual: value, unrotatedResidual: unrotated)
        }
      }
    }
    return best
  }
}
