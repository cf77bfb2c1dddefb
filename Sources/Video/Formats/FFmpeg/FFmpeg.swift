import Foundation

/// Converts any container ffmpeg understands (mp4, avi, mov, gif, ...) to a grayscale video
/// by running `ffmpeg` as a subprocess that writes monochrome YUV4MPEG2.
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

  /// The ffmpeg arguments that convert `input` to monochrome y4m at `output`, resampled to
  /// `framesPerSecond` and area-resized to `width x height` when given.
  public static func arguments(
    input: String, output: String, width: Int?, height: Int?, framesPerSecond: Double?
  ) -> [String] {
    var filters: [String] = []
    if let framesPerSecond { filters.append("fps=\(framesPerSecond)") }
    if let width, let height { filters.append("scale=\(width):\(height):flags=area") }
    filters.append("format=gray")
    return [
      "-nostdin", "-v", "error", "-y", "-i", input, "-vf", filters.joined(separator: ","),
      "-pix_fmt", "gray", "-f", "yuv4mpegpipe", output,
    ]
  }

  /// Converts `input` to a grayscale video (at most `maxFrames` frames).
  public func read(
    input: String, width: Int? = nil, height: Int? = nil, framesPerSecond: Double? = nil,
    maxFrames: Int = .max
  ) throws(VideoError) -> Video {
    guard FileManager.default.fileExists(atPath: input) else {
      throw VideoError(path: input, problem: .unreadable("no such file"))
    }
    let base = NSTemporaryDirectory() + "vidlat-ffmpeg-\(getpid())-\(UUID().uuidString)"
    let output = base + ".y4m"
    let log = base + ".log"
    defer {
      try? FileManager.default.removeItem(atPath: output)
      try? FileManager.default.removeItem(atPath: log)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = FFmpeg.arguments(
      input: input, output: output, width: width, height: height,
      framesPerSecond: framesPerSecond)
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    let logHandle = FileHandle(forWritingAtPath: log)
    process.standardError = logHandle
    process.standardOutput = logHandle
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw VideoError(path: input, problem: .ffmpegFailed("cannot run \(executable): \(error)"))
    }
    process.waitUntilExit()
    try? logHandle?.close()
    guard process.terminationStatus == 0 else {
      let message = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
      throw VideoError(
        path: input,
        problem: .ffmpegFailed(
          trimmed.isEmpty
            ? "exit status \(process.terminationStatus)" : String(trimmed.prefix(2000))))
    }
    do {
      return try Y4MReader(path: output).readVideo(maxFrames: maxFrames)
    } catch {
      throw VideoError(path: input, problem: error.problem)
    }
  }
}
