import Engine
import Video
import VidlatSupport

/// N sampled futures of test sequences, scored by the best-of-N protocol, with the first
/// sequence's frames for a picture.
public struct SVGSampledPrediction: Sendable {
  /// Frames given before the predicted ones.
  public var context: Int
  /// The scores over every sequence (`BestOfN`).
  public var scores: BestOfNScores
  /// The first sequence's real frames, context + horizon.
  public var truth: Video
  /// The first sequence's context frames followed by its best sample's prediction.
  public var best: Video
  /// The first sequence's context followed by other samples than the best (at most
  /// `examples`, in sample order: independent draws, so a random few).
  public var others: [Video]
}

extension SVGTrainedRun {
  /// Samples `samples` futures of `horizon` frames after the first `context` frames of each
  /// of `sequences` (`SVGModel.generate`) and scores them against the real frames
  /// (`BestOfN.evaluate`). The sequences run in batches of at most `rowBudget / samples`
  /// (at least one), and the noise of the batch starting at sequence s is stream s of the
  /// generator seeded by `seed` (nil: the run's seed, its own stream): the same arguments
  /// give the same samples (another `rowBudget` groups the sequences, and so draws the noise,
  /// differently). `progress` receives the sequences done and the total.
  public mutating func predict(
    sequences: VideoSequences, context: Int, horizon: Int, samples: Int, seed: UInt64? = nil,
    examples: Int = 3, rowBudget: Int = 128, progress: (Int, Int) -> Void = { _, _ in }
  ) throws(SVGTrainingError) -> SVGSampledPrediction {
    guard context >= 1, horizon >= 1, samples >= 1 else {
      throw .configuration("context, horizon and samples must be at least 1")
    }
    guard context + horizon <= sequences.length, sequences.count > 0 else {
      throw .data(
        "the sequences have \(sequences.length) frames: too few for \(context) context + "
          + "\(horizon) predicted frames")
    }
    let c = configuration.model
    guard sequences.width == c.imageSize, sequences.height == c.imageSize,
      sequences.colour.channels == c.channels
    else {
      throw .data(
        "frames are \(sequences.width)x\(sequences.height)x\(sequences.colour.channels), the "
          + "model needs \(c.imageSize)x\(c.imageSize)x\(c.channels)")
    }
    let root =
      seed.map { SeededGenerator(seed: $0) }
      ?? SeededGenerator(seed: configuration.seed).derived(stream: SVGRandomStream.prediction)
    let frameShape = [sequences.height, sequences.width, sequences.colour.channels]
    let chunk = max(1, rowBudget / samples)
    var scores = BestOfNScores(samples: samples, horizon: horizon)
    var firstSamples: [Tensor<Float>] = []
    var start = 0
    progress(0, sequences.count)
    while start < sequences.count {
      let windows = (start..<min(start + chunk, sequences.count)).map {
        SVGData.Window(sequence: $0, start: 0)
      }
      let frames = SVGData.batch(windows, of: sequences, length: context + horizon)
      let split = context * windows.count * sequences.pixelsPerFrame
      var generator = root.derived(stream: UInt64(start))
      let futures = model.generate(
        context: Tensor(
          shape: [context, windows.count] + frameShape, scalars: Array(frames[..<split])),
        samples: samples, futureFrames: horizon, generator: &generator)
      scores.append(
        BestOfN.evaluate(
          truth: Tensor(
            shape: [horizon, windows.count] + frameShape, scalars: Array(frames[split...])),
          samples: futures))
      if start == 0 { firstSamples = futures }
      start += windows.count
      progress(start, sequences.count)
    }
    // The first sequence: its real frames, and its context followed by chosen samples.
    let truth = sequences.sequence(0).frames(0..<(context + horizon))
    let contextPixels = Array(truth.pixels[..<(context * sequences.pixelsPerFrame)])
    let batch = firstSamples[0].shape[1]
    func video(_ n: Int) -> Video {
      var pixels = contextPixels
      let frame = sequences.pixelsPerFrame
      for t in 0..<horizon {
        let offset = t * batch * frame
        pixels += firstSamples[n].scalars[offset..<(offset + frame)]
      }
      return Video(
        frameCount: context + horizon, height: sequences.height, width: sequences.width,
        colour: sequences.colour, framesPerSecond: sequences.framesPerSecond, pixels: pixels)
    }
    let best = scores.best[0]
    return SVGSampledPrediction(
      context: context, scores: scores, truth: truth, best: video(best),
      others: (0..<samples).filter { $0 != best }.prefix(examples).map(video))
  }
}
