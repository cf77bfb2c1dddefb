/// Small dense linear algebra on batches of d x d matrices (d up to about 8), stored as
/// tensors of shape `[batch, d, d]` (or `[batch, d, m]` for right-hand sides), row-major.
///
/// Each operation has an explicit adjoint (`...Backward`) for reverse mode. Loops are plain
/// Swift: at d <= 8 a BLAS call costs more than the arithmetic.
public enum BatchedMatrices {}

/// A matrix that cannot be factored.
public struct LinearAlgebraError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The index of the offending matrix in the batch.
  public var matrix: Int
  /// The pivot (diagonal position) where the factorisation failed.
  public var pivot: Int
  /// The non-positive (or non-finite) value found there.
  public var value: Double

  public var description: String {
    "matrix \(matrix) of the batch is not positive definite (pivot \(pivot) is \(value))"
  }
}

extension BatchedMatrices {
  static func dimensions<Scalar>(_ a: Tensor<Scalar>) -> (batch: Int, rows: Int, columns: Int) {
    precondition(a.rank == 3, "expected a batch of matrices [batch, rows, columns], got \(a.shape)")
    return (a.shape[0], a.shape[1], a.shape[2])
  }

  /// The batched product op(A) op(B), op(X) = X or X^T: `[batch, m, k]` x `[batch, k, n]`.
  ///
  /// Adjoints for C = A B with upstream gradient G: A gets G B^T, B gets A^T G (see
  /// `matmulBackward`).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func matmul<Scalar: BLASScalar>(
    _ a: Tensor<Scalar>, _ b: Tensor<Scalar>, transposeA: Bool = false,
    transposeB: Bool = false
  ) -> Tensor<Scalar> {
    let (batch, aRows, aColumns) = dimensions(a)
    let (batchB, bRows, bColumns) = dimensions(b)
    let (m, k) = transposeA ? (aColumns, aRows) : (aRows, aColumns)
    let (kB, n) = transposeB ? (bColumns, bRows) : (bRows, bColumns)
    precondition(batch == batchB && k == kB, "matmul shapes \(a.shape) and \(b.shape) differ")
    var c = Tensor<Scalar>(zeros: [batch, m, n])
    a.scalars.withUnsafeBufferPointer { pa in
      b.scalars.withUnsafeBufferPointer { pb in
        c.scalars.withUnsafeMutableBufferPointer { pc in
          for index in 0..<batch {
            let a0 = index * aRows * aColumns
            let b0 = index * bRows * bColumns
            let c0 = index * m * n
            for i in 0..<m {
              for j in 0..<n {
                var sum: Scalar = 0
                for l in 0..<k {
                  let x = transposeA ? pa[a0 + l * aColumns + i] : pa[a0 + i * aColumns + l]
                  let y = transposeB ? pb[b0 + j * bColumns + l] : pb[b0 + l * bColumns + j]
                  sum += x * y
                }
                pc[c0 + i * n + j] = sum
              }
            }
          }
        }
      }
    }
    return c
  }

  /// The gradients of `matmul(a, b, transposeA:, transposeB:)` with respect to `a` and `b`,
  /// given the gradient G of the product:
  /// for C = A B: dA = G B^T, dB = A^T G; for C = A^T B: dA = B G^T, dB = A G;
  /// for C = A B^T: dA = G B, dB = G^T A; for C = A^T B^T: dA = B^T G^T, dB = G^T A^T.
  public static func matmulBackward<Scalar: BLASScalar>(
    _ a: Tensor<Scalar>, _ b: Tensor<Scalar>, transposeA: Bool = false,
    transposeB: Bool = false, productGradient g: Tensor<Scalar>
  ) -> (a: Tensor<Scalar>, b: Tensor<Scalar>) {
    switch (transposeA, transposeB) {
    case (false, false):
      (matmul(g, b, transposeB: true), matmul(a, g, transposeA: true))
    case (true, false):
      (matmul(b, g, transposeB: true), matmul(a, g))
    case (false, true):
      (matmul(g, b), matmul(g, a, transposeA: true))
    case (true, true):
      (
        matmul(b, g, transposeA: true, transposeB: true),
        matmul(g, a, transposeA: true, transposeB: true)
      )
    }
  }
}
