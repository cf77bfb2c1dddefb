import Engine
import Foundation

/// How likely a frame is given the frame the decoder draws (the reconstruction term).
public enum PixelLikelihood: String, Codable, CaseIterable, Sendable {
  /// Each sample x in [0, 1] a Bernoulli variable with mean m: -x log m - (1 - x) log(1 - m).
  /// Its curvature 1 / (m (1 - m)) is large only near 0 and 1, so it suits frames that are
  /// nearly binary (a bright object on a dark ground, or the reverse): there every pixel the
  /// object changes is worth much.
  case bernoulli
  /// Each sample x ~ N(m, sigma^2) with one sigma for the minibatch, the maximum-likelihood
  /// sigma^2 = mean (x - m)^2 (floored at 1/255^2) held constant in the gradient: the
  /// "calibrated decoder" of Rybkin, Daniilidis and Levine (ICML 2021). Its weight 1 / sigma^2
  /// grows as the reconstruction improves, whatever the frames' levels, so a small object on
  /// a mid-gray or textured ground keeps the reconstruction's pull where the Bernoulli's
  /// curvature (about 4 at m = 1/2) would let the KL terms flatten the latent.
  case gaussian
}

/// What draws the static scene behind the moving object.
public enum BackgroundModel: String, Codable, CaseIterable, Sendable {
  /// The decoder draws the whole frame from the state.
  case none
  /// A learned image B (started at the training frames' per-pixel median), and the decoder
  /// draws what differs from it: m = B + r, r its output. The change is added, not blended
  /// by a sigmoid opacity, so that its gradient never vanishes: an opacity first learns to
  /// hide the drawing everywhere (the static scene is most of every frame), then saturates
  /// where the object should appear.
  case learned
}

/// The decoder's output turned into frames and scored against the true frames: the
/// likelihood, the background, and the learned background image when there is one.
///
/// The decoder draws `channels` values per pixel, o. Means: without background,
/// m = sigmoid(o), and the Bernoulli likelihood is the engine's `sigmoidCrossEntropy` on
/// o as logits; with a learned background B = sigmoid(b), m = B + o, and the encoder sees the
/// frames minus B (`foreground`). The Bernoulli clamps m to [1e-6, 1 - 1e-6]; the Gaussian
/// takes m as it is. All of this is in the model's levels: under `FramePolarity.inverted`
/// the frames are reflected on the way in and the means on the way out.
public struct FrameAppearance {
  public let likelihood: PixelLikelihood
  public let background: BackgroundModel
  /// Which way up the model sees the levels.
  public let polarity: FramePolarity
  /// 1 (gray) or 3 (RGB).
  public let channels: Int
  /// The frame side in pixels.
  public let size: Int
  /// b, the background image's logits, `[size, size, channels]`; nil without background.
  public var backgroundLogits: Parameter<Float>?

  /// Sigma's floor: one 8-bit level.
  static let minimumScale: Float = 1 / 255
  /// The range the background's initial levels are clamped to before the logit.
  static let backgroundLevelLimit: Float = 0.01
  /// The Bernoulli's mean is kept this far from 0 and 1.
  static let bernoulliMargin: Float = 1e-6

  /// An appearance with a mid-gray background (see `setBackground`).
  public init(
    likelihood: PixelLikelihood, background: BackgroundModel, polarity: FramePolarity = .recorded,
    channels: Int, size: Int
  ) {
    self.likelihood = likelihood
    self.background = background
    self.polarity = polarity
    self.channels = channels
    self.size = size
    if background == .learned {
      backgroundLogits = Parameter(Tensor(repeating: 0, shape: [size, size, channels]))
    }
  }

  /// Samples per frame, `size * size * channels`.
  var samplesPerFrame: Int { size * size * channels }

  /// Starts the background at `image` (`size * size * channels` levels as recorded, e.g. the
  /// per-pixel median of the training frames), clamped to [0.01, 0.99] so its logits stay
  /// finite.
  public mutating func setBackground(_ image: [Float]) {
    guard var parameter = backgroundLogits else { return }
    precondition(image.count == samplesPerFrame, "background image size")
    let limit = Self.backgroundLevelLimit
    parameter.value.scalars = polarity.apply(to: image).map { level in
      let p = min(max(level, limit), 1 - limit)
      return log(p / (1 - p))
    }
    backgroundLogits = parameter
  }

  /// The background image B in the model's levels; nil without background.
  public var backgroundImage: [Float]? {
    backgroundLogits.map { $0.value.scalars.map(sigmoid) }
  }

