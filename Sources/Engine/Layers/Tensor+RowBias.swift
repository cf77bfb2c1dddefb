extension Tensor {
  /// A `[rows, bias.count]`-element buffer (shaped `shape`) whose every row is `bias`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func repeatingRows(_ bias: Tensor, shape: [Int]) -> Tensor {
    let width = bias.count
    let total = shape.reduce(1, *)
    let rows = width == 0 ? 0 : total / width
    let scalars = [Scalar](unsafeUninitializedCapacity: total) { buffer, initialized in
      bias.scalars.withUnsafeBufferPointer { b in
        for row in 0..<rows {
          (buffer.baseAddress! + row * width).initialize(from: b.baseAddress!, count: width)
        }
      }
      initialized = total
    }
    return Tensor(shape: shape, scalars: scalars)
  }

  /// Adds the column sums of this tensor, viewed as `[rows, gradient.count]`, into
  /// `gradient` (the bias gradient of a layer that adds a bias to every row).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func addColumnSums(into gradient: inout Tensor) {
    let width = gradient.count
    let rows = width == 0 ? 0 : count / width
    scalars.withUnsafeBufferPointer { g in
      gradient.scalars.withUnsafeMutableBufferPointer { db in
        for row in 0..<rows {
          let base = row * width
          for j in 0..<width { db[j] += g[base + j] }
        }
      }
    }
  }
}
