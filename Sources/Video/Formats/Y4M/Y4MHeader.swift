/// The stream header of a YUV4MPEG2 (`.y4m`) file.
///
/// `YUV4MPEG2 W<width> H<height> F<num>:<den> I<interlacing> A<aspect> C<colour space> X<...>`,
/// ending in a newline. Only W and H are required; the colour space defaults to `420jpeg`
/// and the frame rate to 25 fps, as in ffmpeg and mjpegtools. `X` fields are comments other
/// programs ignore; vidlat reads ffmpeg's `XCOLORRANGE=FULL|LIMITED` (see ``colourRange``)
/// and reads and writes its own `XVIDLAT_SEQUENCE_FRAMES=<T>`, for a stream made of
/// independent sequences of T frames back to back (see ``sequenceLength``).
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
  /// The range of the samples: full (0 ... 255) or limited ("studio swing": luma 16 ... 235,
  /// chroma 16 ... 240), from `XCOLORRANGE`; without it, full for monochrome streams and
  /// limited for colour ones (what encoders produce by default).
  public var colourRange: Y4MColourRange

  /// The header field that records ``sequenceLength``.
  static let sequenceLengthField = "XVIDLAT_SEQUENCE_FRAMES="
  /// The header field that records ``colourRange``.
  static let colourRangeField = "XCOLORRANGE="

  /// Frames per second.
  public var framesPerSecond: Double { Double(frameRate.numerator) / Double(frameRate.denominator) }

  /// Creates a header.
  public init(
    width: Int, height: Int, frameRate: (numerator: Int, denominator: Int),
    colourSpace: Y4MColourSpace, sequenceLength: Int? = nil, colourRange: Y4MColourRange? = nil
  ) {
    self.width = width
    self.height = height
    self.frameRate = frameRate
    self.colourSpace = colourSpace
    self.sequenceLength = sequenceLength
    self.colourRange = colourRange ?? (colourSpace.isMonochrome ? .full : .limited)
  }

  public static func == (lhs: Y4MHeader, rhs: Y4MHeader) -> Bool {
    lhs.width == rhs.width && lhs.height == rhs.height && lhs.frameRate == rhs.frameRate
      && lhs.colourSpace == rhs.colourSpace && lhs.sequenceLength == rhs.sequenceLength
      && lhs.colourRange == rhs.colourRange
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
    var colourRange: Y4MColourRange?
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
      case "X" where token.hasPrefix(colourRangeField):
        colourRange = Y4MColourRange(rawValue: String(token.dropFirst(colourRangeField.count)))
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
      sequenceLength: sequenceLength, colourRange: colourRange)
  }

  /// The header line, including its newline.
  var line: String {
    "YUV4MPEG2 W\(width) H\(height) F\(frameRate.numerator):\(frameRate.denominator) Ip A1:1 "
      + "C\(colourSpace.rawValue) \(Y4MHeader.colourRangeField)\(colourRange.rawValue)"
      + (sequenceLength.map { " \(Y4MHeader.sequenceLengthField)\($0)" } ?? "") + "\n"
  }
}

/// The colour spaces of YUV4MPEG2 that vidlat reads: a luma (Y) plane, then (except
/// monochrome) two chroma planes (Cb, Cr), subsampled as the name says, and for `444alpha`
/// an alpha plane, which is ignored. Samples deeper than 8 bits are 16-bit little-endian
/// words.
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

  /// Whether the stream has a luma plane only.
  public var isMonochrome: Bool {
    switch self {
    case .mono, .mono10, .mono12, .mono16: true
    default: false
    }
  }

  /// How many luma pixels one chroma sample spans across and down: (2, 2) for 4:2:0,
  /// (2, 1) for 4:2:2, (4, 1) for 4:1:1, (1, 1) for 4:4:4 (and monochrome).
  var chromaSpan: (across: Int, down: Int) {
    switch self {
    case .c420jpeg, .c420paldv, .c420mpeg2, .c420, .c420p10, .c420p12, .c420p16: (2, 2)
    case .c411: (4, 1)
    case .c422, .c422p10, .c422p12, .c422p16: (2, 1)
    default: (1, 1)
    }
  }

  /// The size of each chroma plane of a `width x height` frame.
  func chromaSize(width: Int, height: Int) -> (width: Int, height: Int) {
    let span = chromaSpan
    return ((width + span.across - 1) / span.across, (height + span.down - 1) / span.down)
  }

  /// Samples in all planes after the luma plane (chroma, alpha) for a `width x height` frame.
  func extraSamples(width: Int, height: Int) -> Int {
    guard !isMonochrome else { return 0 }
    let chroma = chromaSize(width: width, height: height)
    return 2 * chroma.width * chroma.height + (self == .c444alpha ? width * height : 0)
  }

  /// Bytes of one frame (luma plus the other planes).
  func frameByteCount(width: Int, height: Int) -> Int {
    (width * height + extraSamples(width: width, height: height)) * bytesPerSample
  }
}

/// The range of a stream's samples (ffmpeg's `XCOLORRANGE`).
public enum Y4MColourRange: String, Sendable {
  /// Every code is a level: 0 is black, the largest code white.
  case full = "FULL"
  /// Studio swing: luma from 16 (black) to 235 (white), chroma 16 ... 240 around 128
  /// (scaled by 2^(bits - 8) for deeper samples).
  case limited = "LIMITED"
}
