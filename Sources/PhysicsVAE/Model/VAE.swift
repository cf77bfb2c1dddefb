import Engine
import PriorLanguage
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The VAE of METHOD.md section 2: an encoder from 3-frame windows to a diagonal Gaussian
/// over the whole state z (d means, d log-variances), and a decoder from the observation
/// h(z) to per-pixel Bernoulli logits. The networks compute in Float; the state-space side
/// (sampling, h, the KL terms) in Double.
///
/// Parameters are named `encoder.<i>.weight`, `decoder.<i>.bias`, ... for the optimizer and
/// checkpoints.
public struct VAE: ParameterContainer {
  public typealias Scalar = Float
  public var encoder: Sequential<Float>
  public var decoder: Sequential<Float>
  /// d, the state dimension.
  public let stateDimension: Int
  /// o, the observation dimension (the decoder's input).
  public let observationDimension: Int
  /// The frame side in pixels (a power of two, at least 8).
  public let size: Int

  /// The reference architecture at `size` x `size` (32 is the default; every halving stage
  /// down to 4 x 4 has a 4 x 4 stride-2 convolution with 32, 64, 128, ... channels, and the
  /// decoder mirrors it), initialised from `generator`.
  public init(
    stateDimension d: Int, observationDimension o: Int, size: Int,
    using generator: inout SeededGenerator
  ) {
    precondition(size >= 8 && size & (size - 1) == 0, "frame size must be a power of two >= 8")
    let stages = Int(log2(Double(size / 4)).rounded())
    let channels = (0..<stages).map { 32 << $0 }
    let flat = 16 * channels[stages - 1]
    var encoderLayers: [any Layer<Float>] = []
    var inputChannels = 3
    for (index, output) in channels.enumerated() {
      var convolution = Conv2D<Float>(
        inputChannels: inputChannels, outputChannels: output, kernelSize: 4, stride: 2,
        padding: 1, activation: .relu, generator: &generator)
      convolution.computesInputGradient = index > 0
      encoderLayers.append(convolution)
      inputChannels = output
    }
    encoderLayers.append(Reshape<Float>([flat]))
    encoderLayers.append(
      Dense<Float>(inputSize: flat, outputSize: 256, activation: .relu, generator: &generator))
    encoderLayers.append(Dense<Float>(inputSize: 256, outputSize: 2 * d, generator: &generator))
    var decoderLayers: [any Layer<Float>] = [
      Dense<Float>(inputSize: o, outputSize: 256, activation: .relu, generator: &generator),
      Dense<Float>(inputSize: 256, outputSize: flat, activation: .relu, generator: &generator),
      Reshape<Float>([4, 4, channels[stages - 1]]),
    ]
    for stage in stride(from: stages - 1, through: 0, by: -1) {
      let output = stage > 0 ? channels[stage - 1] : 1
      decoderLayers.append(
        TransposedConv2D<Float>(
          inputChannels: channels[stage], outputChannels: output, kernelSize: 4, stride: 2,
          padding: 1, activation: stage > 0 ? .relu : .identity, generator: &generator))
    }
    encoder = Sequential(encoderLayers)
    decoder = Sequential(decoderLayers)
    stateDimension = d
    observationDimension = o
    self.size = size
  }

  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Engine.Parameter<Float>) throws -> Void
  ) rethrows {
    try encoder.visitParameters(prefix: prefix + "encoder.", body)
    try decoder.visitParameters(prefix: prefix + "decoder.", body)
  }

  /// Encodes B sequences of T frames (`frames`: B T x size x size, sequence-major) into
  /// their posteriors.
  public mutating func encode(frames: [Float], sequences: Int, frameCount: Int)
    throws(NonFiniteError) -> FramePosteriors
  {
    let pixels = size * size
    let count = sequences * frameCount
    let windows = FrameWindows.make(
      frames: frames, sequences: sequences, frameCount: frameCount, pixels: pixels)
    let output = try encoder.checkedForward(
      Tensor(shape: [count, size, size, 3], scalars: windows), label: "encoder")
    let d = stateDimension
    var means = [Double](repeating: 0, count: count * d)
    var logVariances = [Double](repeating: 0, count: count * d)
    for i in 0..<count {
      for k in 0..<d {
        means[i * d + k] = Double(output.scalars[i * 2 * d + k])
        logVariances[i * d + k] = Double(output.scalars[i * 2 * d + d + k])
      }
    }
    return FramePosteriors(
      sequenceCount: sequences, frameCount: frameCount, dimension: d, means: means,
      logVariances: logVariances)
  }

  /// Back-propagates dL/dmu and dL/dlogvar (each `N x d`) through the last `encode`.
  public mutating func encoderBackward(means: [Double], logVariances: [Double])
    throws(NonFiniteError)
  {
    let d = stateDimension
    let count = means.count / d
    var gradient = [Float](repeating: 0, count: count * 2 * d)
    for i in 0..<count {
      for k in 0..<d {
        gradient[i * 2 * d + k] = Float(means[i * d + k])
        gradient[i * 2 * d + d + k] = Float(logVariances[i * d + k])
      }
    }
    _ = try encoder.checkedBackward(
      Tensor(shape: [count, 2 * d], scalars: gradient), label: "encoder")
  }

  /// Per-pixel Bernoulli logits (`N x size x size`) of the frames seen through the
  /// observations `h` (`N x o`).
  public mutating func decode(observations h: [Double]) throws(NonFiniteError) -> [Float] {
    let count = h.count / observationDimension
    let input = Tensor<Float>(shape: [count, observationDimension], scalars: h.map { Float($0) })
    return try decoder.checkedForward(input, label: "decoder").scalars
  }

  /// Back-propagates dL/dlogits through the last `decode`; returns dL/dh (`N x o`).
  public mutating func decoderBackward(logitGradient: [Float]) throws(NonFiniteError)
    -> [Double]
  {
    let count = logitGradient.count / (size * size)
    let gradient = try decoder.checkedBackward(
      Tensor(shape: [count, size, size, 1], scalars: logitGradient), label: "decoder")
    return gradient.scalars.map { Double($0) }
  }

  /// The frames' probabilities sigmoid(logits), each in [0, 1].
  public static func probabilities(logits: [Float]) -> [Float] {
    logits.map { $0 >= 0 ? 1 / (1 + exp(-$0)) : exp($0) / (1 + exp($0)) }
  }
}
