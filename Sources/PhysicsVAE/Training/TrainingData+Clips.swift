import Foundation
import Video
import VidlatSupport

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
  static func windows(_ recordings: [Recording], length: Int, stride step: Int) -> (
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
}
