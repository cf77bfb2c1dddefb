import Foundation
import Testing
import Video

private let ffmpegInstalled = (try? FFmpeg.locate()) != nil

@Suite struct FFmpegTests {
  @Test(.enabled(if: ffmpegInstalled, "ffmpeg is not installed"))
  func mp4IsReadThroughFFmpegAtTheRequestedSizeAndRate() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // 20 frames at 20 fps of a bright square moving right on black, 64 x 64.
    var pixels = [Float](repeating: 0, count: 20 * 64 * 64)
    for f in 0..<20 {
      for y in 24..<40 {
        for x in (f * 2)..<(f * 2 + 16) { pixels[(f * 64 + y) * 64 + x] = 1 }
      }
    }
    let video = Video(frameCount: 20, height: 64, width: 64, framesPerSecond: 20, pixels: pixels)
    try video.writeY4M(to: folder.file("in.y4m"))
    let ffmpeg = try FFmpeg.locate()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ffmpeg.executable)
    process.arguments = [
      "-nostdin", "-v", "error", "-y", "-i", folder.file("in.y4m"), "-pix_fmt", "yuv420p",
      "-crf", "10", folder.file("clip.mp4"),
    ]
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)

    let read = try Video.read(
      path: folder.file("clip.mp4"), width: 32, height: 32, framesPerSecond: 10)
    #expect(read.width == 32 && read.height == 32)
    #expect(read.frameCount == 10)
    // The square covers 8 x 8 of 32 x 32 pixels: mean brightness 1/16 (lossy codec).
    let mean = read.frame(3).pixels.reduce(0, +) / 1024
    #expect(abs(mean - 1.0 / 16) < 0.01)
  }

  @Test(.enabled(if: ffmpegInstalled, "ffmpeg is not installed"))
  func ourAnimatedGIFReadsBackThroughFFmpeg() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let video = rampVideo(frames: 6, height: 8, width: 10)
    let frames = video.frames.map { Picture(frame: $0) }
    try GIF.write(frames: frames, delayCentiseconds: 5, to: folder.file("a.gif"))
    let read = try Video.read(path: folder.file("a.gif"))
    #expect(read.frameCount == 6 && read.width == 10 && read.height == 8)
    for (a, b) in zip(read.pixels, video.pixels) { #expect(abs(a - b) <= 1.5 / 255) }
  }

  @Test func missingFFmpegExplainsHowToInstallOrConvert() {
    let error = videoError { () throws(VideoError) in
      try FFmpeg.locate(searchPath: "/nonexistent-bin", for: "clip.mp4")
    }
    #expect(error?.path == "clip.mp4")
    let text = error?.description ?? ""
    #expect(text.contains("apt-get install ffmpeg"))
    #expect(text.contains("-f yuv4mpegpipe"))
  }

  @Test(.enabled(if: ffmpegInstalled, "ffmpeg is not installed"))
  func ffmpegFailureIsReportedWithItsMessage() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write(Array("not a video at all".utf8), to: "broken.mp4")
    let error = videoError { () throws(VideoError) in try Video.read(path: path) }
    #expect(error?.path == path)
    if case .ffmpegFailed(let message) = error?.problem {
      #expect(!message.isEmpty)
    } else {
      Issue.record("expected ffmpegFailed, got \(String(describing: error))")
    }
  }
}
