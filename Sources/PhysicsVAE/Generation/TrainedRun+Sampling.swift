import Engine
import PriorLanguage
import Video
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The random stream of `TrainedRun.predict(sequences:...)`'s samples when no seed is given:
/// stream "pred" of the run's seed, apart from every stream training uses.
private let predictionStream: UInt64 = 0x7072_6564

extension TrainedRun {
  /// Samples `samples` futures of `horizon` frames after the first `context` frames of each
  /// of `sequences` (`sampleFutures`) and scores them by the best-of-N protocol, as an SVG
  /// run's are (`BestOfN.sample`: the same loop, batches of at most `rowBudget / samples`
  /// sequences, the batch starting at sequence s drawing from stream s of the generator
  /// seeded by `seed`; nil: the run's seed, its own stream). The same arguments give the
  /// same samples. `progress` receives the sequences done and the total.
  ///
  /// - Throws: `TrainingError.configuration` for sizes below 1 or frames the sequences do not
  ///   have; the errors of encoding and decoding.
  public mutating func predict(
    sequences: VideoSequences, context: Int, horizon: Int, samples: Int, seed: UInt64? = nil,
    examples: Int = 3, rowBudget: Int = 128, progress: (Int, Int) -> Void = { _, _ in }
  ) throws -> SampledPrediction {
    guard context >= 1, horizon >= 1, samples >= 1 else {
      throw TrainingError.configuration("context, horizon and samples must be at least 1")
    }
    guard context + horizon <= sequences.length, sequences.count > 0 else {
      throw TrainingError.data(
        "the sequences have \(sequences.length) frames: too few for \(context) context + "
          + "\(horizon) predicted frames")
    }
    guard sequences.width == size, sequences.height == size,
      sequences.colour == settings.configuration.frameFormat.colour
    else {
      throw TrainingError.data(
        "frames are \(sequences.width)x\(sequences.height) \(sequences.colour), the run "
          + "needs \(size)x\(size) \(settings.configuration.frameFormat.colour)")
    }
    let root = SeededGenerator(seed: seed ?? settings.configuration.seed).derived(
      stream: seed == nil ? predictionStream : 0)
    return try BestOfN.sample(
      sequences: sequences, context: context, horizon: horizon, samples: samples,
      generator: root, examples: examples, rowBudget: rowBudget, progress: progress
    ) { contextFrames, generator in
      try sampleFutures(
        context: contextFrames, horizon: horizon, samples: samples, generator: &generator)
    }
  }

  /// How `sampleFutureStates` draws this run's futures, in a sentence for a report.
  public var futureSampling: String {
    switch prior.model.kind {
    case .dynamics:
      "the last context frame's state drawn from the encoder's posterior, then the prior's "
        + "equations with its process noise Q"
    case .independent:
      "every future frame's latent drawn from the i.i.d. prior, independent of the context"
    case .gaussianProcess:
      "joint draws of the latent path from the Gaussian process conditioned on the context"
    }
  }

  /// `samples` futures of the `horizon` frames after `context` (B sequences of K frames), as
  /// `samples` time-major tensors `[horizon, B, size, size, channels]` of decoded frames
  /// (the decoder's means): the latent paths of `sampleFutureStates` through h and the
  /// decoder.
  public mutating func sampleFutures(
    context: VideoSequences, horizon: Int, samples: Int, generator: inout SeededGenerator
  ) throws -> [Tensor<Float>] {
    let posteriors = try encode(context)
    let states = try sampleFutureStates(
      context: posteriors, horizon: horizon, samples: samples, generator: &generator)
    let frames = try decode(states: states)
    let b = context.count
    let frame = context.pixelsPerFrame
    return (0..<samples).map { n in
      var scalars = [Float](repeating: 0, count: horizon * b * frame)
      for s in 0..<b {
        for h in 0..<horizon {
          let source = ((n * b + s) * horizon + h) * frame
          let target = (h * b + s) * frame
          scalars.replaceSubrange(
            target..<(target + frame), with: frames[source..<(source + frame)])
        }
      }
      return Tensor(
        shape: [horizon, b, context.height, context.width, context.colour.channels],
        scalars: scalars)
    }
  }

