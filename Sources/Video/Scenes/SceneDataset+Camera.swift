import Foundation
import Synchronization
import VidlatSupport

extension SceneDataset {
  /// The folder inside a camera-style dataset that holds one file per clip.
  public static let clipsFolder = "clips"

  /// How the clips of a camera-style dataset are stored.
  public enum ClipFormat: String, Sendable {
    /// H.264 in mp4 through ffmpeg (4:2:0, quality 18), as a phone or camera writes.
    case mp4
    /// 8-bit 4:4:4 YUV4MPEG2, lossless but for 8-bit rounding and the colour conversion.
    case y4m
  }

  /// The path of clip `index` inside the dataset `folder`: `clips/clip-000.mp4`, ...
  public static func clipPath(_ folder: String, index: Int, format: ClipFormat) -> String {
    let number = String(index)
    let name = "clip-" + String(repeating: "0", count: max(0, 3 - number.count)) + number
    return path(path(folder, clipsFolder), name + "." + format.rawValue)
  }

  /// Writes camera footage into `folder` (created if needed): every clip as its own file in
  /// `clips/` (as mp4 through `ffmpeg` when one is given, else y4m), `truth.csv` with the
  /// `sequence` column numbering the clips, and `preview.png`: 8 frames spread over each of
  /// the first 4 clips, at half size. Clips are rendered and written two or more at a time,
  /// each file atomically.
  /// - Returns: the format the clips were written in.
  /// - Throws: `VideoError` naming the first file that could not be written.
  @discardableResult
  public static func write(footage: CameraFootage, to folder: String, ffmpeg: FFmpeg?)
    throws(VideoError) -> ClipFormat
  {
    let format: ClipFormat = ffmpeg == nil ? .y4m : .mp4
    let clips = path(folder, clipsFolder)
    do {
      try FileManager.default.createDirectory(atPath: clips, withIntermediateDirectories: true)
    } catch {
      throw VideoError(path: clips, problem: .unwritable("\(error)"))
    }
    let previewCount = min(4, footage.count)
    let previews = Mutex([Video?](repeating: nil, count: previewCount))
    let failures = Mutex([VideoError?](repeating: nil, count: footage.count))
    DispatchQueue.concurrentPerform(iterations: footage.count) { index in
      let clip = footage.clip(index)
      let file = clipPath(folder, index: index, format: format)
      do throws(VideoError) {
        if let ffmpeg {
          try ffmpeg.writeMP4(clip, to: file)
        } else {
          do {
            try clip.writeY4M(to: file)
          } catch {
            throw VideoError(path: file, problem: .unwritable("\(error)"))
          }
        }
      } catch {
        failures.withLock { $0[index] = error }
      }
      if index < previewCount {
        let small = clip.resized(height: max(1, clip.height / 2), width: max(1, clip.width / 2))
        previews.withLock { $0[index] = small }
      }
    }
    if let failure = failures.withLock({ $0.lazy.compactMap { $0 }.first }) { throw failure }
    let truthPath = path(folder, truthFile)
    let previewPath = path(folder, previewFile)
    do {
      try footage.truth.write(to: truthPath)
      let rows = previews.withLock { $0 }.enumerated().compactMap { index, video in
        video.map { FrameSheet.Row(label: "\(index)", video: $0) }
      }
      let step = max(1, footage.frames / 8)
      try PNG.write(
        FrameSheet.picture(rows: rows, maxFrames: 8, step: step, scale: 1), to: previewPath)
    } catch {
      throw VideoError(path: folder, problem: .unwritable(error.description))
    }
    return format
  }

  /// Reads the clips of a camera-style dataset folder in order, in colour, as sequences
  /// matching `truth` (one clip per sequence, one frame per truth row).
  /// - Throws: `VideoError` naming the folder or a clip when a clip is unreadable, the clips
  ///   differ in size or frame count, or their number or length does not match the truth.
  static func readClips(folder: String, truth: GroundTruth, length: Int) throws(VideoError)
    -> VideoSequences
  {
    let clips = path(folder, clipsFolder)
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: clips)) ?? [])
      .filter { $0.hasPrefix("clip-") && ($0.hasSuffix(".mp4") || $0.hasSuffix(".y4m")) }.sorted()
    guard length > 0, names.count * length == truth.rows.count else {
      throw VideoError(
        path: clips,
        problem: .invalidRequest(
          "\(names.count) clips of \(length) frames do not match the \(truth.rows.count) rows of "
            + path(folder, truthFile)))
    }
    var videos: [Video] = []
    for name in names {
      let clipPath = path(clips, name)
      let video = try Video.read(path: clipPath, colour: .rgb)
      guard video.frameCount == length else {
        throw VideoError(
          path: clipPath,
          problem: .invalidRequest(
            "\(video.frameCount) frames, but the truth has \(length) per clip"))
      }
      if let first = videos.first, first.width != video.width || first.height != video.height {
        throw VideoError(
          path: clipPath,
          problem: .inconsistentFrameSize(
            "\(video.width)x\(video.height), but \(names[0]) is \(first.width)x\(first.height)"))
      }
      videos.append(video)
    }
    return VideoSequences(
      count: videos.count, length: length, height: videos[0].height, width: videos[0].width,
      colour: .rgb, framesPerSecond: videos[0].framesPerSecond, pixels: videos.flatMap(\.pixels),
      startFrames: videos.indices.map { $0 * length })
  }
}
