import Foundation
import VidlatSupport

/// A generated dataset on disk, as `vidlat dataset` writes it: a folder with
/// - `video.y4m`: all sequences back to back (8-bit monochrome, at 1 / dt frames per second;
///   its header records the sequence length, see ``Y4MHeader/sequenceLength``),
/// - `truth.csv`: the ground truth, one row per frame (see ``GroundTruth``),
/// - `preview.png`: the first frames of the first sequences, one row each.
///
/// A camera-style dataset has `clips/clip-000.mp4`, `clip-001.mp4`, ... (or `.y4m`), one RGB
/// clip per sequence, in place of `video.y4m` (see ``write(footage:to:ffmpeg:)``).
public enum SceneDataset {
  /// The video's file name inside the folder.
  public static let videoFile = "video.y4m"
  /// The ground truth's file name inside the folder.
  public static let truthFile = "truth.csv"
  /// The preview picture's file name inside the folder.
  public static let previewFile = "preview.png"

  /// Writes `video` and `truth` into `folder` (created if needed), each file atomically.
  public static func write(video: VideoSequences, truth: GroundTruth, to folder: String)
    throws(FileError)
  {
    try video.concatenated.writeY4M(to: path(folder, videoFile))
    try truth.write(to: path(folder, truthFile))
    let rows = (0..<min(4, video.count)).map { s in
      FrameSheet.Row(label: "\(s)", video: video.sequence(s))
    }
    try PNG.write(
      FrameSheet.picture(rows: rows, maxFrames: 20, scale: 2), to: path(folder, previewFile))
  }

  /// Reads a dataset folder, flat (`video.y4m`, gray) or camera style (`clips/`, RGB); the
  /// sequence length is the number of rows of sequence 0 in the truth.
  /// - Throws: `VideoError` naming the file when a file is missing or malformed, or when the
  ///   video and the truth disagree.
  public static func read(folder: String) throws(VideoError) -> (
    video: VideoSequences, truth: GroundTruth
  ) {
    let truthPath = path(folder, truthFile)
    let truth = try GroundTruth.read(path: truthPath)
    guard let sequence = truth.column("sequence"), truth.column("frame") != nil else {
      throw VideoError(path: truthPath, problem: .badHeader("no 'sequence' and 'frame' columns"))
    }
    let length = sequence.prefix { $0 == 0 }.count
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path(folder, clipsFolder), isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      return (try readClips(folder: folder, truth: truth, length: length), truth)
    }
    let videoPath = path(folder, videoFile)
    let video = try Video.readY4M(path: videoPath)
    guard length > 0, video.frameCount == truth.rows.count, video.frameCount % length == 0 else {
      throw VideoError(
        path: videoPath,
        problem: .invalidRequest(
          "\(video.frameCount) frames do not match the \(truth.rows.count) rows of \(truthPath)"))
    }
    do {
      return (try VideoSequences(concatenated: video, length: length), truth)
    } catch {
      throw VideoError(path: videoPath, problem: error.problem)
    }
  }

  static func path(_ folder: String, _ file: String) -> String {
    (folder as NSString).appendingPathComponent(file)
  }
}
