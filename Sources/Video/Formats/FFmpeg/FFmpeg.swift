import Foundation

/// Runs `ffmpeg` as a subprocess: to read any container it understands (mp4, avi, mov, gif,
/// ...) as a gray or RGB video, through a YUV4MPEG2 file it writes (monochrome, or 4:4:4 for
/// colour), and to encode a video as H.264 mp4.
public struct FFmpeg: Sendable {
  /// The ffmpeg executable.
  public let executable: String

  /// Uses the given ffmpeg executable.
  public init(executable: String) {
    self.executable = executable
  }

  /// Finds `ffmpeg` on `searchPath` (a `PATH`-style list; the process's `PATH` by default).
  /// - Throws: `.ffmpegMissing` explaining how to install ffmpeg or convert by hand.
  public static func locate(
    searchPath: String? = ProcessInfo.processInfo.environment["PATH"], for input: String = ""
  ) throws(VideoError) -> FFmpeg {
    for directory in (searchPath ?? "").split(separator: ":") {
      let candidate = String(directory) + "/ffmpeg"
      if FileManager.default.isExecutableFile(atPath: candidate) {
        return FFmpeg(executable: candidate)
      }
    }
    throw VideoError(
      path: input,
      problem: .ffmpegMissing(
        """
        reading this format needs ffmpeg, which is not on PATH. Install it \
        (Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew install ffmpeg), or convert \
        by hand to grayscale y4m or a folder of PGM frames, e.g.: ffmpeg -i INPUT -vf \
        fps=20,scale=32:32:flags=area,format=gray -pix_fmt gray -f yuv4mpegpipe OUTPUT.y4m
        """))
  }

  /// The ffmpeg arguments that convert `input` to y4m at `output` (monochrome for gray,
  /// 4:4:4 for RGB), resampled to `framesPerSecond` and area-resized to `width x height`
  /// when given.
  public static func arguments(
    input: String, output: String, width: Int?, height: Int?, framesPerSecond: Double?,
    colour: Video.Colour = .gray
  ) -> [String] {
    var filters: [String] = []
    if let framesPerSecond { filters.append("fps=\(framesPerSecond)") }
    if let width, let height { filters.append("scale=\(width):\(height):flags=area") }
    let format = colour == .gray ? "gray" : "yuv444p"
    filters.append("format=\(format)")
    return [
      "-nostdin", "-v", "error", "-y", "-i", input, "-vf", filters.joined(separator: ","),
      "-pix_fmt", format, "-f", "yuv4mpegpipe", output,
    ]
  }

  /// Converts `input` to a video in `colour` (at most `maxFrames` frames).
  public func read(
    input: String, width: Int? = nil, height: Int? = nil, framesPerSecond: Double? = nil,
    colour: Video.Colour = .gray, maxFrames: Int = .max
  ) throws(VideoError) -> Video {
    guard FileManager.default.fileExists(atPath: input) else {
      throw VideoError(path: input, problem: .unreadable("no such file"))
    }
    let output = FFmpeg.temporaryPath(extension: "y4m")
    defer { try? FileManager.default.removeItem(atPath: output) }
    try run(
      FFmpeg.arguments(
        input: input, output: output, width: width, height: height,
        framesPerSecond: framesPerSecond, colour: colour),
      naming: input)
    do {
      return try Y4MReader(path: output, colour: colour).readVideo(maxFrames: maxFrames)
    } catch {
      throw VideoError(path: input, problem: error.problem)
    }
  }

  /// Encodes `video` as H.264 in an mp4 file at `path` (4:2:0, constant quality 18: what a
  /// camera or phone writes), atomically: ffmpeg writes beside `path`, which is replaced
  /// only when it succeeds.
  public func writeMP4(_ video: Video, to path: String) throws(VideoError) {
    let source = FFmpeg.temporaryPath(extension: "y4m")
    let partial = path + ".partial.mp4"
    defer {
      try? FileManager.default.removeItem(atPath: source)
      try? FileManager.default.removeItem(atPath: partial)
    }
    do {
      try video.writeY4M(to: source)
    } catch {
      throw VideoError(path: path, problem: .unwritable("a temporary file: \(error)"))
    }
    try run(
      [
        "-nostdin", "-v", "error", "-y", "-i", source, "-c:v", "libx264", "-crf", "18",
        "-pix_fmt", "yuv420p", "-movflags", "+faststart", partial,
      ], naming: path)
    guard rename(partial, path) == 0 else {
      throw VideoError(path: path, problem: .unwritable("cannot move the encoded file into place"))
    }
  }

  private static func temporaryPath(extension ext: String) -> String {
    NSTemporaryDirectory() + "vidlat-ffmpeg-\(getpid())-\(UUID().uuidString).\(ext)"
  }

  /// Runs ffmpeg with `arguments`; a failure names `file` and quotes ffmpeg's messages.
  private func run(_ arguments: [String], naming file: String) throws(VideoError) {
    let log = FFmpeg.temporaryPath(extension: "log")
    defer { try? FileManager.default.removeItem(atPath: log) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    let logHandle = FileHandle(forWritingAtPath: log)
    process.standardError = logHandle
    process.standardOutput = logHandle
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw VideoError(path: file, problem: .ffmpegFailed("cannot run \(executable): \(error)"))
    }
    process.waitUntilExit()
    try? logHandle?.close()
    guard process.terminationStatus == 0 else {
      let message = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
      throw VideoError(
        path: file,
        problem: .ffmpegFailed(
          trimmed.isEmpty
            ? "exit status \(process.terminationStatus)" : String(trimmed.prefix(2000))))
    }
  }
}
