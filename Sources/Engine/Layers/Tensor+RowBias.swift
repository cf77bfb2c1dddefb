/// Per-row biases: forward adds a bias vector to every row, backward sums the rows.
extension Tensor {
  /// Sets every row (of width `bias.count`) to `bias`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func fillRows(with bias: Tensor) {
    let width = bias.count
    guard width > 0 else { return }
    scalars.withUnsafeMutableBufferPointer { y in
      bias.scalars.withUnsafeBufferPointer { b in
        for row in 0..<(y.count / width) {
          (y.baseAddress! + row * width).update(from: b.baseAddress!, count: width)
        }
      }
    }
  }

  /// Adds `bias` to every row (of width `bias.count`).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func addToRows(_ bias: Tensor) {
    let width = bias.count
    guard width > 0 else { return }
    scalars.withUnsafeMutableBufferPointer { y in
      bias.scalars.withUnsafeBufferPointer { b in
        for row in 0..<(y.count / width) {
          let base = row * width
          for j in 0..<width { y[base + j] += b[j] }
        }
      }
    }
  }

  /// Adds the column sums of this tensor, viewed as `[rows, gradient.count]`, into
  /// `gradient` (the bias gradient of a layer that adds a bias to every row): one BLAS
  /// gemv, gradient += G^T 1.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func addColumnSums(into gradient: inout Tensor) {
    let width = gradient.count
    let rows = width == 0 ? 0 : count / width
    guard rows > 0 else { return }
    let ones = [Scalar](repeating: 1, count: rows)
    scalars.withUnsafeBufferPointer { g in
      ones.withUnsafeBufferPointer { one in
        gradient.scalars.withUnsafeMutableBufferPointer { db in
          Scalar.gemv(
            transpose: true, m: rows, n: width, alpha: 1, a: g.baseAddress!, lda: width,
            x: one.baseAddress!, beta: 1, y: db.baseAddress!)
        }
      }
    }
  }
}
