import Foundation
import Video

/// A fresh temporary folder for one test, removed by the caller with `remove()`.
struct TemporaryFolder {
  let path: String

  init() throws {
    path = NSTemporaryDirectory() + "vidlat-video-tests-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  func file(_ name: String) -> String { path + "/" + name }

  func write(_ bytes: [UInt8], to name: String) throws -> String {
    let file = file(name)
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    return file
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A small video whose pixels are multiples of 1/255 (so 8-bit files store them exactly).
func rampVideo(frames: Int = 3, height: Int = 5, width: Int = 7) -> Video {
  let count = frames * height * width
  let pixels = (0..<count).map { Float(($0 * 37 + 11) % 256) / 255 }
  return Video(
    frameCount: frames, height: height, width: width, framesPerSecond: 20, pixels: pixels)
}

/// The error a throwing call raises, or nil.
func videoError<T>(_ body: () throws(VideoError) -> T) -> VideoError? {
  do {
    _ = try body()
    return nil
  } catch {
    return error
  }
}
