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

  /// The backward step through y = activation(z) of a layer whose pre-activation z adds a
  /// bias b to every row: given this gradient dL/dy and the forward output y, adds dL/db,
  /// the column sums of dL/dz, into `biasGradient` and returns dL/dz (see
  /// `preActivationGradient(_:output:buffer:)` for where it is stored).
  func preActivationGradient(
    _ activation: Activation, output: Tensor, buffer: inout Tensor?,
    addingColumnSumsInto biasGradient: inout Tensor
  ) -> Tensor {
    let gradient = preActivationGradient(activation, output: output, buffer: &buffer)
    gradient.addColumnSums(into: &biasGradient)
    return gradient
  }
}
