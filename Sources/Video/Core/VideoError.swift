/// Why a video could not be read, converted or processed, with the file it concerns.
public struct VideoError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What went wrong.
  public enum Problem: Equatable, Sendable {
    /// The file cannot be opened or read.
    case unreadable(String)
    /// The file cannot be written.
    case unwritable(String)
    /// The file's header is malformed; the text says which part.
    case badHeader(String)
    /// Frame `frame` (0-based) ends early: `expected` bytes needed, `found` available.
    case truncatedFrame(frame: Int, expected: Int, found: Int)
    /// The file (or folder) holds no frames.
    case zeroFrames
    /// A folder read as numbered PGM frames holds no `.pgm` file; the text says what it
    /// holds instead when that helps (a `vidlat dataset` folder, another video).
    case noFrameFiles(String)
    /// The colour space or pixel format is not one vidlat reads.
    case unsupportedColourSpace(String)
    /// Frames of one video differ in size.
    case inconsistentFrameSize(String)
    /// `ffmpeg` is not installed; the text says how to install it or convert by hand.
    case ffmpegMissing(String)
    /// `ffmpeg` ran and failed; the text is its error output.
    case ffmpegFailed(String)
    /// A processing request that does not fit the video (crop outside the frame, ...).
    case invalidRequest(String)
  }

  /// The file or folder concerned (empty for in-memory processing).
  public var path: String
  /// What went wrong.
  public var problem: Problem

  /// Creates an error for `path`.
  public init(path: String, problem: Problem) {
    self.path = path
    self.problem = problem
  }

  public var description: String {
    let message: String
    switch problem {
    case .unreadable(let why): message = "cannot read file: \(why)"
    case .unwritable(let why): message = "cannot write file: \(why)"
    case .badHeader(let why): message = "bad header: \(why)"
    case .truncatedFrame(let frame, let expected, let found):
      message = "truncated frame \(frame): expected \(expected) bytes, found \(found)"
    case .zeroFrames: message = "no frames"
    case .noFrameFiles(let hint):
      message = "no .pgm frame files in this folder" + (hint.isEmpty ? "" : "; \(hint)")
    case .unsupportedColourSpace(let space): message = "unsupported colour space: \(space)"
    case .inconsistentFrameSize(let why): message = "frames differ in size: \(why)"
    case .ffmpegMissing(let how): message = how
    case .ffmpegFailed(let output): message = "ffmpeg failed: \(output)"
    case .invalidRequest(let why): message = why
    }
    return path.isEmpty ? message : "\(path): \(message)"
  }
}
