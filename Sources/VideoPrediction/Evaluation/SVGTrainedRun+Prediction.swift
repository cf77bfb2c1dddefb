import Engine
import Video
import VidlatSupport

extension SVGTrainedRun {
  /// Samples `samples` futures of `horizon` frames after the first `context` frames of each
  /// of `sequences` (`SVGModel.generate`) and scores them against the real frames
  /// (`BestOfN.sample`, the loop every run kind shares: batches of at most
  /// `rowBudget / samples` sequences, the batch starting at sequence s drawing from stream s
  /// of the generator seeded by `seed`, nil: the run's seed, its own stream). The same
  /// arguments give the same samples. `progress` receives the sequences done and the total.
  public mutating func predict(
    sequences: VideoSequences, context: Int, horizon: Int, samples: Int, seed: UInt64? = nil,
    examples: Int = 3, rowBudget: Int = 128, progress: (Int, Int) -> Void = { _, _ in }
  ) throws(SVGTrainingError) -> SampledPrediction {
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
    return BestOfN.sample(
      sequences: sequences, context: context, horizon: horizon, samples: samples,
      generator: root, examples: examples, rowBudget: rowBudget, progress: progress
    ) { contextFrames, generator in
      model.generate(
        context: contextFrames.timeMajor, samples: samples, futureFrames: horizon,
        generator: &generator)
    }
  }
}
