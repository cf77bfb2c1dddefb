/// Buffer reuse across training steps.
///
/// Fresh large allocations are expensive (every new page faults on first touch), so layers
/// keep their outputs and gradients and write the next step's values into the same storage.
/// Copy-on-write keeps this safe: a buffer that someone else still references is copied,
/// never overwritten. Layers drop their references to tensors they do not own (cached
/// inputs) at the end of `backward`, so in a training loop every buffer is unique again by
/// the next forward pass.
extension Tensor {
  /// Takes the tensor out of `buffer`, reshaped to `shape`, when it has that many elements;
  /// otherwise a new zero tensor. The contents are unspecified: callers overwrite them.
  static func reusing(_ buffer: inout Tensor?, shape: [Int]) -> Tensor {
    let count = shape.reduce(1, *)
    if var tensor = buffer, tensor.count == count {
      buffer = nil
      tensor.reshape(to: shape)
      return tensor
    }
    buffer = nil
    return Tensor(zeros: shape)
  }

  /// The gradient with respect to the pre-activation, written into `buffer`'s storage
  /// (or this tensor itself for the identity).
  func preActivationGradient(
    _ activation: Activation, output: Tensor, buffer: inout Tensor?
  ) -> Tensor {
    if activation == .identity { return self }
    var result = Tensor.reusing(&buffer, shape: shape)
    activation.backward(output: output, outputGradient: self, into: &result)
    buffer = result
    return result
  }
}

/// Makes `buffer` hold exactly `count` elements, keeping its storage when possible (the
/// unfolded matrices are large; reusing them avoids page faults on every step).
func resize<Scalar: BLASScalar>(_ buffer: inout [Scalar], to count: Int) {
  if buffer.count == count { return }
  if buffer.count > count {
    buffer.removeLast(buffer.count - count)
  } else {
    buffer.append(contentsOf: repeatElement(0, count: count - buffer.count))
  }
}
