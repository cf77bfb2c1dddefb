import Foundation
import Testing
import VidlatSupport

@testable import PhysicsVAE

@Suite struct ProcrustesTests {
  /// A smooth 2-D path, `n x 2` row-major.
  let path: [Double] = (0..<60).flatMap { (t: Int) -> [Double] in
    let time = Double(t)
    return [sin(time * 0.2) + 0.1 * time, cos(time * 0.13)]
  }

  /// The truth rotated, scaled, translated (and mirrored) is the truth up to a similarity:
  /// MSE 0 and R^2 1, and the fit finds the inverse map.
  @Test func aSimilarityCopyScoresPerfectly() throws {
    for mirrored in [false, true] {
      let (angle, scale, shift) = (2.1, 0.37, (4.0, -1.5))
      let copy = (0..<60).flatMap { i -> [Double] in
        let (x, y) = (path[2 * i], mirrored ? -path[2 * i + 1] : path[2 * i + 1])
        return [
          scale * (cos(angle) * x - sin(angle) * y) + shift.0,
          scale * (sin(angle) * x + cos(angle) * y) + shift.1,
        ]
      }
      let fit = try #require(LatentRecovery.procrustes(estimate: copy, truth: path))
      #expect(fit.meanSquaredError < 1e-24, "mirrored \(mirrored)")
      #expect(abs(fit.rSquared - 1) < 1e-12)
      #expect(abs(fit.scale - 1 / scale) < 1e-12)
      let determinant = fit.rotation[0] * fit.rotation[3] - fit.rotation[1] * fit.rotation[2]
      #expect(abs(determinant - (mirrored ? -1 : 1)) < 1e-12)
    }
  }

  /// Four points against numpy's SVD solution (U S V^T = X_c^T Y_c, R = (U V^T)^T,
  /// s = trace S / |X_c|^2): MSE 0.114391143911439, R^2 0.947706905640485, s 0.699707284.
  @Test func aSmallExampleMatchesNumpy() throws {
    let truth: [Double] = [0, 0, 1, 0, 0, 2, 3, 1]
    let estimate: [Double] = [1, 1, 2, 0.5, 0, 3, 4, 4]
    let fit = try #require(LatentRecovery.procrustes(estimate: estimate, truth: truth))
    #expect(abs(fit.meanSquaredError - 0.11439114391143916) < 1e-12)
    #expect(abs(fit.rSquared - 0.947706905640485) < 1e-12)
    #expect(abs(fit.scale - 0.6997072840529159) < 1e-12)
    for (got, want) in zip(fit.rotation, [0.89652672, 0.44298967, -0.44298967, 0.89652672]) {
      #expect(abs(got - want) < 1e-8)
    }
  }

  /// A shear is not a similarity: the affine R^2 stays 1 but Procrustes does not.
  @Test func aShearIsPenalisedAndDegenerateInputsAreNil() throws {
    let sheared: [Double] = (0..<60).flatMap { (i: Int) -> [Double] in
      [path[2 * i] + 2 * path[2 * i + 1], path[2 * i + 1]]
    }
    let fit = try #require(LatentRecovery.procrustes(estimate: sheared, truth: path))
    #expect(fit.rSquared < 0.95)
    let constant = [Double](repeating: 3, count: 120)
    #expect(LatentRecovery.procrustes(estimate: constant, truth: path)?.rSquared == 0)
    #expect(LatentRecovery.procrustes(estimate: path, truth: constant) == nil)
    #expect(LatentRecovery.procrustes(estimate: [1, 2, 3], truth: [1, 2, 3]) == nil)
  }
}
