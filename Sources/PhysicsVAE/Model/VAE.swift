import Engine
import PriorLanguage
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The VAE of docs/method.md, "Model": an encoder from windows of frames centred on each frame
/// (`FrameWindows`, 3 frames by default, each gray or RGB) to a diagonal Gaussian
/// over the whole state z (d means, d log-variances), and a decoder from the observation
/// h(z) to the frame, scored by its `FrameAppearance` (likelihood and background). The
/// networks compute in Float; the state-space side (sampling, h, the KL terms) in Double.
///
/// Parameters are named `encoder.<i>.weight`, `decoder.<i>.bias`, ...,
/// `appearance.background`, for the optimizer and checkpoints.
public struct VAE: ParameterContainer {
  public typealias Scalar = Float
  public var encoder: Sequential<Float>
  public var decoder: Sequential<Float>
  /// How the decoder's output becomes a frame and is scored.
  public var appearance: FrameAppearance
  /// d, the state dimension.
  public let stateDimension: Int
  /// o, the observation dimension (the decoder's input).
  public let observationDimension: Int
  /// The frame side in pixels (a power of two, at least 8).
  public let size: Int
  /// W, the frames the encoder sees around each frame (odd).
  public let window: Int
  /// Samples per pixel: 1 (gray) or 3 (RGB).
  public var channels: Int { appearance.channels }

  /// ln 0.01, the posterior log-variance the encoder starts from (standard deviations of
  /// about 0.1 instead of 1), so that the decoder sees the encoder's signal above the sampling
  /// noise from the first steps instead of learning the mean frame. Training can hold the
  /// variances there (`TrainingConfiguration.varianceWarmupEpochs`).
  public static let initialLogVariance = -4.6

  /// The engine's reference architecture (`ReferenceArchitecture`) at `size` x `size`
  /// (32 is the default; 64, 128, ... add stages), initialised from `generator`, except that
  /// the log-variance outputs start with bias `initialLogVariance`.
  /// The encoder sees `window` frames of `channels` samples around each frame; the decoder
  /// draws what `likelihood` and `background` need (`FrameAppearance`), in the levels
  /// `polarity` gives.
  /// - Precondition: `ReferenceArchitecture.supports(imageSize: size)`, `window` odd.
  public init(
    stateDimension d: Int, observationDimension o: Int, size: Int, window: Int = 3,
    channels: Int = 1, likelihood: PixelLikelihood = .bernoulli,
    background: BackgroundModel = .none, polarity: FramePolarity = .recorded,
    using generator: inout SeededGenerator
  ) {
    appearance = FrameAppearance(
      likelihood: likelihood, background: background, polarity: polarity, channels: channels,
      size: size)
    encoder = ReferenceArchitecture.encoder(
      imageSize: size, inputChannels: window * channels, outputSize: 2 * d,
      generator: &generator)
    let last = encoder.layers.count - 1
    encoder.layers[last].visitParameters(prefix: "") { name, parameter in
      guard name == "bias" else { return }
      for k in d..<(2 * d) { parameter.value.scalars[k] = Float(Self.initialLogVariance) }
    }
    decoder = ReferenceArchitecture.decoder(
      observationSize: o, imageSize: size, outputChannels: channels,
      generator: &generator)
    stateDimension = d
    observationDimension = o
    self.size = size
    self.window = window
  }

  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Float>) throws -> Void
  ) rethrows {
    try encoder.visitParameters(prefix: prefix + "encoder.", body)
    try decoder.visitParameters(prefix: prefix + "decoder.", body)
    if var background = appearance.backgroundLogits {
      try body(prefix + "appearance.background", &background)
      appearance.backgroundLogits = background
    }
  }

  /// Encodes B sequences of T frames (`frames`: B T x size x size x channels,
  /// sequence-major) into their posteriors; `reaches` (one per frame) cuts windows short
  /// (`FrameWindows`).
  public mutating func encode(
    frames: [Float], sequences: Int, frameCount: Int, reaches: [FrameWindows.Reach]? = nil
  ) throws(NonFiniteError) -> FramePosteriors {
    let count = sequences * frameCount
    let windows = FrameWindows.make(
      frames: appearance.foreground(frames), sequences: sequences, frameCount: frameCount,
      pixels: size * size, channels: channels, window: window, reaches: reaches)
    let output = try encoder.checkedForward(
      Tensor(shape: [count, size, size, window * channels], scalars: windows), label: "encoder")
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

  /// Turns the posterior means the encoder outputs in `plane` by `angle` radians, (mu_i, mu_j) -> (mu_i cos a - mu_j sin a, mu_i sin a +
  /// mu_j cos a), by turning the columns of its last layer's weight and bias; the
  /// log-variances are unchanged.
  public mutating func rotateMeans(plane: StatePlane, angle: Double) {
    let outputs = 2 * stateDimension
    let (c, s) = (Float(cos(angle)), Float(sin(angle)))
    encoder.layers[encoder.layers.count - 1].visitParameters(prefix: "") { _, parameter in
      for row in 0..<(parameter.value.scalars.count / outputs) {
        let (i, j) = (row * outputs + plane.first, row * outputs + plane.second)
        let (x, y) = (parameter.value.scalars[i], parameter.value.scalars[j])
        parameter.value.scalars[i] = c * x - s * y
        parameter.value.scalars[j] = s * x + c * y
      }
    }
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

  /// The decoder's output (`N x size x size x channels`) for the frames
  /// seen through the observations `h` (`N x o`); `appearance.means` makes frames of it.
  public mutating func decode(observations h: [Double]) throws(NonFiniteError) -> [Float] {
    let count = h.count / observationDimension
    let input = Tensor<Float>(shape: [count, observationDimension], scalars: h.map { Float($0) })
    return try decoder.checkedForward(input, label: "decoder").scalars
  }

  /// Back-propagates dL/doutput through the last `decode`; returns dL/dh (`N x o`).
  public mutating func decoderBackward(outputGradient: [Float]) throws(NonFiniteError)
    -> [Double]
  {
    let channels = appearance.channels
    let count = outputGradient.count / (size * size * channels)
    let gradient = try decoder.checkedBackward(
      Tensor(shape: [count, size, size, channels], scalars: outputGradient), label: "decoder")
    return gradient.scalars.map { Double($0) }
  }
}
