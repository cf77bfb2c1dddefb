/// The stream header of a YUV4MPEG2 (`.y4m`) file.
///
/// `YUV4MPEG2 W<width> H<height> F<num>:<den> I<interlacing> A<aspect> C<colour space> X<...>`,
/// ending in a newline. Only W and H are required; the colour space defaults to `420jpeg`
/// and the frame rate to 25 fps, as in ffmpeg and mjpegtools. `X` fields are comments other
/// programs ignore; vidlat reads and writes one, `XVIDLAT_SEQUENCE_FRAMES=<T>`, for a stream
/// made of independent sequences of T frames back to back (see ``sequenceLength``).
public struct Y4MHeader: Equatable, Sendable {
  /// Frame width in pixels.
  public var width: Int
  /// Frame height in pixels.
  public var height: Int
  /// Frame rate as a fraction (`F30000:1001` is 29.97 fps).
  public var frameRate: (numerator: Int, denominator: Int)
  /// The pixel layout of each frame.
  public var colourSpace: Y4MColourSpace
  /// Frames per independent sequence when the stream holds sequences back to back (a
  /// `vidlat dataset` video), from the `XVIDLAT_SEQUENCE_FRAMES=<T>` field; nil for one
  /// continuous recording.
  public var sequenceLength: Int?

  /// The header field that records ``sequenceLength``.
  static let sequenceLengthField = "XVIDLAT_SEQUENCE_FRAMES="

  /// Frames per second.
  public var framesPerSecond: Double { Double(frameRate.numerator) / Double(frameRate.denominator) }

  /// Creates a header.
  public init(
    width: Int, height: Int, frameRate: (numerator: Int, denominator: Int),
    colourSpace: Y4MColourSpace, sequenceLength: Int? = nil
  ) {
    self.width = width
    self.height = height
    self.frameRate = frameRate
    self.colourSpace = colourSpace
    self.sequenceLength = sequenceLength
  }

  public static func == (lhs: Y4MHeader, rhs: Y4MHeader) -> Bool {
    lhs.width == rhs.width && lhs.height == rhs.height && lhs.frameRate == rhs.frameRate
      && lhs.colourSpace == rhs.colourSpace && lhs.sequenceLength == rhs.sequenceLength
  }

  /// Bytes of one frame's pixel data (all planes, excluding the `FRAME` line).
  public var frameByteCount: Int { colourSpace.frameByteCount(width: width, height: height) }

  /// Parses a header line (without its newline); `path` names the file in errors.
  static func parse(_ line: [UInt8], path: String) throws(VideoError) -> Y4MHeader {
    guard let text = String(validating: line, as: UTF8.self) else {
      throw VideoError(path: path, problem: .badHeader("header is not text"))
    }
    var tokens = text.split(separator: " ", omittingEmptySubsequences: true)
    guard tokens.first == "YUV4MPEG2" else {
      throw VideoError(path: path, problem: .badHeader("missing YUV4MPEG2 signature"))
    }
    tokens.removeFirst()
    var width: Int?
    var height: Int?
    var frameRate = (numerator: 25, denominator: 1)
    var colourSpace = Y4MColourSpace.c420jpeg
    var sequenceLength: Int?
    for token in tokens {
      let value = token.dropFirst()
      switch token.first {
      case "W":
        width = Int(value)
        if width == nil {
          throw VideoError(path: path, problem: .badHeader("bad width '\(value)'"))
        }
      case "H":
        height = Int(value)
        if height == nil {
          throw VideoError(path: path, problem: .badHeader("bad height '\(value)'"))
        }
      case "F":
        let parts = value.split(separator: ":")
        guard parts.count == 2, let n = Int(parts[0]), let d = Int(parts[1]), n > 0, d > 0 else {
          throw VideoError(path: path, problem: .badHeader("bad frame rate '\(value)'"))
        }
        frameRate = (n, d)
      case "C":
        guard let space = Y4MColourSpace(rawValue: String(value)) else {
          throw VideoError(path: path, problem: .unsupportedColourSpace(String(value)))
        }
        colourSpace = space
      case "X" where token.hasPrefix(sequenceLengthField):
        let text = token.dropFirst(sequenceLengthField.count)
        guard let length = Int(text), length > 0 else {
          throw VideoError(path: path, problem: .badHeader("bad sequence length '\(text)'"))
        }
        sequenceLength = length
      case "I", "A", "X": continue
      default:
        throw VideoError(path: path, problem: .badHeader("unknown header field '\(token)'"))
      }
    }
    guard let width, let height else {
      throw VideoError(path: path, problem: .badHeader("missing width (W) or height (H)"))
    }
    guard width > 0, height > 0, width <= 1 << 15, height <= 1 << 15 else {
      throw VideoError(path: path, problem: .badHeader("frame size \(width)x\(height)"))
    }
    return Y4MHeader(
      width: width, height: height, frameRate: frameRate, colourSpace: colourSpace,
      sequenceLength: sequenceLength)
  }

  /// The header line, including its newline.
  var line: String {
    "YUV4MPEG2 W\(width) H\(height) F\(frameRate.numerator):\(frameRate.denominator) Ip A1:1 "
      + "C\(colourSpace.rawValue)"
      + (sequenceLength.map { " \(Y4MHeader.sequenceLengthField)\($0)" } ?? "") + "\n"
  }
}

/// The colour spaces of YUV4MPEG2 that vidlat reads. Only the luma (Y) plane is used, as the
/// grayscale image; chroma planes are skipped. Samples deeper than 8 bits are 16-bit
/// little-endian words.
public enum Y4MColourSpace: String, CaseIterable, Sendable {
  case mono, mono10, mono12, mono16
  case c420jpeg = "420jpeg"
  case c420paldv = "420paldv"
  case c420mpeg2 = "420mpeg2"
  case c420 = "420"
  case c420p10 = "420p10"
  case c420p12 = "420p12"
  case c420p16 = "420p16"
  case c411 = "411"
  case c422 = "422"
  case c422p10 = "422p10"
  case c422p12 = "422p12"
  case c422p16 = "422p16"
  case c444 = "444"
  case c444p10 = "444p10"
  case c444p12 = "444p12"
  case c444p16 = "444p16"
  case c444alpha = "444alpha"

  /// Bits per sample.
  public var bitDepth: Int {
    switch self {
    case .mono10, .c420p10, .c422p10, .c444p10: 10
    case .mono12, .c420p12, .c422p12, .c444p12: 12
    case .mono16, .c420p16, .c422p16, .c444p16: 16
    default: 8
    }
  }

  /// Bytes per sample: 1 up to 8 bits, else 2.
  public var bytesPerSample: Int { bitDepth > 8 ? 2 : 1 }

  /// Samples in all planes after the luma plane (chroma, alpha) for a `width x height` frame.
  func extraSamples(width: Int, height: Int) -> Int {
    let halfWidth = (width + 1) / 2
    switch self {
    case .mono, .mono10, .mono12, .mono16: return 0
    case .c420jpeg, .c420paldv, .c420mpeg2, .c420, .c420p10, .c420p12, .c420p16:
      return 2 * halfWidth * ((height + 1) / 2)
    case .c411: return 2 * ((width + 3) / 4) * height
    case .c422, .c422p10, .c422p12, .c422p16: return 2 * halfWidth * height
    case .c444, .c444p10, .c444p12, .c444p16: return 2 * width * height
    case .c444alpha: return 3 * width * height
    }
  }

  /// Bytes of one frame (luma plus the other planes).
  func frameByteCount(width: Int, height: Int) -> Int {
    (width * height + extraSamples(width: width, height: height)) * bytesPerSample
  }
}
