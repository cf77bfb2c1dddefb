import Foundation
import Video

/// One independent recording (a clip, or one sequence of a video that records several), as
/// the model sees it, with its truth rows when a dataset gives them.
struct Recording {
  var video: Video
  var truth: GroundTruth?
}

extension TrainingData {
  /// The recordings of the sources at `paths`, read through `format`.
  static func read(paths: [String], format: FrameFormat) throws(TrainingError) -> [Recording] {
    var recordings: [Recording] = []
    var truthSequences: [String: [GroundTruth]] = [:]
    try forEachClip(paths: paths, colour: format.colour, framesPerSecond: format.framesPerSecond) {
      (path, clip, truth) throws(TrainingError) in
      let video: Video
      do {
        video = try clip.formatted(format)
      } catch {
        throw .data("\(path): \(String(describing: error))")
      }
      if let truth, truthSequences[path] == nil { truthSequences[path] = sequencesOf(truth) }
      for range in video.sequenceRanges {
        var recording = Recording(video: video.frames(range), truth: nil)
        if truth != nil {
          guard let next = truthSequences[path]?.first, next.rows.count == range.count else {
            throw .data(
              "\(path): the truth's sequences do not match the clips' \(range.count)-frame "
                + "recordings")
          }
          recording.truth = next
          truthSequences[path]?.removeFirst()
        }
        recordings.append(recording)
      }
    }
    return recordings
  }

  /// Sets the colour and region that `configuration` leaves to the clips at `paths`: RGB
  /// when any clip has colour (two channels differ by more than 2/255 somewhere), gray
  /// otherwise; for `.auto`, the square where the frames change
  /// (``Video/activeRegion(energy:width:height:)``); and, unless `given` holds `.frames`,
  /// sequences as long as the longest recording when that is shorter than the configured
  /// length (a 30-frame dataset trains on 30-frame sequences rather than being refused).
  /// Reads every clip once at its full size when there is something to choose; returns each
  /// choice with its reason.
  public static func chooseFormat(
    paths: [String], in configuration: inout TrainingConfiguration,
    keeping given: Set<TrainingSetting> = []
  ) throws(TrainingError) -> [SettingChoice] {
    let needsColour = configuration.colour == nil
    let needsRegion = configuration.region == .auto
    let mayShorten = !given.contains(.frames)
    guard needsColour || needsRegion || mayShorten else { return [] }
    var longest = 0
    var coloured = false
    var energy: [Double] = []
    var clipCount = 0
    var size: (width: Int, height: Int)?
    try forEachClip(paths: paths, colour: .rgb, framesPerSecond: configuration.framesPerSecond) {
      (_, clip, _) throws(TrainingError) in
      longest = max(longest, clip.sequenceRanges.map(\.count).max() ?? 0)
      if needsColour, !coloured { coloured = !clip.isGray }
      if needsRegion {
        let clipEnergy = clip.motionEnergy
        energy = energy.isEmpty ? clipEnergy : zip(energy, clipEnergy).map(+)
        clipCount += 1
        size = (clip.width, clip.height)
      }
    }
    var choices: [SettingChoice] = []
    if needsColour {
      configuration.colour = coloured ? .rgb : .gray
      choices.append(
        SettingChoice(
          setting: .colour, value: coloured ? "rgb" : "gray",
          reason: coloured ? "the clips have colour" : "every clip is gray"))
    }
    if needsRegion, let size {
      configuration.region = .rectangle(
        Video.activeRegion(
          energy: energy.map { $0 / Double(clipCount) }, width: size.width, height: size.height))
      choices.append(
        SettingChoice(
          setting: .crop, value: configuration.region.description,
          reason:
            "the square around where the \(size.width)x\(size.height) frames change, padded"))
    }
    if mayShorten, longest >= 2, longest < configuration.frameCount {
      let configured = configuration.frameCount
      configuration.frameCount = longest
      choices.append(
        SettingChoice(
          setting: .frames, value: String(longest),
          reason: "the longest recording has \(longest) frames, fewer than \(configured)"))
    }
    return choices
  }

  /// Calls `body` with each clip at full size in `colour`, one at a time, in order (a dataset
  /// folder's clips in order), with the path of the source it comes from and, for a
  /// dataset, its truth.
  /// - Throws: `.data` naming the file that cannot be read, or whose frame size or rate
  ///   differs from the first clip's.
  private static func forEachClip(
    paths: [String], colour: Video.Colour, framesPerSecond: Double?,
    _ body: (String, Video, GroundTruth?) throws(TrainingError) -> Void
  ) throws(TrainingError) {
    let sources: [String]
    do {
      sources = try VideoSources.expand(paths)
    } catch {
      throw .data(error.description)
    }
    var first: (path: String, video: Video)?
    for source in sources {
      let dataset = DatasetFolder(path: source)
      var truth: GroundTruth?
      if let dataset {
        if framesPerSecond != nil {
          throw .data("\(source): --fps cannot resample a dataset: its truth is per frame")
        }
        do {
          truth = try GroundTruth.read(path: dataset.truth)
        } catch {
          throw .data(error.description)
        }
      }
      for path in dataset?.clips ?? [source] {
        let clip: Video
        do {
          clip = try Video.read(path: path, framesPerSecond: framesPerSecond, colour: colour)
        } catch {
          throw .data(error.description)
        }
        if let (firstPath, firstClip) = first {
          guard clip.width == firstClip.width, clip.height == firstClip.height else {
            throw .data(
              "clips differ in size: \(path) is \(clip.width)x\(clip.height), \(firstPath) is "
                + "\(firstClip.width)x\(firstClip.height); crop or scale them alike first")
          }
          guard abs(clip.framesPerSecond - firstClip.framesPerSecond) < 1e-6 else {
            throw .data(
              "clips differ in frame rate: \(path) is \(clip.framesPerSecond) fps, \(firstPath) "
                + "is \(firstClip.framesPerSecond) fps; give --fps to resample them alike")
          }
        } else {
          first = (path, clip)
        }
        try body(source, clip, truth)
      }
    }
  }

  /// The truth's rows grouped by their `sequence` value, in order of first appearance.
  private static func sequencesOf(_ truth: GroundTruth) -> [GroundTruth] {
    guard let column = truth.columns.firstIndex(of: "sequence") else { return [truth] }
    var order: [Double] = []
    var groups: [Double: [[Double]]] = [:]
    for row in truth.rows {
      if groups[row[column]] == nil { order.append(row[column]) }
      groups[row[column], default: []].append(row)
    }
    return order.map { GroundTruth(columns: truth.columns, rows: groups[$0]!) }
  }
}

/// A folder written by `vidlat dataset`: truth.csv beside video.y4m (the flat style) or a
/// `clips` folder of one clip per sequence (the camera style).
struct DatasetFolder {
  var truth: String
  var clips: [String]

  /// The dataset at `path`; nil when `path` is not a dataset folder.
  init?(path: String) {
    let truth = (path as NSString).appendingPathComponent(SceneDataset.truthFile)
    guard FileManager.default.fileExists(atPath: truth) else { return nil }
    let folder = (path as NSString).appendingPathComponent(SceneDataset.clipsFolder)
    let clips = VideoSources.videoFiles(in: folder)
    self.truth = truth
    self.clips =
      clips.isEmpty ? [(path as NSString).appendingPathComponent(SceneDataset.videoFile)] : clips
  }
}
