import Engine

/// SVG's frame decoder D: DCGAN-style transposed convolutions from the predictor's output
/// g_t `[batch, g]` to a frame `[batch, S, S, channels]` in (0, 1), with skip connections.
///
/// A 4x4 transposed convolution g -> 8nf makes a 4 x 4 map from the 1 x 1 input (leaky
/// ReLU); then each stage joins (channel axis, NHWC) the current map with the encoder's skip
/// map of the same resolution and doubles the size with a 4x4 s2 p1 transposed convolution:
/// at S = 64, [8nf + 8nf] -> 4nf, [4nf + 4nf] -> 2nf, [2nf + 2nf] -> nf (leaky ReLU), and
/// [nf + nf] -> channels with a sigmoid. The skip maps are those of the last context frame
/// (the caller chooses them), so the decoder can copy the static background and only has to
/// synthesise what moves.
///
/// Differences from the paper: no batch normalisation; weights He-initialised for the leaky
/// ReLU (Glorot for the sigmoid output).
///
/// Backward: each stage's input gradient splits (`splitChannels`) into the gradient of the
/// map below and the gradient of its skip map, returned to the caller for the encoder.
public struct FrameDecoder<Scalar: BLASScalar>: ParameterContainer {
  /// g -> 8nf, 1 x 1 -> 4 x 4.
  public var head: TransposedConv2D<Scalar>
  /// The upsampling stages, coarsest first; `stages[j]` reads the map joined with the skip
  /// map of encoder stage `stages.count - 1 - j`.
  public var stages: [TransposedConv2D<Scalar>]
  private var inputShape: [Int] = []

  public init(configuration c: SVGConfiguration, generator: inout some RandomNumberGenerator) {
    let skipChannels = (0..<c.stages).map { c.filters << $0 }
    head = TransposedConv2D(
      inputChannels: c.encodingSize, outputChannels: skipChannels.last!, kernelSize: 4,
      activation: c.hiddenActivation,
      initializer: c.hiddenInitializer, generator: &generator)
    stages = (0..<c.stages).reversed().map { encoderStage in
      let last = encoderStage == 0
      return TransposedConv2D<Scalar>(
        inputChannels: 2 * skipChannels[encoderStage],
        outputChannels: last ? c.channels : skipChannels[encoderStage - 1], kernelSize: 4,
        stride: 2, padding: 1, activation: last ? .sigmoid : c.hiddenActivation,
        initializer: last ? .glorot : c.hiddenInitializer, generator: &generator)
    }
  }

  /// Parameters `"0.weight"`, `"0.bias"` for the head, then `"<1 + j>.weight"`... for the
  /// stages, coarsest first.
  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    try head.visitParameters(prefix: prefix + "0.", body)
    for index in stages.indices {
      try stages[index].visitParameters(prefix: prefix + "\(index + 1).", body)
    }
  }

  /// The frames for `input` `[batch, g]` and the skip maps (encoder stage outputs, finest
  /// first, each with `batch` rows).
  public mutating func forward(
    _ input: Tensor<Scalar>, skips: [Tensor<Scalar>]
  ) -> Tensor<Scalar> {
    precondition(
      input.rank == 2 && skips.count == stages.count,
      "FrameDecoder expects [batch, g] and \(stages.count) skip maps, got \(input.shape) and \(skips.count)"
    )
    inputShape = input.shape
    var x = head.forward(input.reshaped(to: [input.shape[0], 1, 1, input.shape[1]]))
    for index in stages.indices {
      x = stages[index].forward(Tensor(concatenatingChannels: x, skips[stages.count - 1 - index]))
    }
    return x
  }

  /// Adds the parameter gradients; returns dL/d(input) `[batch, g]` and dL/d(skip map) for
  /// each encoder stage, finest first.
  public mutating func backward(
    _ outputGradient: Tensor<Scalar>
  ) -> (input: Tensor<Scalar>, skips: [Tensor<Scalar>]) {
    var skipGradients = [Tensor<Scalar>](repeating: Tensor(zeros: []), count: stages.count)
    var g = outputGradient
    for index in stages.indices.reversed() {
      let joined = stages[index].backward(g)
      let (below, skip) = joined.splitChannels(at: joined.shape[3] / 2)
      skipGradients[stages.count - 1 - index] = skip
      g = below
    }
    return (head.backward(g).reshaped(to: inputShape), skipGradients)
  }
}
