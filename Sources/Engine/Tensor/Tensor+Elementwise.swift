/// Elementwise arithmetic, reductions and their adjoints.
///
/// Adjoints (for reverse mode, with upstream gradient g): for `a + b` both get g;
/// for `a - b`, a gets g and b gets -g; for `a * b` (elementwise), a gets g * b and b gets
/// g * a; for `s * a`, a gets s * g; for `sum()`, every element gets g; for `mean()`, every
/// element gets g / count; for `sum(alongAxis: 0)`, every row gets the gradient row.
extension Tensor {
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  private static func combine(
    _ lhs: Tensor, _ rhs: Tensor, _ operation: (Scalar, Scalar) -> Scalar
  ) -> Tensor {
    precondition(lhs.shape == rhs.shape, "shape mismatch: \(lhs.shape) vs \(rhs.shape)")
    var result = lhs
    result.scalars.withUnsafeMutableBufferPointer { r in
      rhs.scalars.withUnsafeBufferPointer { b in
        for i in 0..<r.count { r[i] = operation(r[i], b[i]) }
      }
    }
    return result
  }

  /// Elementwise sum of two tensors of the same shape.
  public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { combine(lhs, rhs, +) }
  /// Elementwise difference of two tensors of the same shape.
  public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { combine(lhs, rhs, -) }
  /// Elementwise (Hadamard) product of two tensors of the same shape.
  public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { combine(lhs, rhs, *) }

  /// Every element multiplied by a scalar.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func * (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.map { lhs * $0 } }

  /// Adds `rhs` to `lhs` elementwise in place.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func += (lhs: inout Tensor, rhs: Tensor) {
    precondition(lhs.shape == rhs.shape, "shape mismatch: \(lhs.shape) vs \(rhs.shape)")
    lhs.scalars.withUnsafeMutableBufferPointer { a in
      rhs.scalars.withUnsafeBufferPointer { b in
        for i in 0..<a.count { a[i] += b[i] }
      }
    }
  }

  /// Multiplies every element by `factor` in place (0 clears the tensor).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func scale(by factor: Scalar) {
    scalars.withUnsafeMutableBufferPointer { x in
      for i in 0..<x.count { x[i] = factor == 0 ? 0 : x[i] * factor }
    }
  }

  /// The tensor with `transform` applied to every element.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func map(_ transform: (Scalar) -> Scalar) -> Tensor {
    var result = self
    result.scalars.withUnsafeMutableBufferPointer { r in
      for i in 0..<r.count { r[i] = transform(r[i]) }
    }
    return result
  }

  /// The sum of all elements, accumulated in Double.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func sum() -> Double {
    scalars.withUnsafeBufferPointer { x in
      var total = 0.0
      for value in x { total += Double(value) }
      return total
    }
  }

  /// The mean of all elements, accumulated in Double.
  public func mean() -> Double {
    count == 0 ? 0 : sum() / Double(count)
  }

  /// The sum over the first dimension: shape `[n, rest...]` becomes `[rest...]`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func sum(alongAxis axis: Int) -> Tensor {
    precondition(axis == 0 && rank >= 1, "only the first axis can be summed over")
    let rows = shape[0]
    let width = rows == 0 ? 0 : count / rows
    var result = [Scalar](repeating: 0, count: width)
    scalars.withUnsafeBufferPointer { x in
      result.withUnsafeMutableBufferPointer { r in
        for row in 0..<rows {
          let base = row * width
          for j in 0..<width { r[j] += x[base + j] }
        }
      }
    }
    return Tensor(shape: Array(shape.dropFirst()), scalars: result)
  }

  /// The sum of squared elements, accumulated in Double.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func squaredNorm() -> Double {
    scalars.withUnsafeBufferPointer { x in
      var total = 0.0
      for value in x { total += Double(value) * Double(value) }
      return total
    }
  }
}

extension Tensor {
  /// The matrix product of two rank-2 tensors, `op(a) * op(b)`, through BLAS gemm.
  ///
  /// Adjoints for C = A B with upstream gradient G: A gets G B^T and B gets A^T G.
  public static func matmul(
    _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
  ) -> Tensor {
    precondition(a.rank == 2 && b.rank == 2, "matmul needs matrices, got \(a.shape) and \(b.shape)")
    let m = transposeA ? a.shape[1] : a.shape[0]
    let k = transposeA ? a.shape[0] : a.shape[1]
    let kB = transposeB ? b.shape[1] : b.shape[0]
    let n = transposeB ? b.shape[0] : b.shape[1]
    precondition(k == kB, "matmul inner dimensions differ: \(a.shape) and \(b.shape)")
    var c = Tensor(zeros: [m, n])
    if m == 0 || n == 0 || k == 0 { return c }
    a.scalars.withUnsafeBufferPointer { pa in
      b.scalars.withUnsafeBufferPointer { pb in
        c.scalars.withUnsafeMutableBufferPointer { pc in
          Scalar.gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
            a: pa.baseAddress!, lda: a.shape[1], b: pb.baseAddress!, ldb: b.shape[1], beta: 0,
            c: pc.baseAddress!, ldc: n)
        }
      }
    }
    return c
  }
}
