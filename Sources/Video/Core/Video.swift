/// A video: `frameCount` frames of `height` x `width` pixels, gray or RGB (`colour`), values
/// in [0, 1].
///
/// The samples are one contiguous `[Float]` in frame-major, row-major order with the
/// channels of a pixel side by side (`pixels[((f * height + y) * width + x) * channels + c]`,
/// NHWC), so a video (or a slice of its frames) can be handed to a network as a batch
/// without copying pixel by pixel.
///
/// A video may hold several independent recordings back to back (a `vidlat dataset` video
/// holds one sequence of the scene after another); `sequenceStarts` marks where each begins,
/// so that cutting the video into training windows never joins two of them.
public struct Video: Equatable, Sendable {
  /// Number of frames.
  public let frameCount: Int
  /// Frame height in pixels.
  public let height: Int
  /// Frame width in pixels.
  public let width: Int
  /// Gray (one channel) or RGB (three).
  public let colour: Colour
  /// Frames per second (metadata; the pixels do not depend on it).
  public var framesPerSecond: Double
  /// All samples, `frameCount x height x width x channels`, each in [0, 1].
  public var pixels: [Float]
  /// The first frame of each independent sequence the video holds, ascending, starting at 0:
  /// `[0]` for one continuous recording, `[0, T, 2T, ...]` for sequences of T frames back to
  /// back. A `.y4m` file records it (see ``Y4MHeader/sequenceLength``).
  public let sequenceStarts: [Int]

  /// Creates a video from its samples.
  /// - Precondition: `pixels.count == frameCount * height * width * colour.channels`, all
  ///   sizes are >= 0 and `sequenceStarts` is strictly ascending from 0, below `frameCount`
  ///   (or `[0]`).
  public init(
    frameCount: Int, height: Int, width: Int, colour: Colour = .gray, framesPerSecond: Double,
    pixels: [Float], sequenceStarts: [Int] = [0]
  ) {
    precondition(frameCount >= 0 && height >= 0 && width >= 0, "negative video size")
    precondition(
      pixels.count == frameCount * height * width * colour.channels,
      "pixel count does not match size")
    precondition(
      sequenceStarts.first == 0 && zip(sequenceStarts, sequenceStarts.dropFirst()).allSatisfy(<)
        && (sequenceStarts.last ?? 0) < max(frameCount, 1),
      "sequence starts must ascend from 0 within the video")
    self.frameCount = frameCount
    self.height = height
    self.width = width
    self.colour = colour
    self.framesPerSecond = framesPerSecond
    self.pixels = pixels
    self.sequenceStarts = sequenceStarts
  }

  /// Concatenates frames of equal size and colour into a video.
  /// - Precondition: every frame has the same height, width and colour.
  public init(frames: [Frame], framesPerSecond: Double) {
    let height = frames.first?.height ?? 0
    let width = frames.first?.width ?? 0
    let colour = frames.first?.colour ?? .gray
    var pixels: [Float] = []
    pixels.reserveCapacity(frames.count * height * width * colour.channels)
    for frame in frames {
      precondition(
        frame.height == height && frame.width == width && frame.colour == colour,
        "frames differ in size or colour")
      pixels.append(contentsOf: frame.pixels)
    }
    self.init(
      frameCount: frames.count, height: height, width: width, colour: colour,
      framesPerSecond: framesPerSecond, pixels: pixels)
  }

  /// Samples per pixel: 1 (gray) or 3 (RGB).
  public var channels: Int { colour.channels }

  /// Samples in one frame, `height * width * channels`.
  public var pixelsPerFrame: Int { height * width * colour.channels }

  /// The frame at `index` (a copy of its pixels).
  public func frame(_ index: Int) -> Frame {
    let start = index * pixelsPerFrame
    return Frame(
      height: height, width: width, colour: colour,
      pixels: Array(pixels[start..<start + pixelsPerFrame]))
  }

  /// All frames, in order.
  public var frames: [Frame] { (0..<frameCount).map(frame) }

  /// The frames in `range` as a new video (its sequences are the parts of this video's
  /// sequences inside `range`).
  public func frames(_ range: Range<Int>) -> Video {
    selectingFrames(Array(range))
  }

  /// The frame ranges of the independent sequences (see ``sequenceStarts``).
  public var sequenceRanges: [Range<Int>] {
    zip(sequenceStarts, sequenceStarts.dropFirst() + [frameCount]).map { $0..<$1 }
  }

  /// The sequence (index into ``sequenceStarts``) that frame `index` belongs to.
  func sequence(ofFrame index: Int) -> Int {
    var low = 0
    var high = sequenceStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if sequenceStarts[middle] <= index { low = middle } else { high = middle - 1 }
    }
    return low
  }

  /// Sequence starts for frames that begin a new sequence every `length` frames, as in a
  /// video of equal-length sequences back to back (`[0]` when `length >= frameCount`).
  static func sequenceStarts(frameCount: Int, length: Int) -> [Int] {
    guard length > 0, frameCount > length else { return [0] }
    return Array(stride(from: 0, to: frameCount, by: length))
  }
}

extension Video {
  /// How many numbers describe a pixel: one gray level, or red, green and blue.
  public enum Colour: Int, Sendable, Codable, CaseIterable {
    /// One channel.
    case gray = 1
    /// Three channels: red, green, blue.
    case rgb = 3

    /// Samples per pixel.
    public var channels: Int { rawValue }
  }
}

/// One frame, `height x width`, gray or RGB, row-major with a pixel's channels side by side,
/// values in [0, 1].
public struct Frame: Equatable, Sendable {
  /// Height in pixels.
  public let height: Int
  /// Width in pixels.
  public let width: Int
  /// Gray or RGB.
  public let colour: Video.Colour
  /// Row-major samples, `pixels[(y * width + x) * channels + c]`, each in [0, 1].
  public var pixels: [Float]

  /// Creates a frame.
  /// - Precondition: `pixels.count == height * width * colour.channels`.
  public init(height: Int, width: Int, colour: Video.Colour = .gray, pixels: [Float]) {
    precondition(
      height >= 0 && width >= 0 && pixels.count == height * width * colour.channels,
      "bad frame size")
    self.height = height
    self.width = width
    self.colour = colour
    self.pixels = pixels
  }

  /// The first (for gray, the only) sample of the pixel at row `y`, column `x`.
  public subscript(y: Int, x: Int) -> Float { pixels[(y * width + x) * colour.channels] }
}
