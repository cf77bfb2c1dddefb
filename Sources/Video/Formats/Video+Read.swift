import Foundation

extension Video {
  /// Reads a video from any supported source in `colour` and brings it to the requested
  /// frame rate and size:
  /// - a folder: numbered PGM frames (at 25 fps);
  /// - `.y4m`: read natively (gray: the luma plane; RGB: converted by BT.601, `YCbCr`);
  /// - `.pgm`: a single frame;
  /// - anything else (mp4, avi, mov, gif, ...): converted by `ffmpeg` (see ``FFmpeg``).
  ///
  /// Native formats are streamed frame by frame: each kept frame is resampled in time to
  /// `framesPerSecond` (nearest earlier frame) and area-averaged to `width x height` as it
  /// arrives, so a long high-resolution file never sits in memory at full size; reading
  /// stops after `maxFrames` output frames. ffmpeg does both itself for other containers.
  ///
  /// A `.y4m` file that records independent sequences (``Y4MHeader/sequenceLength``, as
  /// `vidlat dataset` writes) gives a video whose ``sequenceStarts`` mark them, at the new
  /// frame rate; other sources are one sequence.
  public static func read(
    path: String, width: Int? = nil, height: Int? = nil, framesPerSecond: Double? = nil,
    colour: Colour = .gray, maxFrames: Int = .max
  ) throws(VideoError) -> Video {
    if (width == nil) != (height == nil) {
      throw VideoError(path: path, problem: .invalidRequest("give both width and height"))
    }
    if let width, let height, width <= 0 || height <= 0 {
      throw VideoError(path: path, problem: .invalidRequest("size \(width)x\(height)"))
    }
    if let framesPerSecond, !(framesPerSecond > 0 && framesPerSecond.isFinite) {
      throw VideoError(path: path, problem: .invalidRequest("frame rate \(framesPerSecond)"))
    }
    guard maxFrames > 0 else {
      throw VideoError(path: path, problem: .invalidRequest("maxFrames must be positive"))
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw VideoError(path: path, problem: .unreadable("no such file"))
    }
    let lowercased = path.lowercased()
    let size = width.flatMap { w in height.map { (width: w, height: $0) } }
    if isDirectory.boolValue {
      let reader = try PGMFolderReader(path: path)
      return try collect(
        path: path, sourceRate: 25, targetRate: framesPerSecond, size: size, colour: colour,
        maxFrames: maxFrames, startsSequence: { _ in false }, next: reader.nextFrame)
    } else if lowercased.hasSuffix(".y4m") {
      let reader = try Y4MReader(path: path, colour: colour)
      return try collect(
        path: path, sourceRate: reader.header.framesPerSecond, targetRate: framesPerSecond,
        size: size, colour: colour, maxFrames: maxFrames,
        startsSequence: reader.startsSequence(frame:), next: reader.nextFrame)
    } else if lowercased.hasSuffix(".pgm") {
      var frame: Frame? = try PGM.read(path: path)
      return try collect(
        path: path, sourceRate: framesPerSecond ?? 25, targetRate: nil, size: size,
        colour: colour, maxFrames: maxFrames, startsSequence: { _ in false },
        next: { () throws(VideoError) -> Frame? in
          defer { frame = nil }
          return frame
        })
    } else {
      return try FFmpeg.locate(for: path).read(
        input: path, width: width, height: height, framesPerSecond: framesPerSecond,
        colour: colour, maxFrames: maxFrames)
    }
  }

  /// Pulls frames from `next`, keeping those that output frames k = 0, 1, ... show (source
  /// frame floor(k * sourceRate / targetRate)), resizing each kept frame, until `maxFrames`
  /// frames are out or the source ends. An output frame starts a sequence when its source
  /// frame, or one skipped since the previous output frame, `startsSequence`.
  private static func collect(
    path: String, sourceRate: Double, targetRate: Double?, size: (width: Int, height: Int)?,
    colour: Colour, maxFrames: Int, startsSequence: (Int) -> Bool,
    next: () throws(VideoError) -> Frame?
  ) throws(VideoError) -> Video {
    let rate = targetRate ?? sourceRate
    var pixels: [Float] = []
    var starts = [0]
    var sequenceBegan = false
    var count = 0
    var outputSize: (width: Int, height: Int)?
    var sourceIndex = 0
    func source(of output: Int) -> Int {
      Int((Double(output) * sourceRate / rate + 1e-9).rounded(.down))
    }
    while count < maxFrames, let frame = try next() {
      if sourceIndex > 0, startsSequence(sourceIndex) { sequenceBegan = true }
      if source(of: count) == sourceIndex {
        if sequenceBegan, count > 0 { starts.append(count) }
        sequenceBegan = false
        var kept = Video(frames: [frame.converted(to: colour)], framesPerSecond: rate)
        if let size, size.width != frame.width || size.height != frame.height {
          kept = kept.resized(height: size.height, width: size.width)
        }
        // Upsampling in time shows one source frame several times.
        while count < maxFrames, source(of: count) == sourceIndex {
          pixels += kept.pixels
          count += 1
        }
        outputSize = (kept.width, kept.height)
      }
      sourceIndex += 1
    }
    guard let outputSize, count > 0 else { throw VideoError(path: path, problem: .zeroFrames) }
    return Video(
      frameCount: count, height: outputSize.height, width: outputSize.width, colour: colour,
      framesPerSecond: rate, pixels: pixels, sequenceStarts: starts)
  }
}
