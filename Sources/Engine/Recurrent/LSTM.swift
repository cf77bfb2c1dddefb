/// A stacked LSTM run one time step at a time on a batch, with backpropagation through
/// time one step at a time in reverse.
///
/// Stepping (rather than a whole-sequence `forward`) is what models like SVG need: the
/// input at step t depends on other networks' outputs at step t. Layer 0 reads the input
/// `[batch, inputSize]`; layer l > 0 reads the new hidden state of layer l - 1; `step`
/// returns the top layer's hidden state `[batch, hiddenSize]`. Each layer is an `LSTMCell`
/// (formulas, gate order i, f, g, o, initialisation and forget bias there): one gemm per
/// layer per step for the whole batch.
///
/// Use:
///
///     lstm.reset(batch: b)                            // zero state, clear caches
///     for t in 0..<T { y[t] = lstm.step(x[t]) }       // caches every step
///     for t in (0..<T).reversed() { dx[t] = lstm.backwardStep(dy[t]) }
///
/// or, when the whole input sequence is known in advance (teacher forcing), the same
/// values with fewer, larger gemms (LSTM+Sequence.swift):
///
///     let y = lstm.forward(sequence: x, batch: b)     // [T * b, inputSize], time-major
///     let dx = lstm.backward(sequence: dy)            // weight gradients: one gemm each
///
/// `backwardStep` takes dL/dy for the latest step not yet differentiated (the last one
/// first) and returns dL/dx of that step. It carries dL/dh and dL/dc of every layer back to
/// the previous step internally (BPTT): the hidden-state gradient of layer l at step t is
/// dy_t (top layer) or the input gradient of layer l + 1 at step t, plus the gradient
/// flowing back from step t + 1; the initial state is a constant zero, so the gradient
/// reaching it is dropped. Parameter gradients are added, as everywhere in the engine.
///
/// Parameters: `"<layer>.weight"` `[in_l + hiddenSize, 4 hiddenSize]` and `"<layer>.bias"`
/// `[4 hiddenSize]`, in_0 = inputSize, in_l = hiddenSize for l > 0.
public struct LSTM<Scalar: BLASScalar>: ParameterContainer, Sendable {
  public var cells: [LSTMCell<Scalar>]
  /// The batch size set by the last `reset(batch:)`.
  public private(set) var batch = 0
  /// The current hidden and cell states of every layer, `[batch, hiddenSize]` each.
  public private(set) var hidden: [Tensor<Scalar>] = []
  public private(set) var cell: [Tensor<Scalar>] = []
  /// Per forward step not yet differentiated, the cache of every layer.
  private var caches: [[LSTMCell<Scalar>.Cache]] = []
  /// The gradients carried back to the states after the last `backwardStep`.
  private var hiddenGradient: [Tensor<Scalar>] = []
  private var cellGradient: [Tensor<Scalar>] = []
  /// Per layer, the cache of the last `forward(sequence:batch:)` not yet differentiated
  /// (LSTM+Sequence.swift).
  var sequenceCaches: [LSTMCell<Scalar>.SequenceCache] = []

  /// `layers` cells of `hiddenSize` units, the first reading `inputSize` inputs.
  public init(
    inputSize: Int, hiddenSize: Int, layers: Int = 1, forgetBias: Scalar = 1,
    generator: inout some RandomNumberGenerator
  ) {
    precondition(layers > 0, "an LSTM needs at least one layer")
    cells = (0..<layers).map { layer in
      LSTMCell(
        inputSize: layer == 0 ? inputSize : hiddenSize, hiddenSize: hiddenSize,
        forgetBias: forgetBias, generator: &generator)
    }
  }

  public var inputSize: Int { cells[0].inputSize }
  public var hiddenSize: Int { cells[0].hiddenSize }
  public var layerCount: Int { cells.count }
  /// The number of forward steps whose backward step is still to come.
  public var pendingSteps: Int { caches.count }

  public var name: String {
    "LSTM(\(inputSize)->\(hiddenSize), \(layerCount) layer\(layerCount == 1 ? "" : "s"))"
  }

  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    for index in cells.indices {
      try cells[index].visitParameters(prefix: prefix + "\(index).", body)
    }
  }

  /// Starts a new sequence: zero hidden and cell states for `batch` rows, no cached steps,
  /// zero carried gradients.
  public mutating func reset(batch: Int) {
    precondition(batch > 0, "\(name): batch must be positive, got \(batch)")
    self.batch = batch
    let zeros = Tensor<Scalar>(zeros: [batch, hiddenSize])
    hidden = Array(repeating: zeros, count: layerCount)
    cell = hidden
    hiddenGradient = hidden
    cellGradient = hidden
    caches = []
    sequenceCaches = []
  }

  /// Sets the state of one layer (after a whole-sequence forward).
  mutating func setFinalState(layer: Int, hidden h: Tensor<Scalar>, cell c: Tensor<Scalar>) {
    hidden[layer] = h
    cell[layer] = c
  }

  /// One time step: `[batch, inputSize]` in, the top layer's new hidden state
  /// `[batch, hiddenSize]` out. Caches what `backwardStep` needs.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func step(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    precondition(batch > 0, "\(name): step before reset(batch:)")
    precondition(
      input.rank == 2 && input.shape == [batch, inputSize],
      "\(name) expects [\(batch), \(inputSize)], got \(input.shape)")
    var x = input
    var stepCaches: [LSTMCell<Scalar>.Cache] = []
    stepCaches.reserveCapacity(layerCount)
    for layer in cells.indices {
      let (h, c, cache) = cells[layer].forward(x, hidden: hidden[layer], cell: cell[layer])
      hidden[layer] = h
      cell[layer] = c
      stepCaches.append(cache)
      x = h
    }
    caches.append(stepCaches)
    return x
  }

  /// The backward step of the latest forward step not yet differentiated: takes dL/dy of
  /// that step's output `[batch, hiddenSize]`, adds parameter gradients, carries the state
  /// gradients to the step before, and returns dL/dx of that step `[batch, inputSize]`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func backwardStep(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
    guard let stepCaches = caches.popLast() else {
      preconditionFailure("\(name): backwardStep without a pending forward step")
    }
    precondition(
      outputGradient.shape == [batch, hiddenSize],
      "\(name): output gradient must be [\(batch), \(hiddenSize)], got \(outputGradient.shape)")
    var gradient = outputGradient
    for layer in cells.indices.reversed() {
      gradient += hiddenGradient[layer]
      let (dx, dh, dc) = cells[layer].backward(
        stepCaches[layer], hiddenGradient: gradient, cellGradient: cellGradient[layer])
      hiddenGradient[layer] = dh
      cellGradient[layer] = dc
      gradient = dx
    }
    return gradient
  }
}
