extension BatchedMatrices {
  /// Solves L X = B (or L^T X = B when `transposed`) for each lower-triangular L
  /// `[batch, d, d]` and right-hand sides B `[batch, d, m]`, by forward (or back)
  /// substitution. Only the lower triangle of L is read.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func solveTriangular<Scalar: BLASScalar>(
    _ l: Tensor<Scalar>, _ b: Tensor<Scalar>, transposed: Bool = false
  ) -> Tensor<Scalar> {
    let (batch, d, columns) = dimensions(l)
    let (batchB, rows, m) = dimensions(b)
    precondition(
      d == columns && batch == batchB && rows == d, "solve shapes \(l.shape), \(b.shape)")
    var x = b
    l.scalars.withUnsafeBufferPointer { pl in
      x.scalars.withUnsafeMutableBufferPointer { px in
        for index in 0..<batch {
          let lo = index * d * d
          let xo = index * d * m
          for column in 0..<m {
            if transposed {
              // L^T is upper triangular: back substitution, (L^T)_ik = L_ki.
              for i in stride(from: d - 1, through: 0, by: -1) {
                var sum = px[xo + i * m + column]
                for k in (i + 1)..<max(d, i + 1) {
                  sum -= pl[lo + k * d + i] * px[xo + k * m + column]
                }
                px[xo + i * m + column] = sum / pl[lo + i * d + i]
              }
            } else {
              for i in 0..<d {
                var sum = px[xo + i * m + column]
                for k in 0..<i { sum -= pl[lo + i * d + k] * px[xo + k * m + column] }
                px[xo + i * m + column] = sum / pl[lo + i * d + i]
              }
            }
          }
        }
      }
    }
    return x
  }

  /// The gradients of X = solveTriangular(L, B, transposed:) with respect to L and B,
  /// given the gradient Xbar of the solution:
  ///
  ///     L X = B:    Bbar = L^-T Xbar,  Lbar = -tril(Bbar X^T)
  ///     L^T X = B:  Bbar = L^-1 Xbar,  Lbar = -tril(X Bbar^T)
  ///
  /// (tril: lower triangle, since only it of L is read).
  public static func solveTriangularBackward<Scalar: BLASScalar>(
    _ l: Tensor<Scalar>, solution x: Tensor<Scalar>, transposed: Bool = false,
    solutionGradient xBar: Tensor<Scalar>
  ) -> (l: Tensor<Scalar>, b: Tensor<Scalar>) {
    let bBar = solveTriangular(l, xBar, transposed: !transposed)
    let outer = transposed ? matmul(x, bBar, transposeB: true) : matmul(bBar, x, transposeB: true)
    return (lowerTriangle(-1 * outer), bBar)
  }

  /// log det A for each A = L L^T, from its Cholesky factor: 2 sum_i log L_ii.
  /// Returns a `[batch]` tensor.
  public static func logDeterminant<Scalar: BLASScalar>(
    choleskyFactor l: Tensor<Scalar>
  ) -> Tensor<Scalar> {
    let (batch, d, _) = dimensions(l)
    var result = Tensor<Scalar>(zeros: [batch])
    for index in 0..<batch {
      var sum: Scalar = 0
      for i in 0..<d { sum += Scalar.log(l.scalars[index * d * d + i * d + i]) }
      result.scalars[index] = 2 * sum
    }
    return result
  }

  /// A^-1 for each A = L L^T, from its Cholesky factor: L^-T (L^-1 I), two triangular solves.
  /// Returns a `[batch, d, d]` tensor.
  public static func inverse<Scalar: BLASScalar>(choleskyFactor l: Tensor<Scalar>)
    -> Tensor<Scalar>
  {
    let (batch, d, _) = dimensions(l)
    var identity = Tensor<Scalar>(zeros: [batch, d, d])
    for index in 0..<batch {
      for i in 0..<d { identity.scalars[index * d * d + i * d + i] = 1 }
    }
    return solveTriangular(l, solveTriangular(l, identity), transposed: true)
  }

  /// The gradient of `logDeterminant(choleskyFactor:)` with respect to L, given the
  /// gradient g `[batch]` of the log-determinants: Lbar_ii = 2 g / L_ii, zero elsewhere.
  public static func logDeterminantBackward<Scalar: BLASScalar>(
    choleskyFactor l: Tensor<Scalar>, gradient g: Tensor<Scalar>
  ) -> Tensor<Scalar> {
    let (batch, d, _) = dimensions(l)
    precondition(g.shape == [batch], "log-determinant gradient must be [batch]")
    var result = Tensor<Scalar>(zeros: l.shape)
    for index in 0..<batch {
      for i in 0..<d {
        let position = index * d * d + i * d + i
        result.scalars[position] = 2 * g.scalars[index] / l.scalars[position]
      }
    }
    return result
  }
}
