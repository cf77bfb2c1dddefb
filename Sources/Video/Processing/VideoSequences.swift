import VidlatSupport

/// A batch of equal-length video sequences: `count x length x height x width x channels`
/// samples in one contiguous `[Float]`, ready to feed a network as a batch.
public struct VideoSequences: Equatable, Sendable {
  /// Number of sequences.
  public let count: Int
  /// Frames per sequence (T).
  public let length: Int
  /// Frame height in pixels.
  public let height: Int
  /// Frame width in pixels.
  public let width: Int
  /// Gray or RGB.
  public let colour: Video.Colour
  /// Frames per second.
  public var framesPerSecond: Double
  /// All samples, `pixels[(((s * length + t) * height + y) * width + x) * channels + c]`,
  /// each in [0, 1].
  public var pixels: [Float]
  /// For each sequence, the index of its first frame in the video it was cut from.
  public var startFrames: [Int]

  /// Creates sequences from their pixels.
  /// - Precondition: sizes are consistent.
  public init(
    count: Int, length: Int, height: Int, width: Int, colour: Video.Colour = .gray,
    framesPerSecond: Double, pixels: [Float], startFrames: [Int]
  ) {
    precondition(
      pixels.count == count * length * height * width * colour.channels, "pixel count mismatch")
    precondition(startFrames.count == count, "one start frame per sequence")
    self.count = count
    self.length = length
    self.height = height
    self.width = width
    self.colour = colour
    self.framesPerSecond = framesPerSecond
    self.pixels = pixels
    self.startFrames = startFrames
  }

  /// Cuts a video made of back-to-back sequences of `length` frames (as written by
  /// `vidlat dataset`) into those sequences.
  /// - Throws: `.invalidRequest` when the frame count is not a multiple of `length`.
  public init(concatenated video: Video, length: Int) throws(VideoError) {
    guard length > 0, video.frameCount % length == 0, video.frameCount > 0 else {
      throw VideoError(
        path: "",
        problem: .invalidRequest(
          "\(video.frameCount) frames are not a whole number of \(length)-frame sequences"))
    }
    let count = video.frameCount / length
    self.init(
      count: count, length: length, height: video.height, width: video.width,
      colour: video.colour, framesPerSecond: video.framesPerSecond, pixels: video.pixels,
      startFrames: (0..<count).map { $0 * length })
  }

  /// Samples in one frame, `height * width * channels`.
  public var pixelsPerFrame: Int { height * width * colour.channels }

  /// Samples in one sequence.
  public var pixelsPerSequence: Int { length * pixelsPerFrame }

  /// Sequence `index` as a video.
  public func sequence(_ index: Int) -> Video {
    Video(
      frameCount: length, height: height, width: width, colour: colour,
      framesPerSecond: framesPerSecond,
      pixels: Array(pixels[index * pixelsPerSequence..<(index + 1) * pixelsPerSequence]))
  }

  /// All sequences back to back as one video of `count * length` frames, each one of its
  /// ``Video/sequenceStarts``.
  public var concatenated: Video {
    Video(
      frameCount: count * length, height: height, width: width, colour: colour,
      framesPerSecond: framesPerSecond, pixels: pixels,
      sequenceStarts: Video.sequenceStarts(frameCount: count * length, length: length))
  }

  /// The per-sample median of at most `maxFrames` frames spread evenly over all the
  /// sequences' frames (`height x width x channels`): the static background of a fixed camera.
  public func medianFrame(maxFrames: Int = 256) -> [Float] {
    let total = count * length
    guard total > 0 else { return [Float](repeating: 0, count: pixelsPerFrame) }
    let chosen = Swift.stride(from: 0, to: total, by: max(1, total / maxFrames)).map { $0 }
    var column = [Float](repeating: 0, count: chosen.count)
    return (0..<pixelsPerFrame).map { i in
      for (k, frame) in chosen.enumerated() { column[k] = pixels[frame * pixelsPerFrame + i] }
      column.sort()
      return column[column.count / 2]
    }
  }

  /// The sequences at `indices`, in that order.
  public func selecting(_ indices: [Int]) -> VideoSequences {
    var result: [Float] = []
    result.reserveCapacity(indices.count * pixelsPerSequence)
    for i in indices {
      result.append(contentsOf: pixels[i * pixelsPerSequence..<(i + 1) * pixelsPerSequence])
    }
    return VideoSequences(
      count: indices.count, length: length, height: height, width: width, colour: colour,
      framesPerSecond: framesPerSecond, pixels: result, startFrames: indices.map { startFrames[$0] }
    )
  }

  /// Splits independent sequences (e.g. a generated scene) into training and validation by a
  /// seeded shuffle: `round(validationFraction * count)` sequences (at least one when the
  /// fraction is positive and there are two or more) go to validation. Returns the chosen
  /// sequence indices too, so ground truth can be split the same way.
  public func split(validationFraction: Double, seed: UInt64) -> SequenceSplit {
    var generator = SeededGenerator(seed: seed)
    let order = Array(0..<count).shuffled(using: &generator)
    let validationCount = VideoSequences.validationCount(validationFraction, of: count)
    let validation = order.prefix(validationCount).sorted()
    let train = order.dropFirst(validationCount).sorted()
    return SequenceSplit(
      train: selecting(train), validation: selecting(validation),
      trainIndices: train, validationIndices: validation)
  }

  static func validationCount(_ fraction: Double, of total: Int) -> Int {
    guard fraction > 0, total >= 2 else { return 0 }
    return min(total - 1, max(1, Int((fraction * Double(total)).rounded())))
  }
}

