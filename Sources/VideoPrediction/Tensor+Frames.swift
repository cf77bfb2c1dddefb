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
}
