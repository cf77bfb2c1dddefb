import Dispatch
import Engine

/// The training loss of one minibatch and its parts.
public struct SVGLoss: Sendable, Equatable, Codable {
  /// reconstruction + beta * kl.
  public var value: Double
  /// sum over predicted frames t of the mean squared error of frame t (mean over the batch,
  /// pixels and channels).
  public var reconstruction: Double
  /// sum over predicted frames of KL(q(z_t) || p(z_t)), summed over z, averaged over the
  /// batch (0 for `.deterministic`).
  public var kl: Double
}

extension SVGModel {
  /// The loss of a minibatch of sequences `[T, batch, S, S, channels]` (T >= 2), and its
  /// backward pass: one call leaves every parameter gradient added (call `zeroGradients()`
  /// first).
  ///
  /// Forward, with teacher forcing (the predictor always sees the true previous frame):
  /// h_t = E(x_t) for all T frames at once; for t = 1 ... T-1 (as one batch over t wherever
  /// no recurrence is involved): (mu_q, logvar_q)_t = posterior(h_t),
  /// z_t = mu_q + exp(logvar_q / 2) e_t with e_t ~ N(0, I) drawn from `generator`,
  /// (mu_p, logvar_p)_t = prior(h_{t-1}) (SVG-LP) or (0, 0) (SVG-FP),
  /// g_t = predictor([h_{t-1}, z_t]), x^_t = D(g_t, skips of frame min(t - 1, C - 1)) with C
  /// = `configuration.contextFrames`, and
  ///
  ///     L = sum_t mean (x^_t - x_t)^2 + beta * (1 / batch) sum_t sum KL(q_t || p_t)
  ///
  /// Backward: dL/dx^_t = 2 (x^_t - x_t) / (batch S^2 channels) through D (which also returns
  /// the skip maps' gradients, added back to the encoder stages of the frames they came
  /// from), the predictor (splitting into dh_{t-1} and dz_t), the reparameterisation, the
  /// closed-form KL gradient (`DiagonalGaussianKL`), the posterior and the prior; the
  /// encoder's backward then runs once on the summed gradients of all h_t (each h_t is used
  /// as a target by the posterior and as the previous frame by the predictor and the prior).
  public mutating func loss(
    frames: Tensor<Scalar>, generator: inout some RandomNumberGenerator
  ) -> SVGLoss {
    var times = SVGStepTimes()
    return loss(frames: frames, generator: &generator, times: &times)
  }

