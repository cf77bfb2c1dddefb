import Foundation
import Video
import VidlatSupport

/// One independent recording (a clip, or one sequence of a video that records several), as
/// the model sees it, with its truth rows when a dataset gives them.
struct Recording {
  var video: Video
  var truth: GroundTruth?
}

extension TrainingData {
  /// The clips at `paths` (files, folders of clips, glob patterns, `vidlat dataset` folders;
  /// `VideoSources.expand`) read through the configuration's `FrameFormat`, cut into
  /// sequences of T frames and split by recording: with two or more recordings, a seeded
  /// shuffle sends `round(validationFraction * recordings)` of them (at least one) to
  /// validation, so that no validation frame is in a training sequence; training sequences
  /// start every `sequenceStride` frames (overlapping), validation sequences every T frames.
  /// A single recording is divided into blocks instead
  /// (``Video/trainValidationSplit(length:stride:validationFraction:seed:blocks:)``). A
  /// dataset folder's truth follows its validation sequences.
  /// - Precondition: the configuration's colour and region are resolved (`chooseFormat`).
  public static func clips(paths: [String], configuration: TrainingConfiguration)
    throws(TrainingError) -> TrainingData
  {
    let format = configuration.frameFormat
    let recordings = try read(paths: paths, format: format)
    let length = configuration.frameCount
    let usable = recordings.filter { $0.video.frameCount >= length }
    let description = "\(paths.count == 1 ? paths[0] : "\(paths.count) sources")"
    guard usable.count >= 2 else {
      guard let only = usable.first else {
        throw .data(
          "\(description): no clip holds \(length) frames (the longest has "
            + "\(recordings.map(\.video.frameCount).max() ?? 0)); lower --frames")
      }
      do {
        let split = try only.video.trainValidationSplit(
          length: length, stride: configuration.sequenceStride,
          validationFraction: configuration.validationFraction, seed: configuration.seed)
        return TrainingData(
          train: split.train, validation: split.validation,
          summary:
            "\(description): one recording of \(only.video.frameCount) frames, "
            + "\(split.train.count) train and \(split.validation.count) validation sequences "
            + "of \(length) frames at \(format.side)x\(format.side) \(format.colour)")
      } catch {
        throw .data("\(description): \(error.description)")
      }
    }
    var generator = SeededGenerator(seed: configuration.seed)
    let order = Array(usable.indices).shuffled(using: &generator)
    let validationCount = max(
      configuration.validationFraction > 0 ? 1 : 0,
      Int((configuration.validationFraction * Double(usable.count)).rounded()))
    let validationSet = Set(order.prefix(min(validationCount, usable.count - 1)))
    let training = usable.indices.filter { !validationSet.contains($0) }.map { usable[$0] }
    let validating = usable.indices.filter { validationSet.contains($0) }.map { usable[$0] }
    let train = windows(training, length: length, stride: configuration.sequenceStride)
    let validation = windows(validating, length: length, stride: length)
    return TrainingData(
      train: train.sequences, validation: validation.sequences, validationTruth: validation.truth,
      summary:
        "\(description): \(usable.count) recordings, \(train.sequences.count) train sequences "
        + "from \(training.count) and \(validation.sequences.count) validation sequences from "
        + "\(validating.count), \(length) frames at \(format.side)x\(format.side) "
        + "\(format.colour)")
  }

  /// The sequences of `length` frames every `stride` frames of each recording, back to back,
  /// and their truth (renumbered sequence by sequence) when every recording has truth.
  private static func windows(_ recordings: [Recording], length: Int, stride step: Int) -> (
    sequences: VideoSequences, truth: GroundTruth?
  ) {
    var pixels: [Float] = []
    var starts: [Int] = []
    var rows: [[Double]] = []
    let hasTruth = recordings.allSatisfy { $0.truth != nil }
    let first = recordings[0].video
    for recording in recordings {
      let video = recording.video
      for start in Swift.stride(from: 0, through: video.frameCount - length, by: step) {
        pixels +=
          video.pixels[(start * video.pixelsPerFrame)..<((start + length) * video.pixelsPerFrame)]
        if let truth = recording.truth, hasTruth {
          let sequenceColumn = truth.columns.firstIndex(of: "sequence")
          let frameColumn = truth.columns.firstIndex(of: "frame")
          for (t, var row) in truth.rows[start..<(start + length)].enumerated() {
            if let sequenceColumn { row[sequenceColumn] = Double(starts.count) }
            if let frameColumn { row[frameColumn] = Double(t) }
            rows.append(row)
          }
        }
        starts.append(start)
      }
    }
    let sequences = VideoSequences(
      count: starts.count, length: length, height: first.height, width: first.width,
      colour: first.colour, framesPerSecond: first.framesPerSecond, pixels: pixels,
      startFrames: starts)
    let truth = hasTruth ? GroundTruth(columns: recordings[0].truth!.columns, rows: rows) : nil
    return (sequences, truth)
  }

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
  /// (``Video/activeRegion(energy:width:height:)``). Reads every clip once at its full size
  /// when there is something to choose; returns each choice with its reason.
  public static func chooseFormat(paths: [String], in configuration: inout TrainingConfiguration)
    throws(TrainingError) -> [SettingChoice]
  {
    let needsColour = configuration.colour == nil
    let needsRegion = configuration.region == .auto
    guard needsColour || needsRegion else { return [] }
    var coloured = false
    var energy: [Double] = []
    var clipCount = 0
    var size: (width: Int, height: Int)?
    try forEachClip(paths: paths, colour: .rgb, framesPerSecond: configuration.framesPerSecond) {
      (_, clip, _) throws(TrainingError) in
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
    let folder = (path as NSString).appendingPathComponent("clips")
    let clips = VideoSources.videoFiles(in: folder)
    self.truth = truth
    self.clips =
      clips.isEmpty ? [(path as NSString).appendingPathComponent(SceneDataset.videoFile)] : clips
  }
}
