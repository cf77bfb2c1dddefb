import Engine
import Foundation
import Testing
import VidlatSupport

@Suite struct LinearAlgebraTests {
  /// A batch of random symmetric positive definite matrices M M^T + d I.
  func spd(batch: Int, d: Int, seed: UInt64) -> Tensor<Double> {
    var generator = SeededGenerator(seed: seed)
    let m = Tensor<Double>.randomNormal(shape: [batch, d, d], using: &generator)
    var a = BatchedMatrices.matmul(m, m, transposeB: true)
    for index in 0..<batch {
      for i in 0..<d { a[index, i, i] += Double(d) }
    }
    return a
  }

  func symmetrized(_ s: Tensor<Double>) -> Tensor<Double> {
    0.5 * (s + BatchedMatrices.transpose(s))
  }

  @Test(arguments: [1, 2, 3, 8])
  func choleskyReconstructsAndMatchesFiniteDifferences(d: Int) throws {
    let a = spd(batch: 3, d: d, seed: UInt64(20 + d))
    let l = try BatchedMatrices.cholesky(a)
    let product = BatchedMatrices.matmul(l, l, transposeB: true)
    #expect(zip(product.scalars, a.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
    #expect(BatchedMatrices.lowerTriangle(l) == l)

    var generator = SeededGenerator(seed: 30)
    let weights = Tensor<Double>.randomNormal(shape: l.shape, using: &generator)
    // f(S) = <W, chol(sym(S))>: its gradient with respect to S equals the symmetric Abar.
    let analytic = BatchedMatrices.choleskyBackward(
      factor: l, factorGradient: BatchedMatrices.lowerTriangle(weights))
    let numeric = numericalGradient(
      of: { s in
        guard let factor = try? BatchedMatrices.cholesky(symmetrized(s)) else { return .nan }
        return (BatchedMatrices.lowerTriangle(weights) * factor).sum()
      }, at: a)
    expectClose(analytic, numeric, "cholesky d=\(d)")
  }

  @Test func choleskyReportsTheFailingMatrix() {
    var a = spd(batch: 3, d: 2, seed: 40)
    a[2, 1, 1] = -5
    #expect(throws: LinearAlgebraError.self) { _ = try BatchedMatrices.cholesky(a) }
    do {
      _ = try BatchedMatrices.cholesky(a)
    } catch {
      #expect(error.matrix == 2 && error.pivot == 1)
    }
  }

  @Test(arguments: [false, true])
  func triangularSolveMatchesFiniteDifferences(transposed: Bool) throws {
    let l = try BatchedMatrices.cholesky(spd(batch: 2, d: 4, seed: 41))
    var generator = SeededGenerator(seed: 42)
    let b = Tensor<Double>.randomNormal(shape: [2, 4, 3], using: &generator)
    let weights = Tensor<Double>.randomNormal(shape: [2, 4, 3], using: &generator)
    let x = BatchedMatrices.solveTriangular(l, b, transposed: transposed)
    let lhs = BatchedMatrices.matmul(l, x, transposeA: transposed)
    #expect(zip(lhs.scalars, b.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
    let gradients = BatchedMatrices.solveTriangularBackward(
      l, solution: x, transposed: transposed, solutionGradient: weights)
    func loss(_ l: Tensor<Double>, _ b: Tensor<Double>) -> Double {
      (BatchedMatrices.solveTriangular(l, b, transposed: transposed) * weights).sum()
    }
    expectClose(gradients.b, numericalGradient(of: { loss(l, $0) }, at: b), "solve B")
    // Only the lower triangle of L is read, so finite differences above it are zero.
    expectClose(gradients.l, numericalGradient(of: { loss($0, b) }, at: l), "solve L")
  }

  @Test func inverseFromTheCholeskyFactorInverts() throws {
    let a = spd(batch: 4, d: 3, seed: 44)
    let inverse = BatchedMatrices.inverse(choleskyFactor: try BatchedMatrices.cholesky(a))
    let product = BatchedMatrices.matmul(a, inverse)
    for index in 0..<4 {
      for i in 0..<3 {
        for j in 0..<3 { #expect(abs(product[index, i, j] - (i == j ? 1 : 0)) < 1e-12) }
      }
    }
  }

  @Test func logDeterminantMatchesFiniteDifferences() throws {
    let a = spd(batch: 3, d: 3, seed: 43)
    let l = try BatchedMatrices.cholesky(a)
    let logDet = BatchedMatrices.logDeterminant(choleskyFactor: l)
    // 3 x 3 determinant by the rule of Sarrus for the first matrix.
    let m = { (i: Int, j: Int) in a[0, i, j] }
    let det =
      m(0, 0) * (m(1, 1) * m(2, 2) - m(1, 2) * m(2, 1))
      - m(0, 1) * (m(1, 0) * m(2, 2) - m(1, 2) * m(2, 0))
      + m(0, 2) * (m(1, 0) * m(2, 1) - m(1, 1) * m(2, 0))
    #expect(abs(logDet[0] - log(det)) < 1e-12)
    let weights = Tensor<Double>(shape: [3], scalars: [0.5, -1, 2])
    let analytic = BatchedMatrices.logDeterminantBackward(choleskyFactor: l, gradient: weights)
    let numeric = numericalGradient(
      of: { (BatchedMatrices.logDeterminant(choleskyFactor: $0) * weights).sum() }, at: l)
    expectClose(analytic, numeric, "log-determinant")
    // Through Cholesky: d log det A / dA = A^-1.
    let aBar = BatchedMatrices.choleskyBackward(factor: l, factorGradient: analytic)
    let numericA = numericalGradient(
      of: { s in
        guard let factor = try? BatchedMatrices.cholesky(symmetrized(s)) else { return .nan }
        return (BatchedMatrices.logDeterminant(choleskyFactor: factor) * weights).sum()
      }, at: a)
    expectClose(aBar, numericA, "log-determinant of A")
  }

  @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
  func batchedMatmulMatchesFiniteDifferences(transposeA: Bool, transposeB: Bool) {
    var generator = SeededGenerator(seed: 44)
    let a = Tensor<Double>.randomNormal(
      shape: transposeA ? [2, 4, 3] : [2, 3, 4], using: &generator)
    let b = Tensor<Double>.randomNormal(
      shape: transposeB ? [2, 5, 4] : [2, 4, 5], using: &generator)
    let weights = Tensor<Double>.randomNormal(shape: [2, 3, 5], using: &generator)
    func loss(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double {
      (BatchedMatrices.matmul(a, b, transposeA: transposeA, transposeB: transposeB) * weights)
        .sum()
    }
    let gradients = BatchedMatrices.matmulBackward(
      a, b, transposeA: transposeA, transposeB: transposeB, productGradient: weights)
    expectClose(gradients.a, numericalGradient(of: { loss($0, b) }, at: a), "matmul A")
    expectClose(gradients.b, numericalGradient(of: { loss(a, $0) }, at: b), "matmul B")
  }
}