  /// `loss(frames:generator:)`, adding the wall time of its parts to `times` (encoder,
  /// decoder, recurrent networks, and the rest of the call as `other`), for `SVGBenchmark`.
  public mutating func loss(
    frames: Tensor<Scalar>, generator: inout some RandomNumberGenerator,
    times: inout SVGStepTimes
  ) -> SVGLoss {
    let start = SVGStepTimes.now()
    let measured = times.measuredParts
    defer { times.other += SVGStepTimes.now() - start - (times.measuredParts - measured) }
    checkFrames(frames, minimumFrames: 2, "loss")
    let c = configuration
    let (count, batch) = (frames.shape[0], frames.shape[1])
    let steps = count - 1
    let frameShape = Array(frames.shape[2...])
    let elements = batch * frameShape.reduce(1, *)
    let flat = frames.reshaped(to: [count * batch] + frameShape)

    // Forward.
    let (encodings, skips) = times.measure(\.encoder) { encoder.forward(flat) }
    let previous = encodings.rows(0..<(steps * batch))
    let targets = encodings.rows(batch..<(count * batch))
    var latent = Tensor<Scalar>(zeros: [steps * batch, 0])
    var noise = latent
    var posteriorStatistics: (mean: Tensor<Scalar>, logVariance: Tensor<Scalar>)?
    var kl = 0.0
    var klGradients: DiagonalGaussianKL.Gradients<Scalar>?
    if posterior != nil {
      let q = times.measure(\.recurrent) { posterior!.forward(sequence: targets, batch: batch) }
      noise = .randomNormal(shape: q.mean.shape, using: &generator)
      latent = Reparameterization.sample(mean: q.mean, logVariance: q.logVariance, noise: noise)
      let p =
        times.measure(\.recurrent) { prior?.forward(sequence: previous, batch: batch) }
        ?? (Tensor(zeros: q.mean.shape), Tensor(zeros: q.mean.shape))
      let divergence = DiagonalGaussianKL.divergence(
        mean: q.mean, logVariance: q.logVariance, priorMean: p.0, priorLogVariance: p.1,
        gradientScale: Scalar(c.beta / Double(batch)))
      kl = divergence.value / Double(batch)
      klGradients = divergence.gradients
      posteriorStatistics = q
    }
    let predictorInput = Tensor(concatenatingColumns: previous, latent)
    let predicted = times.measure(\.recurrent) {
      predictor.forward(sequence: predictorInput, batch: batch)
    }
    let skipFrames = (1...steps).map { Self.skipFrame(step: $0, contextFrames: c.contextFrames) }
    let decoded = times.measure(\.decoder) {
      decoder.forward(predicted, skips: skips, skipFrames: skipFrames, batch: batch)
    }
    let difference = decoded - flat.rows(batch..<(count * batch))
    let reconstruction = difference.squaredNorm() / Double(elements)

    // Backward.
    let reconstructionGradient = Scalar(2 / Double(elements)) * difference
    let (predictedGradient, skipGradients) = times.measure(\.decoder) {
      decoder.backward(reconstructionGradient)
    }
    let predictorInputGradient = times.measure(\.recurrent) {
      predictor.backward(sequence: predictedGradient)
    }
    let (previousGradient, latentGradient) = predictorInputGradient.splitColumns(
      at: c.encodingSize)
    var encodingGradient = Tensor<Scalar>(zeros: encodings.shape)
    encodingGradient.addRows(previousGradient, at: 0)
    if let q = posteriorStatistics, let klGradients {
      let sampled = Reparameterization.backward(
        logVariance: q.logVariance, noise: noise, sampleGradient: latentGradient)
      let (meanGradient, logVarianceGradient) = (
        sampled.mean + klGradients.mean, sampled.logVariance + klGradients.logVariance
      )
      encodingGradient.addRows(
        times.measure(\.recurrent) {
          posterior!.backward(meanGradient: meanGradient, logVarianceGradient: logVarianceGradient)
        },
        at: batch)
      if prior != nil {
        encodingGradient.addRows(
          times.measure(\.recurrent) {
            prior!.backward(
              meanGradient: klGradients.priorMean,
              logVarianceGradient: klGradients.priorLogVariance)
          },
          at: 0)
      }
    }
    // The decoder's skip gradients are already summed per frame read (the context frames).
    times.measure(\.encoder) {
      encoder.backward(encodingGradient: encodingGradient, skipGradients: skipGradients)
    }
    return SVGLoss(value: reconstruction + c.beta * kl, reconstruction: reconstruction, kl: kl)
  }
}

/// Wall time in seconds spent in the parts of SVG training steps, accumulated over calls
/// (`SVGModel.loss(frames:generator:times:)`, `SVGBenchmark`).
public struct SVGStepTimes: Sendable, Equatable {
  /// The encoder's forward and backward passes.
  public var encoder = 0.0
  /// The decoder's forward and backward passes.
  public var decoder = 0.0
  /// The posterior, prior and predictor networks (dense embeddings, LSTMs, output layers),
  /// forward and backward.
  public var recurrent = 0.0
  /// Everything else: gathering the skip maps and rows, the reconstruction error, the KL,
  /// the reparameterisation, assembling the encoder's gradients (and, in `SVGBenchmark`,
  /// zeroing the gradients and the Adam update).
  public var other = 0.0

  public init() {}

  /// The sum of the parts.
  public var total: Double { encoder + decoder + recurrent + other }

  var measuredParts: Double { encoder + decoder + recurrent }

  /// Runs `body`, adding its wall time to `part`.
  mutating func measure<T>(_ part: WritableKeyPath<SVGStepTimes, Double>, _ body: () -> T) -> T {
    let start = Self.now()
    let result = body()
    self[keyPath: part] += Self.now() - start
    return result
  }

  /// Seconds on a monotonic clock.
  static func now() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
  }
}
