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
/// Backward: each stage's input gradient splits into the gradient of the map below and the
/// gradient of its skip map, returned to the caller for the encoder.
public struct FrameDecoder<Scalar: BLASScalar>: ParameterContainer {
  /// g -> 8nf, 1 x 1 -> 4 x 4.
  public var head: TransposedConv2D<Scalar>
  /// The upsampling stages, coarsest first; `stages[j]` reads the map joined with the skip
  /// map of encoder stage `stages.count - 1 - j`.
  public var stages: [TransposedConv2D<Scalar>]
  private var inputShape: [Int] = []
  /// The last forward's skip frame of each step, and its batch.
  private var skipFrames: [Int] = []
  private var skipBatch = 0
  /// Buffers kept from one call to the next (large: fresh ones would page-fault every step):
  /// each stage's joined input, the gradient of the map below it and of its skip map.
  private var joinedInputs: [Tensor<Scalar>?] = []
  private var belowGradients: [Tensor<Scalar>?] = []
  private var skipGradients: [Tensor<Scalar>?] = []

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
    forward(input, skips: skips, skipFrames: [0], batch: input.shape[0])
  }

  /// The frames for a time-major sequence `input` `[steps * batch, g]` whose step t joins
  /// the skip maps of frame `skipFrames[t]`: `skips` are the encoder's stage outputs for
  /// whole frame sequences, `[frames * batch, side, side, channels]` (finest first), and the
  /// rows of frame f are f * batch ..< (f + 1) * batch. The joined maps are written straight
  /// from the encoder's maps into buffers kept from one call to the next, so no per-step
  /// copy of the skip maps is made.
  public mutating func forward(
    _ input: Tensor<Scalar>, skips: [Tensor<Scalar>], skipFrames: [Int], batch: Int
  ) -> Tensor<Scalar> {
    precondition(
      input.rank == 2 && skips.count == stages.count && batch > 0
        && input.shape[0] == skipFrames.count * batch,
      "FrameDecoder expects [\(skipFrames.count) x \(batch), g] and \(stages.count) skip maps, "
        + "got \(input.shape) and \(skips.count)")
    inputShape = input.shape
    self.skipFrames = skipFrames
    skipBatch = batch
    if joinedInputs.count != stages.count {
      joinedInputs = Array(repeating: nil, count: stages.count)
      belowGradients = joinedInputs
      skipGradients = joinedInputs
    }
    var x = head.forward(input.reshaped(to: [input.shape[0], 1, 1, input.shape[1]]))
    for index in stages.indices {
      let skip = skips[stages.count - 1 - index]
      precondition(
        skip.rank == 4 && Array(skip.shape[1...3]) == Array(x.shape[1...3])
          && skip.shape[0] >= (skipFrames.max()! + 1) * batch,
        "FrameDecoder: skip map \(skip.shape) does not match \(x.shape)")
      var joined = Tensor.reused(
        &joinedInputs[index], shape: Array(x.shape.dropLast()) + [2 * x.shape[3]])
      joined.joinChannels(x, skip, rowsOfStep: batch * x.shape[1] * x.shape[2], sources: skipFrames)
      joinedInputs[index] = joined
      x = stages[index].forward(joined)
    }
    return x
  }

  /// Adds the parameter gradients; returns dL/d(input) `[steps * batch, g]` and dL/d(skip
  /// map) for each encoder stage, finest first, for the frames the last forward read: rows
  /// f * batch ..< (f + 1) * batch hold the sum over the steps that read frame f (in step
  /// order), and the tensor stops after the last frame read (max(skipFrames) + 1 frames).
  public mutating func backward(
    _ outputGradient: Tensor<Scalar>
  ) -> (input: Tensor<Scalar>, skips: [Tensor<Scalar>]) {
    var result = [Tensor<Scalar>](repeating: Tensor(zeros: []), count: stages.count)
    let frames = skipFrames.max()! + 1
    var g = outputGradient
    for index in stages.indices.reversed() {
      let joined = stages[index].backward(g)
      let channels = joined.shape[3] / 2
      let leading = Array(joined.shape.dropLast())
      var below = Tensor.reused(&belowGradients[index], shape: leading + [channels])
      var skip = Tensor.reused(
        &skipGradients[index], shape: [frames * skipBatch] + leading[1...] + [channels])
      joined.splitChannels(
        into: &below, adding: &skip, rowsOfStep: skipBatch * leading[1] * leading[2],
        targets: skipFrames)
      // Keep the buffers; the caller's references end with its step.
      belowGradients[index] = below
      skipGradients[index] = skip
      result[stages.count - 1 - index] = skip
      g = below
    }
    return (head.backward(g).reshaped(to: inputShape), result)
  }
}