  /// `samples` latent paths of the `horizon` frames after the K context frames of each
  /// sequence of `posteriors` (the encoder's q of the context frames), drawn from what the
  /// run's prior says of the future given them. `(samples B horizon) x d`, row
  /// `(n B + b) horizon + h` for sample n of sequence b at frame K + h:
  ///
  /// - ODE prior: `sampleFutureStates(last:...)`, the additive-noise model from a draw of the
  ///   last context frame's q.
  /// - Gaussian-process prior: joint draws of each coordinate's path over the horizon from
  ///   the GP conditioned on the context frames' pseudo-observations
  ///   (`GaussianProcessPosterior.forecastDistribution`, `GaussianProcessForecast.sample`).
  /// - i.i.d. prior: every future frame independently from the prior, z ~ N(m, diag s^2)
  ///   (each latent's `normal(m, s)`; N(0, I) for the standard declaration): that prior links
  ///   no frame to any other, so the context says nothing of the future under it.
  public func sampleFutureStates(
    context posteriors: FramePosteriors, horizon: Int, samples: Int,
    generator: inout SeededGenerator
  ) throws -> [Double] {
    let (b, k, d) = (posteriors.sequenceCount, posteriors.frameCount, posteriors.dimension)
    switch prior.model.kind {
    case .dynamics:
      var means: [Double] = []
      var logVariances: [Double] = []
      for s in 0..<b {
        let row = (s * k + k - 1) * d
        means += posteriors.means[row..<(row + d)]
        logVariances += posteriors.logVariances[row..<(row + d)]
      }
      return Self.sampleFutureStates(
        last: means, logVariances: logVariances, transition: compiled, parameters: parameters,
        horizon: horizon, samples: samples, generator: &generator)
    case .independent:
      return try LatentDraws.latents(
        of: prior.model, parameters: parameters, count: samples * b, frames: horizon,
        using: &generator) ?? []
    case .gaussianProcess(let latents):
      var perSequence: [[Double]] = []
      for s in 0..<b {
        let rows = (s * k * d)..<((s + 1) * k * d)
        let context = FramePosteriors(
          sequenceCount: 1, frameCount: k, dimension: d, means: Array(posteriors.means[rows]),
          logVariances: Array(posteriors.logVariances[rows]))
        let forecast = try GaussianProcessPosterior.forecastDistribution(
          context: context, horizon: horizon, kernels: latents.map(\.kernel),
          timeStep: prior.model.dt, parameters: parameters)
        perSequence.append(try forecast.sample(count: samples, using: &generator))
      }
      var states: [Double] = []
      states.reserveCapacity(samples * b * horizon * d)
      for n in 0..<samples {
        for s in 0..<b {
          states += perSequence[s][(n * horizon * d)..<((n + 1) * horizon * d)]
        }
      }
      return states
    }
  }

  /// `samples` futures of `horizon` frames of an ODE prior from each of B last context
  /// frames whose encoder posterior is N(`last`, diag exp(`logVariances`)) (`B x d` each):
  /// per sample, z_{K-1} = mu + sigma e drawn from that posterior, then the prior's
  /// additive-noise model z_{t+1} = F(z_t; theta) + eps, eps ~ N(0, Q) (`rollout` with
  /// process noise), `horizon` steps. `(samples B horizon) x d`, row `(n B + b) horizon + h`
  /// holding z_{K+h}.
  ///
  /// Why the encoder's q of the last context frame: it is the posterior the model trained
  /// with (KL_trans fits q_{t+1} to F(q_t) + Q), and the encoder already sees a window of
  /// frames around it; there is no filter over the context. With Q = 0 and sigma = 0 every
  /// sample is the mean prediction (`predict(video:...)`'s rollout).
  public static func sampleFutureStates(
    last means: [Double], logVariances: [Double], transition: some TransitionModel,
    parameters theta: [Double], horizon: Int, samples: Int, generator: inout SeededGenerator
  ) -> [Double] {
    let d = transition.stateDimension
    let b = means.count / d
    var initial = [Double](repeating: 0, count: samples * b * d)
    for n in 0..<samples {
      for i in 0..<(b * d) {
        initial[n * b * d + i] =
          means[i] + exp(logVariances[i] / 2) * generator.nextStandardNormal()
      }
    }
    var noise: SeededGenerator? = generator.derived(stream: 1)
    let paths = rollout(
      initialStates: initial, transition: transition, parameters: theta, steps: horizon + 1,
      generator: &noise)
    var states: [Double] = []
    states.reserveCapacity(samples * b * horizon * d)
    for path in 0..<(samples * b) {
      let first = (path * (horizon + 1) + 1) * d
      states += paths[first..<(first + horizon * d)]
    }
    return states
  }
}
