/// How a model sees video: which part of each frame, at what size, in what colour, at what
/// frame rate. Every clip a model trains on or is evaluated on is read through one format,
/// so that training, evaluation and pictures see the same pixels.
public struct FrameFormat: Equatable, Sendable {
  /// The model's frame side in pixels: the region is resized so that its longer side is
  /// `side`, keeping its aspect ratio, and padded with black to a square (letterboxed).
  public var side: Int
  /// Gray or RGB.
  public var colour: Video.Colour
  /// The part of each source frame; `.auto` must be resolved (``Video/activeRegion(of:)``)
  /// before reading.
  public var region: FrameRegion
  /// The frame rate to resample to; nil keeps the source's.
  public var framesPerSecond: Double?

  public init(
    side: Int, colour: Video.Colour = .gray, region: FrameRegion = .whole,
    framesPerSecond: Double? = nil
  ) {
    self.side = side
    self.colour = colour
    self.region = region
    self.framesPerSecond = framesPerSecond
  }
}

extension Video {
  /// Reads `path` (any source ``read(path:width:height:framesPerSecond:colour:maxFrames:)``
  /// reads) as `format` sees it.
  /// - Throws: `VideoError` naming the file: unreadable, or a region that does not fit the
  ///   frames (or is still `.auto`).
  public static func read(path: String, format: FrameFormat) throws(VideoError) -> Video {
    let source = try read(
      path: path, framesPerSecond: format.framesPerSecond, colour: format.colour)
    do {
      return try source.formatted(format)
    } catch {
      throw VideoError(path: path, problem: error.problem)
    }
  }

  /// The video as `format` sees it: its region, resized to fit a `side x side` square
  /// keeping the aspect ratio (area averaging), letterboxed; in the format's colour.
  public func formatted(_ format: FrameFormat) throws(VideoError) -> Video {
    var video = converted(to: format.colour)
    switch format.region {
    case .whole: break
    case .auto:
      throw VideoError(
        path: "", problem: .invalidRequest("the region 'auto' must be found before reading"))
    case .rectangle(let r):
      guard r.fits(width: width, height: height) else {
        throw VideoError(
          path: "",
          problem: .invalidRequest(
            "the region \(r.width)x\(r.height) at (\(r.x), \(r.y)) does not fit in the "
              + "\(width)x\(height) frames"))
      }
      video = try video.cropped(top: r.y, left: r.x, height: r.height, width: r.width)
    }
    let scale = Double(format.side) / Double(max(video.width, video.height))
    let newWidth = max(1, Int((Double(video.width) * scale).rounded()))
    let newHeight = max(1, Int((Double(video.height) * scale).rounded()))
    if newWidth != video.width || newHeight != video.height {
      video = video.resized(height: newHeight, width: newWidth)
    }
    return video.letterboxed()
  }
}
