/// The encoder and decoder of the method's reference architecture (docs/method.md, "Model").
///
/// At 32 x 32 (three stride-2 stages):
/// - encoder: input `[batch, 32, 32, inputChannels]` (NHWC; by default the 3 channels are
///   frames t-1, t, t+1), conv 4x4 s2 p1 3->32, ReLU; 32->64, ReLU; 64->128, ReLU (now
///   `[batch, 4, 4, 128]`); flatten to 2048; dense 2048->256, ReLU; dense 256->outputSize
///   (identity; for the method outputSize = 2d: the first d columns are the mean, the last d
///   the log-variance).
/// - decoder: input `[batch, observationSize]`; dense o->256, ReLU; dense 256->2048, ReLU;
///   reshape to `[batch, 4, 4, 128]`; transposed conv 4x4 s2 p1 128->64, ReLU; 64->32, ReLU;
///   32->outputChannels (identity): output `[batch, 32, 32, outputChannels]` (1 by default:
///   one logit per pixel).
///
/// Each doubling of the image size adds one stride-2 stage on each side with 32 channels
/// next to the image (at 64 x 64: encoder 3->32->32->64->128, decoder 128->64->32->32->1).
/// The flatten order is NHWC (height, width, channel), which the dense layers learn.
public enum ReferenceArchitecture {
  /// The image sizes the builders accept: 32 * 2^k.
  public static func supports(imageSize: Int) -> Bool {
    imageSize >= 32 && imageSize.nonzeroBitCount == 1
  }

  /// Output channels of the encoder's convolution stages, image side first.
  static func channels(imageSize: Int) -> [Int] {
    let stages = imageSize.trailingZeroBitCount - 2
    return Array(repeating: 32, count: stages - 2) + [64, 128]
  }

  /// The encoder for `imageSize` x `imageSize` images with `inputChannels` channels.
  /// - Precondition: `supports(imageSize:)`.
  public static func encoder<Scalar: BLASScalar>(
    imageSize: Int = 32, inputChannels: Int = 3, outputSize: Int,
    generator: inout some RandomNumberGenerator
  ) -> Sequential<Scalar> {
    precondition(supports(imageSize: imageSize), "unsupported image size \(imageSize)")
    var layers: [any Layer<Scalar>] = []
    var channels = inputChannels
    for (stage, next) in self.channels(imageSize: imageSize).enumerated() {
      var conv = Conv2D<Scalar>(
        inputChannels: channels, outputChannels: next, kernelSize: 4, stride: 2, padding: 1,
        activation: .relu, generator: &generator)
      // The encoder's input is data: no gradient needed for it.
      conv.computesInputGradient = stage > 0
      layers.append(conv)
      channels = next
    }
    layers.append(Reshape([4 * 4 * 128]))
    layers.append(
      Dense<Scalar>(inputSize: 2048, outputSize: 256, activation: .relu, generator: &generator))
    layers.append(Dense<Scalar>(inputSize: 256, outputSize: outputSize, generator: &generator))
    return Sequential(layers)
  }

  /// The decoder from `observationSize` inputs to `[batch, imageSize, imageSize,
  /// outputChannels]`.
  /// - Precondition: `supports(imageSize:)`.
  public static func decoder<Scalar: BLASScalar>(
    observationSize: Int, imageSize: Int = 32, outputChannels: Int = 1,
    generator: inout some RandomNumberGenerator
  ) -> Sequential<Scalar> {
    precondition(supports(imageSize: imageSize), "unsupported image size \(imageSize)")
    var layers: [any Layer<Scalar>] = [
      Dense<Scalar>(
        inputSize: observationSize, outputSize: 256, activation: .relu, generator: &generator),
      Dense<Scalar>(inputSize: 256, outputSize: 2048, activation: .relu, generator: &generator),
      Reshape([4, 4, 128]),
    ]
    let outputs = Array(self.channels(imageSize: imageSize).reversed().dropFirst())
    var channels = 128
    for (stage, next) in (outputs + [outputChannels]).enumerated() {
      layers.append(
        TransposedConv2D<Scalar>(
          inputChannels: channels, outputChannels: next, kernelSize: 4, stride: 2, padding: 1,
          activation: stage == outputs.count ? .identity : .relu, generator: &generator))
      channels = next
    }
    return Sequential(layers)
  }
}