  /// What the encoder sees of `frames` (`N x size x size x channels`): with a learned
  /// background, each frame minus the background image B (constant here: no gradient flows
  /// to B through the encoder), so that the static scene, which says nothing of the state,
  /// is zero and what moves stands out as an object on black does; the frames themselves
  /// otherwise.
  func foreground(_ frames: [Float]) -> [Float] {
    let seen = polarity.apply(to: frames)
    guard let background = backgroundImage else { return seen }
    return Self.adding(background, to: seen, sign: -1)
  }

  /// The frames' means, `N x size x size x channels`, from the decoder's output: in [0, 1]
  /// without background; B + o with it (clamped to [0, 1] only where frames are shown).
  public func means(output: [Float]) -> [Float] {
    polarity.apply(to: modelMeans(output: output))
  }

  /// The means in the model's levels.
  private func modelMeans(output: [Float]) -> [Float] {
    guard let background = backgroundImage else { return output.map(sigmoid) }
    return Self.adding(background, to: output, sign: 1)
  }

  /// `frames` with `sign` times `image` added to each frame.
  private static func adding(_ image: [Float], to frames: [Float], sign: Float) -> [Float] {
    var result = frames
    let n = image.count
    result.withUnsafeMutableBufferPointer { samples in
      image.withUnsafeBufferPointer { b in
        for start in stride(from: 0, to: samples.count, by: n) {
          for i in 0..<n { samples[start + i] += sign * b[i] }
        }
      }
    }
    return result
  }

  /// The reconstruction term: -log p(frames | output) summed over each frame's samples and
  /// averaged over the `count` frames, and its gradient with respect to the output (also
  /// averaged); the background's gradient is added into `backgroundLogits`.
  public mutating func negativeLogLikelihood(output: [Float], frames: [Float], count: Int) -> (
    value: Double, outputGradient: [Float]
  ) {
    precondition(frames.count == count * samplesPerFrame, "frames do not match the output")
    let frames = polarity.apply(to: frames)
    if likelihood == .bernoulli, background == .none {
      let shape = [count, size, size, channels]
      let loss = sigmoidCrossEntropy(
        logits: Tensor(shape: shape, scalars: output),
        labels: Tensor(shape: shape, scalars: frames),
        reduction: .batchMean)
      return (loss.value, loss.gradient.scalars)
    }
    let means = modelMeans(output: output)
    let (value, meanGradient) = meanTerms(means: means, frames: frames, count: count)
    return (value, outputGradient(output: output, meanGradient: meanGradient))
  }

  /// The likelihood's value and dL/dm, averaged over frames.
  private func meanTerms(means: [Float], frames: [Float], count: Int) -> (Double, [Float]) {
    let perFrame = 1 / Float(count)
    switch likelihood {
    case .bernoulli:
      var total = 0.0
      let margin = Self.bernoulliMargin
      let gradient = (0..<means.count).map { i -> Float in
        let clamped = min(max(means[i], margin), 1 - margin)
        let x = frames[i]
        total -= Double(x * log(clamped) + (1 - x) * log(1 - clamped))
        // Where the clamp holds m, the loss does not change with it.
        guard clamped == means[i] else { return 0 }
        return perFrame * (clamped - x) / (clamped * (1 - clamped))
      }
      return (total / Double(count), gradient)
    case .gaussian:
      var squares = 0.0
      for i in means.indices {
        let r = Double(means[i] - frames[i])
        squares += r * r
      }
      let variance = max(
        squares / Double(means.count), Double(Self.minimumScale * Self.minimumScale))
      let value =
        squares / (2 * variance) / Double(count)
        + Double(samplesPerFrame) * 0.5 * log(2 * .pi * variance)
      let scale = perFrame / Float(variance)
      return (value, (0..<means.count).map { scale * (means[$0] - frames[$0]) })
    }
  }

  /// dL/doutput from dL/dm through the means; adds dL/db into the background's gradient.
  private mutating func outputGradient(output: [Float], meanGradient: [Float]) -> [Float] {
    guard var parameter = backgroundLogits, let background = backgroundImage else {
      return (0..<output.count).map { i in
        let m = sigmoid(output[i])
        return meanGradient[i] * m * (1 - m)
      }
    }
    // m = B + o: dm/do = 1, dm/db = B (1 - B), summed over the frames.
    let n = background.count
    for start in stride(from: 0, to: meanGradient.count, by: n) {
      for i in 0..<n {
        parameter.gradient.scalars[i] +=
          meanGradient[start + i] * background[i] * (1 - background[i])
      }
    }
    backgroundLogits = parameter
    return meanGradient
  }
}

/// 1 / (1 + e^-x), without overflow.
@inline(__always) func sigmoid(_ x: Float) -> Float {
  x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
}
