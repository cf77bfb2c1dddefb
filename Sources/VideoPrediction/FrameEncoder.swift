import Engine

/// SVG's frame encoder E: a DCGAN-style stack of stride-2 convolutions mapping a frame x_t
/// `[batch, S, S, channels]` to its encoding h_t `[batch, g]` in (-1, 1), and keeping each
/// stage's feature maps for the decoder's skip connections.
///
/// Stages (S = 64, nf = `filters`): conv 4x4 s2 p1 channels -> nf, 64 -> 32; nf -> 2nf,
/// 32 -> 16; 2nf -> 4nf, 16 -> 8; 4nf -> 8nf, 8 -> 4 (each leaky ReLU, slope 0.2); then a
/// 4x4 valid convolution 8nf -> g to 1 x 1, tanh. Every halving of S drops the first stage
/// (S = 32: nf, 2nf, 4nf). The skip maps are the stage outputs, finest first.
///
/// Differences from the paper's DCGAN encoder: no batch normalisation (the engine has none;
/// every stage still ends in the leaky ReLU, weights He-initialised for it).
///
/// Backward: the gradient of h runs back through the last convolution; before each stage's
/// backward, the gradient the decoder sent to that stage's skip map (if any) is added to the
/// gradient of its output, since the map feeds both the next stage and the decoder.
public struct FrameEncoder<Scalar: BLASScalar>: ParameterContainer {
  /// The stride-2 stages, finest first.
  public var stages: [Conv2D<Scalar>]
  /// The 4x4 valid convolution to the encoding.
  public var head: Conv2D<Scalar>
  /// Buffers kept from one backward to the next: each stage's output gradient plus its skip
  /// gradient.
  private var outputGradients: [Tensor<Scalar>?] = []

  public init(configuration c: SVGConfiguration, generator: inout some RandomNumberGenerator) {
    var stages: [Conv2D<Scalar>] = []
    var inputChannels = c.channels
    for stage in 0..<c.stages {
      let outputChannels = c.filters << stage
      var conv = Conv2D<Scalar>(
        inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 4,
        stride: 2, padding: 1, activation: c.hiddenActivation,
        initializer: c.hiddenInitializer, generator: &generator)
      // The first stage reads data: its input gradient is never needed.
      conv.computesInputGradient = stage > 0
      stages.append(conv)
      inputChannels = outputChannels
    }
    self.stages = stages
    head = Conv2D(
      inputChannels: inputChannels, outputChannels: c.encodingSize, kernelSize: 4,
      activation: .tanh, generator: &generator)
  }

  /// The channels of each skip map, finest first.
  public var skipChannels: [Int] { stages.map(\.outputChannels) }

  /// Parameters `"<stage>.weight"`, `"<stage>.bias"`, the head last (index `stages.count`),
  /// as a `Sequential` would name them.
  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    for index in stages.indices {
      try stages[index].visitParameters(prefix: prefix + "\(index).", body)
    }
    try head.visitParameters(prefix: prefix + "\(stages.count).", body)
  }

  /// The encodings `[batch, g]` and the skip maps (stage outputs, finest first).
  public mutating func forward(
    _ frames: Tensor<Scalar>
  ) -> (encoding: Tensor<Scalar>, skips: [Tensor<Scalar>]) {
    var x = frames
    var skips: [Tensor<Scalar>] = []
    for index in stages.indices {
      x = stages[index].forward(x)
      skips.append(x)
    }
    let h = head.forward(x)
    return (h.reshaped(to: [frames.shape[0], h.shape[3]]), skips)
  }

  /// Adds the parameter gradients for dL/dh `[batch, g]` and dL/d(skip map) of each stage
  /// (nil: the map was not used; a map's gradient may cover only the first rows, the others
  /// being zero). The frames are data: no input gradient is computed.
  public mutating func backward(
    encodingGradient: Tensor<Scalar>, skipGradients: [Tensor<Scalar>?]
  ) {
    precondition(skipGradients.count == stages.count, "one skip gradient per stage")
    if outputGradients.count != stages.count {
      outputGradients = Array(repeating: nil, count: stages.count)
    }
    var g = head.backward(
      encodingGradient.reshaped(to: [encodingGradient.shape[0], 1, 1, encodingGradient.shape[1]]))
    for index in stages.indices.reversed() {
      if let skip = skipGradients[index] {
        precondition(
          skip.rank == g.rank && skip.shape[1...] == g.shape[1...] && skip.shape[0] <= g.shape[0],
          "FrameEncoder: skip gradient \(skip.shape) does not fit stage output \(g.shape)")
        // g belongs to the stage above (its kept buffer): sum into this encoder's own.
        var sum = Tensor.reused(&outputGradients[index], shape: g.shape)
        sum.setSum(g, leading: skip)
        outputGradients[index] = sum
        g = sum
      }
      g = stages[index].backward(g)
    }
  }
}
