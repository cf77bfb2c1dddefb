import Engine

/// Blocks of rows along the first axis: time-major sequences `[frames * batch, ...]` keep
/// step t in rows t * batch ..< (t + 1) * batch, so a step is one contiguous block.
extension Tensor {
  /// The elements of one first-axis row.
  var rowLength: Int { shape.isEmpty || shape[0] == 0 ? 0 : count / shape[0] }

  /// Rows `range` of the first axis, as a tensor `[range.count, rest...]`.
  func rows(_ range: Range<Int>) -> Tensor {
    let width = rowLength
    return Tensor(
      shape: [range.count] + shape.dropFirst(),
      scalars: Array(scalars[(range.lowerBound * width)..<(range.upperBound * width)]))
  }

  /// Adds `block` into the rows starting at `start` (the adjoint of `rows(_:)`).
  mutating func addRows(_ block: Tensor, at start: Int) {
    let width = rowLength
    precondition(
      block.count % max(width, 1) == 0 && start * width + block.count <= count,
      "cannot add \(block.shape) at row \(start) of \(shape)")
    scalars.withUnsafeMutableBufferPointer { y in
      block.scalars.withUnsafeBufferPointer { x in
        let base = start * width
        for i in 0..<x.count { y[base + i] += x[i] }
      }
    }
  }

  /// Joins tensors with equal trailing dimensions along the first axis.
  init(stackingRows blocks: [Tensor]) {
    precondition(!blocks.isEmpty, "nothing to stack")
    let trailing = Array(blocks[0].shape.dropFirst())
    var values: [Scalar] = []
    values.reserveCapacity(blocks.reduce(0) { $0 + $1.count })
    var rows = 0
    for block in blocks {
      precondition(
        Array(block.shape.dropFirst()) == trailing,
        "cannot stack \(block.shape) under \(blocks[0].shape)")
      values.append(contentsOf: block.scalars)
      rows += block.shape[0]
    }
    self.init(shape: [rows] + trailing, scalars: values)
  }

  /// The tensor kept in `buffer`, reshaped to `shape`, when it has that many elements (its
  /// contents unspecified), else a new zero tensor; `buffer` is emptied so the result is
  /// the storage's only owner once the last user of the previous call let go. Large
  /// per-step tensors reuse their storage this way: fresh ones page-fault on every step.
  static func reused(_ buffer: inout Tensor?, shape: [Int]) -> Tensor {
    let count = shape.reduce(1, *)
    defer { buffer = nil }
    if let tensor = buffer, tensor.count == count { return tensor.reshaped(to: shape) }
    return Tensor(zeros: shape)
  }

  /// Writes the channel concatenation of `first` `[steps * pixels, a]` and rows of `second`
  /// `[frames * pixels, b]` (any shapes with those element counts) into this tensor
  /// `[steps * pixels, a + b]`: pixel p of step t joins pixel p of frame `sources[t]` of
  /// `second`, with `pixels` = `pixelsPerStep`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func joinChannels(
    _ first: Tensor, _ second: Tensor, rowsOfStep pixels: Int, sources: [Int]
  ) {
    let b = second.shape.last!
    let a = shape.last! - b
    precondition(
      first.count == sources.count * pixels * a && count == sources.count * pixels * (a + b)
        && second.count >= (sources.max()! + 1) * pixels * b,
      "cannot join \(first.shape) and \(second.shape) into \(shape)")
    scalars.withUnsafeMutableBufferPointer { joined in
      first.scalars.withUnsafeBufferPointer { x in
        second.scalars.withUnsafeBufferPointer { y in
          var destination = joined.baseAddress!
          var left = x.baseAddress!
          for source in sources {
            var right = y.baseAddress! + source * pixels * b
            for _ in 0..<pixels {
              destination.update(from: left, count: a)
              (destination + a).update(from: right, count: b)
              destination += a + b
              left += a
              right += b
            }
          }
        }
      }
    }
  }

  /// The adjoint of `joinChannels`: writes the first `below.shape.last` channels of this
  /// tensor `[steps * pixels, a + b]` into `below` and sets `skip` (`[frames * pixels, b]`,
  /// frames the rows it holds) to the sum, over the steps t in order, of the last b channels
  /// of step t added at frame `targets[t]`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func splitChannels(
    into below: inout Tensor, adding skip: inout Tensor, rowsOfStep pixels: Int, targets: [Int]
  ) {
    let a = below.shape.last!
    let b = shape.last! - a
    precondition(
      count == targets.count * pixels * (a + b) && below.count == targets.count * pixels * a
        && skip.count >= (targets.max()! + 1) * pixels * b,
      "cannot split \(shape) into \(below.shape) and \(skip.shape)")
    skip.scale(by: 0)
    scalars.withUnsafeBufferPointer { joined in
      below.scalars.withUnsafeMutableBufferPointer { x in
        skip.scalars.withUnsafeMutableBufferPointer { y in
          var source = joined.baseAddress!
          var left = x.baseAddress!
          for target in targets {
            var right = y.baseAddress! + target * pixels * b
            for _ in 0..<pixels {
              left.update(from: source, count: a)
              let tail = source + a
              for i in 0..<b { right[i] += tail[i] }
              source += a + b
              left += a
              right += b
            }
          }
        }
      }
    }
  }

  /// Sets this tensor (as many elements as `tensor`) to `tensor` plus `leading` added onto
  /// its first `leading.count` elements.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func setSum(_ tensor: Tensor, leading: Tensor) {
    precondition(count == tensor.count && leading.count <= count, "setSum: sizes differ")
    scalars.withUnsafeMutableBufferPointer { y in
      tensor.scalars.withUnsafeBufferPointer { x in
        leading.scalars.withUnsafeBufferPointer { l in
          for i in 0..<l.count { y[i] = x[i] + l[i] }
          for i in l.count..<x.count { y[i] = x[i] }
        }
      }
    }
  }
}
