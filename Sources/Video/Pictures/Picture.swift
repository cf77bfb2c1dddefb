/// An 8-bit raster image, grayscale or RGB, row-major with interleaved channels.
public struct Picture: Equatable, Sendable {
  /// The colour layout: gray or RGB.
  public typealias Colour = Video.Colour

  /// Width in pixels.
  public let width: Int
  /// Height in pixels.
  public let height: Int
  /// Gray or RGB.
  public let colour: Colour
  /// `height * width * channels` samples, `samples[(y * width + x) * channels + c]`.
  public var samples: [UInt8]

  /// Creates a picture. - Precondition: the sample count matches the size.
  public init(width: Int, height: Int, colour: Colour, samples: [UInt8]) {
    precondition(width >= 0 && height >= 0, "negative picture size")
    precondition(samples.count == width * height * colour.rawValue, "sample count mismatch")
    self.width = width
    self.height = height
    self.colour = colour
    self.samples = samples
  }

  /// A picture of a frame in its colour, [0, 1] mapped to 0...255 (rounded, clamped).
  public init(frame: Frame) {
    self.init(
      width: frame.width, height: frame.height, colour: frame.colour,
      samples: Video.bytes8(frame.pixels[...]))
  }

  /// Channels per pixel.
  public var channels: Int { colour.rawValue }
}
