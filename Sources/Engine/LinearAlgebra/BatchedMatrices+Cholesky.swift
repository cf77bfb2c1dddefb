extension BatchedMatrices {
  /// The Cholesky factors L (lower triangular, positive diagonal, A = L L^T) of a batch of
  /// symmetric positive definite matrices. Only the lower triangle of A is read.
  ///
  /// - Throws: `LinearAlgebraError` naming the first matrix that is not positive definite.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func cholesky<Scalar: BLASScalar>(
    _ a: Tensor<Scalar>
  ) throws(LinearAlgebraError) -> Tensor<Scalar> {
    let (batch, d, columns) = dimensions(a)
    precondition(d == columns, "cholesky needs square matrices, got \(a.shape)")
    var l = Tensor<Scalar>(zeros: a.shape)
    var failure: LinearAlgebraError?
    a.scalars.withUnsafeBufferPointer { pa in
      l.scalars.withUnsafeMutableBufferPointer { pl in
        matrices: for index in 0..<batch {
          let o = index * d * d
          for j in 0..<d {
            var diagonal = pa[o + j * d + j]
            for k in 0..<j { diagonal -= pl[o + j * d + k] * pl[o + j * d + k] }
            guard diagonal > 0, diagonal.isFinite else {
              failure = LinearAlgebraError(matrix: index, pivot: j, value: Double(diagonal))
              break matrices
            }
            let pivot = diagonal.squareRoot()
            pl[o + j * d + j] = pivot
            for i in (j + 1)..<max(d, j + 1) {
              var sum = pa[o + i * d + j]
              for k in 0..<j { sum -= pl[o + i * d + k] * pl[o + j * d + k] }
              pl[o + i * d + j] = sum / pivot
            }
          }
        }
      }
    }
    if let failure { throw failure }
    return l
  }

  /// The gradient with respect to the symmetric matrix A given the gradient with respect to
  /// its Cholesky factor L (Murray 2016, "Differentiation of the Cholesky decomposition"):
  ///
  ///     P = Phi(L^T Lbar),   Abar = L^-T P L^-1,   returned: (Abar + Abar^T) / 2
  ///
  /// where Phi keeps the lower triangle and halves the diagonal. The result is symmetric:
  /// it is the gradient for symmetric perturbations of A (perturbing both A_ij and A_ji by
  /// e changes the loss by 2 Abar_ij e), which is what a caller that builds A symmetrically
  /// (e.g. J Sigma J^T + Q) needs.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func choleskyBackward<Scalar: BLASScalar>(
    factor l: Tensor<Scalar>, factorGradient lBar: Tensor<Scalar>
  ) -> Tensor<Scalar> {
    let (batch, d, _) = dimensions(l)
    precondition(lBar.shape == l.shape, "gradient shape \(lBar.shape) vs factor \(l.shape)")
    // P = Phi(L^T Lbar) (only the lower triangle of Lbar matters: L is lower triangular).
    var p = matmul(l, lowerTriangle(lBar), transposeA: true)
    p.scalars.withUnsafeMutableBufferPointer { pp in
      for index in 0..<batch {
        let o = index * d * d
        for i in 0..<d {
          for j in 0..<d {
            if j > i { pp[o + i * d + j] = 0 } else if j == i { pp[o + i * d + j] /= 2 }
          }
        }
      }
    }
    // Abar = L^-T P L^-1: solve L^T X = P, then Abar^T = L^-T X^T.
    let x = solveTriangular(l, p, transposed: true)
    let aBarTransposed = solveTriangular(l, transpose(x), transposed: true)
    var result = aBarTransposed
    result.scalars.withUnsafeMutableBufferPointer { r in
      for index in 0..<batch {
        let o = index * d * d
        for i in 0..<d {
          for j in 0..<i {
            let mean = (r[o + i * d + j] + r[o + j * d + i]) / 2
            r[o + i * d + j] = mean
            r[o + j * d + i] = mean
          }
        }
      }
    }
    return result
  }

  /// Each matrix transposed (`[batch, m, n]` to `[batch, n, m]`); its own adjoint.
  public static func transpose<Scalar: BLASScalar>(_ a: Tensor<Scalar>) -> Tensor<Scalar> {
    let (batch, m, n) = dimensions(a)
    var t = Tensor<Scalar>(zeros: [batch, n, m])
    for index in 0..<batch {
      for i in 0..<m {
        for j in 0..<n {
          t.scalars[index * m * n + j * m + i] = a.scalars[index * m * n + i * n + j]
        }
      }
    }
    return t
  }

  /// The lower triangle of each square matrix (including the diagonal), zeros above.
  public static func lowerTriangle<Scalar: BLASScalar>(_ a: Tensor<Scalar>) -> Tensor<Scalar> {
    let (batch, d, _) = dimensions(a)
    var result = a
    for index in 0..<batch {
      for i in 0..<d {
        for j in (i + 1)..<max(d, i + 1) { result.scalars[index * d * d + i * d + j] = 0 }
      }
    }
    return result
  }
}
