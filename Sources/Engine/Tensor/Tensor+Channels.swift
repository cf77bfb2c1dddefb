/// Concatenation along the last (channel) axis, for skip connections on NHWC batches.
///
/// `[..., a]` and `[..., b]` with the same leading dimensions join into `[..., a + b]`:
/// every pixel's a channels of the first tensor, then its b channels of the second. Viewed
/// as matrices `[pixels, channels]` this is `init(concatenatingColumns:_:)`, and the adjoint
/// is the split at a: the gradient of the joined tensor splits into the gradient of each
/// part (`splitChannels(at:)`).
extension Tensor {
  /// Joins two tensors along the last axis; the leading dimensions must agree.
  public init(concatenatingChannels first: Tensor, _ second: Tensor) {
    precondition(
      first.rank >= 1 && first.rank == second.rank
        && first.shape.dropLast() == second.shape.dropLast(),
      "cannot concatenate the channels of \(first.shape) and \(second.shape)")
    let (a, b) = (first.shape.last!, second.shape.last!)
    let pixels = first.shape.dropLast().reduce(1, *)
    let joined = Tensor(
      concatenatingColumns: first.reshaped(to: [pixels, a]), second.reshaped(to: [pixels, b]))
    self = joined.reshaped(to: first.shape.dropLast() + [a + b])
  }

  /// Splits the last axis into its first `split` channels and the rest: the adjoint of
  /// `init(concatenatingChannels:_:)`.
  public func splitChannels(at split: Int) -> (Tensor, Tensor) {
    precondition(rank >= 1, "cannot split the channels of a scalar")
    let channels = shape.last!
    let pixels = shape.dropLast().reduce(1, *)
    let (left, right) = reshaped(to: [pixels, channels]).splitColumns(at: split)
    let leading = Array(shape.dropLast())
    return (left.reshaped(to: leading + [split]), right.reshaped(to: leading + [channels - split]))
  }
}
