import Foundation

extension Video {
  /// Reads a video from any supported source and brings it to the requested frame rate and
  /// size:
  /// - a folder: numbered PGM frames;
  /// - `.y4m`: read natively (streamed; luma as grayscale);
  /// - `.pgm`: a single frame;
  /// - anything else (mp4, avi, mov, gif, ...): converted by `ffmpeg` (see ``FFmpeg``).
  ///
  /// Native formats are resampled to `framesPerSecond` (nearest earlier frame) and
  /// area-averaged to `width x height`; ffmpeg does both itself for other containers.
  public static func read(
    path: String, width: Int? = nil, height: Int? = nil, framesPerSecond: Double? = nil,
    maxFrames: Int = .max
  ) throws(VideoError) -> Video {
    if (width == nil) != (height == nil) {
      throw VideoError(path: path, problem: .invalidRequest("give both width and height"))
    }
    if let width, let height, width <= 0 || height <= 0 {
      throw VideoError(path: path, problem: .invalidRequest("size \(width)x\(height)"))
    }
    if let framesPerSecond, !(framesPerSecond > 0) {
      throw VideoError(path: path, problem: .invalidRequest("frame rate \(framesPerSecond)"))
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw VideoError(path: path, problem: .unreadable("no such file"))
    }
    let lowercased = path.lowercased()
    var video: Video
    if isDirectory.boolValue {
      video = try readPGMFolder(path: path)
    } else if lowercased.hasSuffix(".y4m") {
      video = try readY4M(path: path)
    } else if lowercased.hasSuffix(".pgm") {
      video = Video(frames: [try PGM.read(path: path)], framesPerSecond: framesPerSecond ?? 25)
    } else {
      return try FFmpeg.locate(for: path).read(
        input: path, width: width, height: height, framesPerSecond: framesPerSecond,
        maxFrames: maxFrames)
    }
    if let framesPerSecond, framesPerSecond != video.framesPerSecond {
      video = video.resampled(toFramesPerSecond: framesPerSecond)
    }
    if video.frameCount > maxFrames { video = video.frames(0..<maxFrames) }
    if let width, let height, width != video.width || height != video.height {
      video = video.resized(height: height, width: width)
    }
    return video
  }
}
