/// A grayscale video: `frameCount` frames of `height` x `width` pixels, values in [0, 1].
///
/// The pixels are one contiguous `[Float]` in frame-major, row-major order
/// (`pixels[(f * height + y) * width + x]`), so a video (or a slice of its frames) can be
/// handed to a network as a batch without copying pixel by pixel.
public struct Video: Equatable, Sendable {
  /// Number of frames.
  public let frameCount: Int
  /// Frame height in pixels.
  public let height: Int
  /// Frame width in pixels.
  public let width: Int
  /// Frames per second (metadata; the pixels do not depend on it).
  public var framesPerSecond: Double
  /// All pixels, `frameCount x height x width`, each in [0, 1].
  public var pixels: [Float]

  /// Creates a video from its pixels.
  /// - Precondition: `pixels.count == frameCount * height * width` and all sizes are >= 0.
  public init(frameCount: Int, height: Int, width: Int, framesPerSecond: Double, pixels: [Float]) {
    precondition(frameCount >= 0 && height >= 0 && width >= 0, "negative video size")
    precondition(pixels.count == frameCount * height * width, "pixel count does not match size")
    self.frameCount = frameCount
    self.height = height
    self.width = width
    self.framesPerSecond = framesPerSecond
    self.pixels = pixels
  }

  /// Concatenates frames of equal size into a video.
  /// - Precondition: every frame has the same height and width.
  public init(frames: [Frame], framesPerSecond: Double) {
    let height = frames.first?.height ?? 0
    let width = frames.first?.width ?? 0
    var pixels: [Float] = []
    pixels.reserveCapacity(frames.count * height * width)
    for frame in frames {
      precondition(frame.height == height && frame.width == width, "frames differ in size")
      pixels.append(contentsOf: frame.pixels)
    }
    self.init(
      frameCount: frames.count, height: height, width: width, framesPerSecond: framesPerSecond,
      pixels: pixels)
  }

  /// Number of pixels in one frame.
  public var pixelsPerFrame: Int { height * width }

  /// The frame at `index` (a copy of its pixels).
  public func frame(_ index: Int) -> Frame {
    let start = index * pixelsPerFrame
    return Frame(
      height: height, width: width, pixels: Array(pixels[start..<start + pixelsPerFrame]))
  }

  /// All frames, in order.
  public var frames: [Frame] { (0..<frameCount).map(frame) }

  /// The frames in `range` as a new video.
  public func frames(_ range: Range<Int>) -> Video {
    Video(
      frameCount: range.count, height: height, width: width, framesPerSecond: framesPerSecond,
      pixels: Array(pixels[range.lowerBound * pixelsPerFrame..<range.upperBound * pixelsPerFrame]))
  }
}

/// One grayscale frame, `height x width`, row-major, values in [0, 1].
public struct Frame: Equatable, Sendable {
  /// Height in pixels.
  public let height: Int
  /// Width in pixels.
  public let width: Int
  /// Row-major pixels, `pixels[y * width + x]`, each in [0, 1].
  public var pixels: [Float]

  /// Creates a frame. - Precondition: `pixels.count == height * width`.
  public init(height: Int, width: Int, pixels: [Float]) {
    precondition(height >= 0 && width >= 0 && pixels.count == height * width, "bad frame size")
    self.height = height
    self.width = width
    self.pixels = pixels
  }

  /// The pixel at row `y`, column `x`.
  public subscript(y: Int, x: Int) -> Float { pixels[y * width + x] }
}
