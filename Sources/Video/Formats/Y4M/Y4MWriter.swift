import VidlatSupport

extension Video {
  /// The video as an 8-bit YUV4MPEG2 stream, full range (`XCOLORRANGE=FULL`): a gray video
  /// as `Cmono`, levels rounded to 0...255; an RGB video as `C444` (no chroma subsampling,
  /// see `YCbCr`). When the video holds independent sequences of equal length back to back,
  /// the header records that length (``Y4MHeader/sequenceLength``); other sequence layouts
  /// are not recorded.
  public func y4mBytes() -> [UInt8] {
    let header = Y4MHeader(
      width: width, height: height, frameRate: Video.rationalFrameRate(framesPerSecond),
      colourSpace: colour == .gray ? .mono : .c444, sequenceLength: equalSequenceLength,
      colourRange: .full)
    var bytes = Array(header.line.utf8)
    bytes.reserveCapacity(bytes.count + frameCount * (6 + pixelsPerFrame))
    let frameLine = Array("FRAME\n".utf8)
    for f in 0..<frameCount {
      let frame = pixels[f * pixelsPerFrame..<(f + 1) * pixelsPerFrame]
      bytes.append(contentsOf: frameLine)
      bytes.append(contentsOf: colour == .gray ? Video.bytes8(frame) : YCbCr.planes444(rgb: frame))
    }
    return bytes
  }

  /// Writes the video to `path` as an 8-bit `.y4m` file (see ``y4mBytes()``), atomically.
  public func writeY4M(to path: String) throws(FileError) {
    try AtomicFile.write(y4mBytes(), to: path)
  }

  /// The common length of the video's sequences when there are several, all equal.
  private var equalSequenceLength: Int? {
    guard sequenceStarts.count > 1 else { return nil }
    let length = sequenceStarts[1]
    return sequenceStarts == Video.sequenceStarts(frameCount: frameCount, length: length)
      ? length : nil
  }

  /// Pixels in [0, 1] as bytes 0...255, rounded to nearest and clamped.
  static func bytes8(_ values: ArraySlice<Float>) -> [UInt8] {
    values.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) }
  }

  /// A fraction for a frame rate: whole numbers as n:1, NTSC rates as n:1001, else n:1000.
  static func rationalFrameRate(_ fps: Double) -> (numerator: Int, denominator: Int) {
    guard fps.isFinite, fps > 0 else { return (25, 1) }
    if fps == fps.rounded() { return (Int(fps), 1) }
    let ntsc = fps * 1001 / 1000
    if abs(ntsc - ntsc.rounded()) < 1e-6 { return (Int(ntsc.rounded()) * 1000, 1001) }
    return (Int((fps * 1000).rounded()), 1000)
  }
}
