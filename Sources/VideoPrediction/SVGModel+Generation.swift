import Engine

extension SVGModel {
  /// Samples `samples` futures of `futureFrames` frames for each sequence of `context`
  /// `[C, batch, S, S, channels]` (C >= 1); returns one tensor `[futureFrames, batch, S, S,
  /// channels]` per sample.
  ///
  /// All samples run as one batch of samples x batch rows. As in the paper: through the
  /// context, the predictor sees the true frames and z_t comes from the posterior on the
  /// true next frame (the prior is stepped too, to build its state); after it, the predictor
  /// sees the encoding of its own previous prediction, and z_t is drawn from the learned
  /// prior p(z_t | x_1..t-1) (SVG-LP), from N(0, I) (SVG-FP), or is absent
  /// (deterministic). The decoder's skip maps are those of the last context frame. Runs
  /// forward only; the noise comes from `generator`, so a seed fixes the samples.
  public mutating func generate(
    context: Tensor<Scalar>, samples: Int, futureFrames: Int,
    generator: inout some RandomNumberGenerator
  ) -> [Tensor<Scalar>] {
    checkFrames(context, minimumFrames: 1, "generate")
    precondition(samples > 0 && futureFrames >= 0, "SVG generate: samples must be positive")
    let c = configuration
    let (contextCount, batch) = (context.shape[0], context.shape[1])
    let frameShape = Array(context.shape[2...])
    let rows = samples * batch
    if futureFrames == 0 {
      return Array(repeating: Tensor(zeros: [0, batch] + frameShape), count: samples)
    }
    // Row s * batch + b of every step is sample s of sequence b.
    let tiled = (0..<contextCount).map { t in
      let frame = context.rows(t..<(t + 1)).reshaped(to: [batch] + frameShape)
      return Tensor(stackingRows: Array(repeating: frame, count: samples))
    }
    predictor.reset(batch: rows)
    posterior?.reset(batch: rows)
    prior?.reset(batch: rows)

    func sample(_ distribution: (mean: Tensor<Scalar>, logVariance: Tensor<Scalar>)) -> Tensor<
      Scalar
    > {
      let noise = Tensor<Scalar>.randomNormal(shape: distribution.mean.shape, using: &generator)
      return Reparameterization.sample(
        mean: distribution.mean, logVariance: distribution.logVariance, noise: noise)
    }

    var input = tiled[0]
    var skips: [Tensor<Scalar>] = []
    var predictions: [Tensor<Scalar>] = []
    for t in 1..<(contextCount + futureFrames) {
      let (encoding, maps) = encoder.forward(input)
      if t <= contextCount { skips = maps }
      var latent = Tensor<Scalar>(zeros: [rows, 0])
      if t < contextCount {
        if posterior != nil {
          latent = sample(posterior!.step(encoder.forward(tiled[t]).encoding))
          _ = prior?.step(encoding)
        }
        _ = predictor.step(Tensor(concatenatingColumns: encoding, latent))
        input = tiled[t]
      } else {
        switch c.variant {
        case .learnedPrior: latent = sample(prior!.step(encoding))
        case .fixedPrior:
          latent = .randomNormal(shape: [rows, c.latentSize], using: &generator)
        case .deterministic: break
        }
        let predicted = predictor.step(Tensor(concatenatingColumns: encoding, latent))
        input = decoder.forward(predicted, skips: skips)
        predictions.append(input)
      }
    }
    return (0..<samples).map { s in
      Tensor(
        stackingRows: predictions.map { $0.rows((s * batch)..<((s + 1) * batch)) }
      ).reshaped(to: [futureFrames, batch] + frameShape)
    }
  }
}
