/// Streams the frames of a YUV4MPEG2 (`.y4m`) file one at a time, so a long file is never
/// held in memory whole, as gray or RGB frames in [0, 1] (see `YCbCr`): gray is the luma
/// plane; RGB converts luma and chroma (a monochrome stream gives gray in every channel).
///
/// ```swift
/// let reader = try Y4MReader(path: "clip.y4m")
/// while let frame = try reader.nextFrame() { ... }
/// ```
public final class Y4MReader {
  /// The file being read.
  public let path: String
  /// The stream header.
  public let header: Y4MHeader
  /// The colour of the frames returned.
  public let colour: Video.Colour
  /// Number of frames returned so far.
  public private(set) var framesRead = 0

  private let reader: ByteReader
  private var buffer: [UInt8] = []

  /// Opens `path` and parses its stream header; frames will be returned in `colour`.
  public init(path: String, colour: Video.Colour = .gray) throws(VideoError) {
    self.path = path
    self.colour = colour
    reader = try ByteReader(path: path)
    guard let (line, complete) = reader.readLine(limit: 4096) else {
      throw VideoError(path: path, problem: .badHeader("empty file"))
    }
    guard complete else {
      throw VideoError(path: path, problem: .badHeader("header line does not end"))
    }
    header = try Y4MHeader.parse(line, path: path)
  }

  /// The next frame, or nil at the end of the file.
  public func nextFrame() throws(VideoError) -> Frame? {
    guard let (line, complete) = reader.readLine(limit: 1024) else { return nil }
    let frameNumber = framesRead
    let byteCount = header.frameByteCount
    guard complete else {
      throw VideoError(
        path: path, problem: .truncatedFrame(frame: frameNumber, expected: byteCount, found: 0))
    }
    guard line.starts(with: Array("FRAME".utf8)) else {
      throw VideoError(
        path: path, problem: .badHeader("frame \(frameNumber) does not start with FRAME"))
    }
    let found = reader.read(into: &buffer, count: byteCount)
    guard found == byteCount else {
      throw VideoError(
        path: path,
        problem: .truncatedFrame(frame: frameNumber, expected: byteCount, found: found))
    }
    framesRead += 1
    let decoder = YCbCr(header: header)
    let pixels =
      colour == .gray || header.colourSpace.isMonochrome
      ? decoder.luma(buffer) : decoder.rgb(buffer)
    let frame = Frame(
      height: header.height, width: header.width,
      colour: header.colourSpace.isMonochrome ? .gray : colour, pixels: pixels)
    return frame.colour == colour ? frame : frame.converted(to: colour)
  }

  /// Reads the remaining frames (at most `maxFrames`) into a video, its sequences those the
  /// header records (``Y4MHeader/sequenceLength``).
  /// - Throws: `.zeroFrames` when there is none.
  public func readVideo(maxFrames: Int = .max) throws(VideoError) -> Video {
    var pixels: [Float] = []
    var starts = [0]
    var count = 0
    while count < maxFrames, let frame = try nextFrame() {
      if count > 0, startsSequence(frame: framesRead - 1) { starts.append(count) }
      pixels.append(contentsOf: frame.pixels)
      count += 1
    }
    guard count > 0 else { throw VideoError(path: path, problem: .zeroFrames) }
    return Video(
      frameCount: count, height: header.height, width: header.width, colour: colour,
      framesPerSecond: header.framesPerSecond, pixels: pixels, sequenceStarts: starts)
  }

  /// Whether frame `index` of the file begins one of the sequences the header records.
  func startsSequence(frame index: Int) -> Bool {
    header.sequenceLength.map { index % $0 == 0 } ?? false
  }
}

extension Video {
  /// Reads a whole `.y4m` file (at most `maxFrames` frames) in `colour`.
  public static func readY4M(path: String, colour: Colour = .gray, maxFrames: Int = .max)
    throws(VideoError) -> Video
  {
    try Y4MReader(path: path, colour: colour).readVideo(maxFrames: maxFrames)
  }
}
