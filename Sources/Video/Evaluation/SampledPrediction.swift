import Engine
import VidlatSupport

/// N sampled futures of test sequences, scored by the best-of-N protocol (`BestOfN`), with
/// the first sequence's frames for a picture: what `vidlat predict --samples` reports for any
/// run kind (SVG, physics, Gaussian-process or i.i.d. prior).
public struct SampledPrediction: Sendable {
  /// Frames given before the predicted ones.
  public var context: Int
  /// The scores over every sequence (`BestOfN.evaluate`).
  public var scores: BestOfNScores
  /// The first sequence's real frames, context + horizon.
  public var truth: Video
  /// The first sequence's context frames followed by its best sample's prediction.
  public var best: Video
  /// The first sequence's context followed by other samples than the best (at most
  /// `examples`, in sample order: independent draws, so a random few).
  public var others: [Video]

  public init(context: Int, scores: BestOfNScores, truth: Video, best: Video, others: [Video]) {
    self.context = context
    self.scores = scores
    self.truth = truth
    self.best = best
    self.others = others
  }
}

extension BestOfN {
  /// Samples `samples` futures of `horizon` frames after the first `context` frames of each
  /// of `sequences` with `sampler` and scores them against the real frames (`evaluate`):
  /// the one loop every predictor shares, so that only the sampler differs between run
  /// kinds.
  ///
  /// The sequences go to `sampler` in batches of at most `rowBudget / samples` (at least
  /// one), each batch as its sequences' first `context` frames; `sampler` returns `samples`
  /// tensors `[horizon, batch, height, width, channels]`, time-major, values in [0, 1]. The
  /// batch starting at sequence s gets stream s of `generator` (`SeededGenerator.derived`),
  /// so the same arguments give the same samples (another `rowBudget` groups the sequences,
  /// and so draws the noise, differently). `progress` receives the sequences done and the
  /// total.
  public static func sample<Failure: Error>(
    sequences: VideoSequences, context: Int, horizon: Int, samples: Int,
    generator root: SeededGenerator, examples: Int = 3, rowBudget: Int = 128,
    progress: (Int, Int) -> Void = { _, _ in },
    sampler: (_ context: VideoSequences, _ generator: inout SeededGenerator) throws(Failure) ->
      [Tensor<Float>]
  ) throws(Failure) -> SampledPrediction {
    precondition(context >= 1 && horizon >= 1 && samples >= 1, "BestOfN.sample: sizes")
    precondition(
      sequences.count > 0 && context + horizon <= sequences.length, "BestOfN.sample: frames")
    let chunk = max(1, rowBudget / samples)
    var scores = BestOfNScores(samples: samples, horizon: horizon)
    var firstSamples: [Tensor<Float>] = []
    var start = 0
    progress(0, sequences.count)
    while start < sequences.count {
      let batch = sequences.selecting(Array(start..<min(start + chunk, sequences.count)))
      var generator = root.derived(stream: UInt64(start))
      let futures = try sampler(batch.frames(0..<context), &generator)
      precondition(futures.count == samples, "BestOfN.sample: the sampler drew \(futures.count)")
      scores.append(
        evaluate(truth: batch.frames(context..<(context + horizon)).timeMajor, samples: futures))
      if start == 0 { firstSamples = futures }
      start += batch.count
      progress(start, sequences.count)
    }
    // The first sequence: its real frames, and its context followed by chosen samples.
    let truth = sequences.sequence(0).frames(0..<(context + horizon))
    let frame = sequences.pixelsPerFrame
    let contextPixels = Array(truth.pixels[..<(context * frame)])
    let batch = firstSamples[0].shape[1]
    func video(_ n: Int) -> Video {
      var pixels = contextPixels
      for t in 0..<horizon {
        let offset = t * batch * frame
        pixels += firstSamples[n].scalars[offset..<(offset + frame)]
      }
      return Video(
        frameCount: context + horizon, height: sequences.height, width: sequences.width,
        colour: sequences.colour, framesPerSecond: sequences.framesPerSecond, pixels: pixels)
    }
    let best = scores.best[0]
    return SampledPrediction(
      context: context, scores: scores, truth: truth, best: video(best),
      others: (0..<samples).filter { $0 != best }.prefix(examples).map(video))
  }
}

extension VideoSequences {
  /// Frames `range` of every sequence, as sequences of `range.count` frames.
  public func frames(_ range: Range<Int>) -> VideoSequences {
    precondition(range.lowerBound >= 0 && range.upperBound <= length, "frames out of range")
    let frame = pixelsPerFrame
    var result: [Float] = []
    result.reserveCapacity(count * range.count * frame)
    for s in 0..<count {
      let base = s * pixelsPerSequence
      result += pixels[(base + range.lowerBound * frame)..<(base + range.upperBound * frame)]
    }
    return VideoSequences(
      count: count, length: range.count, height: height, width: width, colour: colour,
      framesPerSecond: framesPerSecond, pixels: result,
      startFrames: startFrames.map { $0 + range.lowerBound })
  }

  /// The frames as one time-major tensor `[length, count, height, width, channels]`: frame t
  /// of every sequence is one contiguous block, as `BestOfN.evaluate` and SVG take them.
  public var timeMajor: Tensor<Float> {
    let frame = pixelsPerFrame
    var scalars = [Float](repeating: 0, count: pixels.count)
    for s in 0..<count {
      for t in 0..<length {
        let source = (s * length + t) * frame
        let target = (t * count + s) * frame
        scalars.replaceSubrange(target..<(target + frame), with: pixels[source..<(source + frame)])
      }
    }
    return Tensor(shape: [length, count, height, width, colour.channels], scalars: scalars)
  }
}
