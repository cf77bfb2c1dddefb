/// A grayscale video: `frameCount` frames of `height` x `width` pixels, values in [0, 1].
///
/// The pixels are one contiguous `[Float]` in frame-major, row-major order
/// (`pixels[(f * height + y) * width + x]`), so a video (or a slice of its frames) can be
/// handed to a network as a batch without copying pixel by pixel.
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
  /// Frames per second (metadata; the pixels do not depend on it).
  public var framesPerSecond: Double
  /// All pixels, `frameCount x height x width`, each in [0, 1].
  public var pixels: [Float]
  /// The first frame of each independent sequence the video holds, ascending, starting at 0:
  /// `[0]` for one continuous recording, `[0, T, 2T, ...]` for sequences of T frames back to
  /// back. A `.y4m` file records it (see ``Y4MHeader/sequenceLength``).
  public let sequenceStarts: [Int]

  /// Creates a video from its pixels.
  /// - Precondition: `pixels.count == frameCount * height * width`, all sizes are >= 0 and
  ///   `sequenceStarts` is strictly ascending from 0, below `frameCount` (or `[0]`).
  public init(
    frameCount: Int, height: Int, width: Int, framesPerSecond: Double, pixels: [Float],
    sequenceStarts: [Int] = [0]
  ) {
    precondition(frameCount >= 0 && height >= 0 && width >= 0, "negative video size")
    precondition(pixels.count == frameCount * height * width, "pixel count does not match size")
    precondition(
      sequenceStarts.first == 0 && zip(sequenceStarts, sequenceStarts.dropFirst()).allSatisfy(<)
        && (sequenceStarts.last ?? 0) < max(frameCount, 1),
      "sequence starts must ascend from 0 within the video")
    self.frameCount = frameCount
    self.height = height
    self.width = width
    self.framesPerSecond = framesPerSecond
    self.pixels = pixels
    self.sequenceStarts = sequenceStarts
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
