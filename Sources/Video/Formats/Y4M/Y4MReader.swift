/// Streams the frames of a YUV4MPEG2 (`.y4m`) file one at a time, so a long file is never
/// held in memory whole. The luma plane becomes the grayscale frame, scaled to [0, 1].
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
  /// Number of frames returned so far.
  public private(set) var framesRead = 0

  private let reader: ByteReader
  private var buffer: [UInt8] = []

  /// Opens `path` and parses its stream header.
  public init(path: String) throws(VideoError) {
    self.path = path
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
    return Frame(height: header.height, width: header.width, pixels: luma())
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
      frameCount: count, height: header.height, width: header.width,
      framesPerSecond: header.framesPerSecond, pixels: pixels, sequenceStarts: starts)
  }

  /// Whether frame `index` of the file begins one of the sequences the header records.
  func startsSequence(frame index: Int) -> Bool {
    header.sequenceLength.map { index % $0 == 0 } ?? false
  }

  /// Byte value b as b / 255.
  private static let levels: [Float] = (0...255).map { Float($0) / 255 }

  /// The luma plane of the frame in `buffer`, scaled to [0, 1].
  private func luma() -> [Float] {
    let count = header.width * header.height
    var pixels = [Float](repeating: 0, count: count)
    buffer.withUnsafeBufferPointer { bytes in
      pixels.withUnsafeMutableBufferPointer { out in
        if header.colourSpace.bytesPerSample == 1 {
          for i in 0..<count { out[i] = Y4MReader.levels[Int(bytes[i])] }
        } else {
          let maximum = Float((1 << header.colourSpace.bitDepth) - 1)
          for i in 0..<count {
            let word = UInt16(bytes[2 * i]) | UInt16(bytes[2 * i + 1]) << 8
            out[i] = min(Float(word) / maximum, 1)
          }
        }
      }
    }
    return pixels
  }
}

extension Video {
  /// Reads a whole `.y4m` file (at most `maxFrames` frames); luma as grayscale.
  public static func readY4M(path: String, maxFrames: Int = .max) throws(VideoError) -> Video {
    try Y4MReader(path: path).readVideo(maxFrames: maxFrames)
  }
}
