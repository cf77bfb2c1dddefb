import Foundation
import Video
import VidlatSupport

/// The sequences an SVG run trains and validates on, and how training windows are cut from
/// them.
///
/// Sequences are independent recordings of equal length L >= C + F (context + future
/// frames). Training visits windows of C + F frames starting every `stride` frames inside
/// each training sequence (overlapping when the stride is shorter than a window); the
/// validation loss uses the non-overlapping windows of each validation sequence, and
/// prediction (`SVGTrainedRun`) the validation sequences whole, so that it can look further
/// ahead than training did (the paper's 10 frames in training, 30 in evaluation).
public struct SVGData: Sendable {
  public var train: VideoSequences
  public var validation: VideoSequences
  /// Where the data came from, for logs.
  public var summary: String

  public init(train: VideoSequences, validation: VideoSequences, summary: String) {
    self.train = train
    self.validation = validation
    self.summary = summary
  }

  /// A window: sequence `sequence`, frames `start ..< start + length`.
  public struct Window: Sendable, Equatable {
    public var sequence: Int
    public var start: Int
  }

  /// The windows of `length` frames every `stride` frames of each of `sequences`, sequence by
  /// sequence.
  public static func windows(in sequences: VideoSequences, length: Int, stride step: Int)
    -> [Window]
  {
    guard sequences.length >= length else { return [] }
    return (0..<sequences.count).flatMap { s in
      Swift.stride(from: 0, through: sequences.length - length, by: step).map {
        Window(sequence: s, start: $0)
      }
    }
  }

  /// The frames of `windows` of `length` frames as one time-major batch
  /// `[length, windows.count, height, width, channels]`.
  public static func batch(_ windows: [Window], of sequences: VideoSequences, length: Int)
    -> [Float]
  {
    let frame = sequences.pixelsPerFrame
    var pixels = [Float](repeating: 0, count: length * windows.count * frame)
    for (b, window) in windows.enumerated() {
      for t in 0..<length {
        let source = (window.sequence * sequences.length + window.start + t) * frame
        let target = (t * windows.count + b) * frame
        pixels.replaceSubrange(
          target..<(target + frame), with: sequences.pixels[source..<(source + frame)])
      }
    }
    return pixels
  }

  /// Reads `source` at `size x size` and splits it: the scene rendered from `seed`, or the
  /// clips cut into sequences, then a seeded split by sequence (`VideoSequences.split`) with
  /// `validationFraction` held out.
  public static func load(
    _ source: SVGDataSource, size: Int, minimumLength: Int, validationFraction: Double,
    seed: UInt64
  ) throws(SVGTrainingError) -> SVGData {
    let (sequences, origin) = try read(source, size: size, minimumLength: minimumLength, seed: seed)
    let split = sequences.split(validationFraction: validationFraction, seed: seed)
    return SVGData(
      train: split.train, validation: split.validation,
      summary:
        "\(origin): \(sequences.count) sequences of \(sequences.length) frames at "
        + "\(size)x\(size) \(sequences.colour == .gray ? "gray" : "rgb") (\(split.train.count) "
        + "train, \(split.validation.count) validation)")
  }

  /// All the sequences of `source`, and a phrase saying where they came from.
  static func read(_ source: SVGDataSource, size: Int, minimumLength: Int, seed: UInt64)
    throws(SVGTrainingError) -> (VideoSequences, String)
  {
    if let name = source.scene {
      do {
        let scene = try Scene.named(name)
        let frames = source.frames ?? scene.defaultSequenceLength
        guard frames >= minimumLength else {
          throw SVGTrainingError.data(
            "the \(name) scene's sequences of \(frames) frames are shorter than a training "
              + "window of \(minimumLength); give more --frames")
        }
        let (video, _) = try scene.generate(
          sequences: source.sceneSequences, frames: frames, size: size, seed: seed)
        return (video, "built-in scene \(name)")
      } catch let error as SVGTrainingError {
        throw error
      } catch {
        throw .data(String(describing: error))
      }
    }
    let format = FrameFormat(
      side: size, colour: source.colour ?? .gray, framesPerSecond: source.framesPerSecond)
    var videos: [(path: String, video: Video)] = []
    do {
      for path in try VideoSources.expand(source.paths) {
        let truth = (path as NSString).appendingPathComponent(SceneDataset.truthFile)
        if FileManager.default.fileExists(atPath: truth) {
          if source.framesPerSecond != nil {
            throw SVGTrainingError.data(
              "\(path): --fps cannot resample a dataset: its truth is per frame")
          }
          var video = try SceneDataset.read(folder: path).video.concatenated
          video = try video.formatted(format)
          videos.append((path, video))
        } else {
          videos.append((path, try Video.read(path: path, format: format)))
        }
      }
    } catch let error as SVGTrainingError {
      throw error
    } catch {
      throw .data(String(describing: error))
    }
    let lengths = videos.flatMap { $0.video.sequenceRanges.map(\.count) }
    let length = source.frames ?? lengths.min() ?? 0
    guard length >= minimumLength else {
      let shortest = videos.first { $0.video.sequenceRanges.contains { $0.count == length } }
      throw .data(
        "\(shortest?.path ?? source.paths.joined(separator: ", ")): a recording of \(length) "
          + "frames is shorter than a training window of \(minimumLength) frames; lower "
          + "--context or --future")
    }
    var pixels: [Float] = []
    var count = 0
    for (path, video) in videos {
      guard (video.sequenceRanges.map(\.count).max() ?? 0) >= length else { continue }
      do {
        let cut = try video.sequences(length: length, stride: length)
        pixels += cut.pixels
        count += cut.count
      } catch {
        throw .data("\(path): \(error)")
      }
    }
    let first = videos[0].video
    let description =
      source.paths.count == 1 ? source.paths[0] : "\(source.paths.count) sources"
    return (
      VideoSequences(
        count: count, length: length, height: first.height, width: first.width,
        colour: first.colour, framesPerSecond: first.framesPerSecond, pixels: pixels,
        startFrames: Array(repeating: 0, count: count)),
      description
    )
  }
}
