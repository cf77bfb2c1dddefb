extension LSTM {
  /// Runs a whole time-major sequence `[steps * batch, inputSize]` from a zero state and
  /// returns the top layer's hidden state of every step `[steps * batch, hiddenSize]`:
  /// the same values as `reset(batch:)` and `step` on each step in turn, computed layer by
  /// layer (`LSTMCell.forward(sequence:batch:)`: one gemm for the inputs of all steps, one
  /// gemm per step for the recurrence). Caches for `backward(sequence:)`; clears the cached
  /// steps of `step` and leaves the final states in `hidden` and `cell`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(sequence input: Tensor<Scalar>, batch: Int) -> Tensor<Scalar> {
    precondition(
      input.rank == 2 && input.shape[1] == inputSize && batch > 0 && input.shape[0] > 0
        && input.shape[0] % batch == 0,
      "\(name) expects [steps * \(batch), \(inputSize)], got \(input.shape)")
    reset(batch: batch)
    let rows = input.shape[0]
    var x = input
    var layerCaches: [LSTMCell<Scalar>.SequenceCache] = []
    for layer in cells.indices {
      let (states, cache) = cells[layer].forward(sequence: x, batch: batch)
      layerCaches.append(cache)
      setFinalState(
        layer: layer, hidden: states.rowBlock((rows - batch)..<rows),
        cell: cache.cells.rowBlock((rows - batch)..<rows))
      x = states
    }
    sequenceCaches = layerCaches
    return x
  }

  /// The backward pass of `forward(sequence:batch:)`: takes dL/dy of every step
  /// `[steps * batch, hiddenSize]`, adds the parameter gradients (each weight's as one gemm
  /// over all steps) and returns dL/dx of every step `[steps * batch, inputSize]`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func backward(sequence outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
    precondition(
      sequenceCaches.count == layerCount, "\(name): backward(sequence:) without a forward")
    precondition(
      outputGradient.shape == sequenceCaches[layerCount - 1].hidden.shape,
      "\(name): output gradient must be \(sequenceCaches[layerCount - 1].hidden.shape), "
        + "got \(outputGradient.shape)")
    var gradient = outputGradient
    for layer in cells.indices.reversed() {
      gradient = cells[layer].backward(
        sequence: sequenceCaches[layer], hiddenGradient: gradient)
    }
    sequenceCaches = []
    return gradient
  }
}

extension Tensor {
  /// Rows `range` of a matrix, as a new matrix.
  func rowBlock(_ range: Range<Int>) -> Tensor {
    let width = shape[1]
    return Tensor(
      shape: [range.count, width],
      scalars: Array(scalars[(range.lowerBound * width)..<(range.upperBound * width)]))
  }
}