/// Training and validation sequences that share no frame.
public struct SequenceSplit: Equatable, Sendable {
  /// Training sequences.
  public var train: VideoSequences
  /// Validation sequences.
  public var validation: VideoSequences
  /// Indices of the training sequences among the sequences split (from
  /// ``VideoSequences/split(validationFraction:seed:)``, to split ground truth alike); for a
  /// timeline split, 0..<train.count (the sequences' `startFrames` locate them).
  public var trainIndices: [Int]
  /// Indices of the validation sequences, as `trainIndices`.
  public var validationIndices: [Int]
}

extension Video {
  /// Sequences of `length` frames starting every `stride` frames (overlapping when
  /// `stride < length`) inside each of the video's ``sequenceStarts`` sequences, so that no
  /// sequence joins two of them; the last partial sequence of each is dropped.
  /// - Throws: `.invalidRequest` for a non-positive length or stride, or when no sequence of
  ///   the video is as long as `length`.
  public func sequences(length: Int, stride step: Int) throws(VideoError) -> VideoSequences {
    try checkSequencing(length: length, stride: step)
    let starts = sequenceRanges.flatMap { windowStarts(in: $0, length: length, stride: step) }
    return cut(starts: starts, length: length)
  }

  /// Cuts the video into sequences of `length` frames every `stride` frames and splits them
  /// into training and validation so that no frame is on both sides, even when sequences
  /// overlap.
  ///
  /// The timeline is divided into blocks and a seeded shuffle sends
  /// `round(validationFraction * blocks)` of them (at least one) to validation. When the
  /// video holds two or more independent sequences at least `length` long (see
  /// ``sequenceStarts``), each of those is a block (shorter ones are unused); otherwise the
  /// one sequence is divided into `blocks` equal blocks (fewer if it is short; each holds at
  /// least one sequence). Sequences are cut inside each block only, so a sequence never
  /// straddles two blocks nor two independent sequences; the frames near a block's end that
  /// do not fill a whole sequence are unused.
  public func trainValidationSplit(
    length: Int, stride step: Int, validationFraction: Double, seed: UInt64, blocks: Int = 10
  ) throws(VideoError) -> SequenceSplit {
    try checkSequencing(length: length, stride: step)
    guard validationFraction >= 0, validationFraction < 1, blocks >= 1 else {
      throw VideoError(
        path: "",
        problem: .invalidRequest(
          "validation fraction \(validationFraction) must be in [0, 1) and blocks >= 1"))
    }
    let usable = sequenceRanges.filter { $0.count >= length }
    var blockRanges = usable
    if usable.count == 1 {
      let whole = usable[0]
      let blockCount = min(blocks, whole.count / length)
      if validationFraction > 0, blockCount < 2 {
        throw VideoError(
          path: "",
          problem: .invalidRequest(
            "\(whole.count) frames are too few to split into training and validation "
              + "sequences of \(length) frames (need at least \(2 * length))"))
      }
      let bounds = (0...blockCount).map { whole.lowerBound + $0 * whole.count / blockCount }
      blockRanges = (0..<blockCount).map { bounds[$0]..<bounds[$0 + 1] }
    }
    var generator = SeededGenerator(seed: seed)
    let order = Array(0..<blockRanges.count).shuffled(using: &generator)
    let validationBlocks = Set(
      order.prefix(VideoSequences.validationCount(validationFraction, of: blockRanges.count)))
    var trainStarts: [Int] = []
    var validationStarts: [Int] = []
    for (block, range) in blockRanges.enumerated() {
      let starts = windowStarts(in: range, length: length, stride: step)
      if validationBlocks.contains(block) {
        validationStarts += starts
      } else {
        trainStarts += starts
      }
    }
    let train = cut(starts: trainStarts, length: length)
    let validation = cut(starts: validationStarts, length: length)
    return SequenceSplit(
      train: train, validation: validation,
      trainIndices: Array(0..<trainStarts.count),
      validationIndices: Array(0..<validationStarts.count))
  }

  /// First frames of the sequences of `length` frames every `step` frames inside `range`.
  private func windowStarts(in range: Range<Int>, length: Int, stride step: Int) -> [Int] {
    guard range.count >= length else { return [] }
    return Array(stride(from: range.lowerBound, through: range.upperBound - length, by: step))
  }

  /// Checks a length and stride, and that some sequence of the video holds `length` frames.
  private func checkSequencing(length: Int, stride step: Int) throws(VideoError) {
    guard length > 0, step > 0 else {
      throw VideoError(
        path: "", problem: .invalidRequest("sequence length and stride must be positive"))
    }
    guard frameCount >= length else {
      throw VideoError(
        path: "",
        problem: .invalidRequest("\(frameCount) frames are fewer than one sequence of \(length)"))
    }
    let longest = sequenceRanges.map(\.count).max() ?? 0
    guard longest >= length else {
      throw VideoError(
        path: "",
        problem: .invalidRequest(
          "the video holds \(sequenceStarts.count) independent sequences of at most "
            + "\(longest) frames, fewer than one sequence of \(length)"))
    }
  }

  private func cut(starts: [Int], length: Int) -> VideoSequences {
    var result: [Float] = []
    result.reserveCapacity(starts.count * length * pixelsPerFrame)
    for start in starts {
      result.append(contentsOf: pixels[start * pixelsPerFrame..<(start + length) * pixelsPerFrame])
    }
    return VideoSequences(
      count: starts.count, length: length, height: height, width: width, colour: colour,
      framesPerSecond: framesPerSecond, pixels: result, startFrames: starts)
  }
}
