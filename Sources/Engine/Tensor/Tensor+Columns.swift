extension Tensor {
  /// Splits a `[rows, a + b]` matrix into its first `a` columns and the rest (e.g. an
  /// encoder's output into mean and log-variance). The adjoint is `init(concatenatingColumns:_:)`.
  public func splitColumns(at split: Int) -> (Tensor, Tensor) {
    precondition(rank == 2 && split >= 0 && split <= shape[1], "cannot split \(shape) at \(split)")
    let rows = shape[0]
    let width = shape[1]
    var left = [Scalar]()
    var right = [Scalar]()
    left.reserveCapacity(rows * split)
    right.reserveCapacity(rows * (width - split))
    for row in 0..<rows {
      left.append(contentsOf: scalars[(row * width)..<(row * width + split)])
      right.append(contentsOf: scalars[(row * width + split)..<((row + 1) * width)])
    }
    return (
      Tensor(shape: [rows, split], scalars: left),
      Tensor(shape: [rows, width - split], scalars: right)
    )
  }

  /// Joins `[rows, a]` and `[rows, b]` matrices side by side into `[rows, a + b]`. The adjoint
  /// is `splitColumns(at: a)`.
  public init(concatenatingColumns left: Tensor, _ right: Tensor) {
    precondition(
      left.rank == 2 && right.rank == 2 && left.shape[0] == right.shape[0],
      "cannot concatenate \(left.shape) and \(right.shape)")
    let rows = left.shape[0]
    let (a, b) = (left.shape[1], right.shape[1])
    var values = [Scalar]()
    values.reserveCapacity(rows * (a + b))
    for row in 0..<rows {
      values.append(contentsOf: left.scalars[(row * a)..<((row + 1) * a)])
      values.append(contentsOf: right.scalars[(row * b)..<((row + 1) * b)])
    }
    self.init(shape: [rows, a + b], scalars: values)
  }
}
