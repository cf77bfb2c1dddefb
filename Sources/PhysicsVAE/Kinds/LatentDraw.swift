import Engine
import PriorLanguage
import VidlatSupport

/// The latent the decoder sees in one loss evaluation, by the prior's kind, with the KL
/// terms of that kind and the way back from dL/dh to the encoder's outputs (docs/method.md,
/// "Other prior kinds"). The rest of `VAE.loss` is the same for every kind.
enum LatentDraw {
  /// ODE and i.i.d. priors: each frame's own posterior, z~ = mu + sigma e.
  case frames(LatentSample)
  /// A Gaussian-process prior: the path posterior's z~ = m + L_S e (`GaussianProcessPosterior`),
  /// seen through h (the identity) by `sample`.
  case path(GaussianProcessPosterior, sample: LatentSample)

  /// Draws the latent of `posteriors` under `prior` with `generator`.
  init(posteriors: FramePosteriors, prior: KLPrior, using generator: inout SeededGenerator)
    throws(NonFiniteError)
  {
    switch prior.kind {
    case .dynamics, .independent:
      self = .frames(
        LatentSample(
          posteriors: posteriors, model: prior.transition, parameters: prior.parameters,
          using: &generator))
    case .gaussianProcess(let latents):
      let posterior = try GaussianProcessPosterior(
        posteriors: posteriors, kernels: latents.map(\.kernel), timeStep: prior.timeStep,
        parameters: prior.parameters, using: &generator)
      self = .path(
        posterior,
        sample: LatentSample(
          states: posterior.sample, count: posteriors.count, model: prior.transition,
          parameters: prior.parameters))
    }
  }

  /// z~ and h(z~).
  var sample: LatentSample {
    switch self {
    case .frames(let sample), .path(_, let sample): sample
    }
  }

  /// The loss's two KL slots: KL_trans and KL_marg of an ODE prior (the mixture's draws from
  /// a stream derived from `generator`, as always); the kind's exact KL and zero otherwise
  /// (beta_t weighs the kind's KL; the zero KL_marg makes beta_m irrelevant).
  func klTerms(
    posteriors: FramePosteriors, prior: KLPrior, using generator: inout SeededGenerator
  ) -> (transition: KLEvaluation, marginal: KLEvaluation) {
    let p = prior.parameters.count
    let none = KLEvaluation(
      value: 0, meanGradient: [Double](repeating: 0, count: posteriors.means.count),
      logVarianceGradient: [Double](repeating: 0, count: posteriors.means.count),
      parameterGradient: [Double](repeating: 0, count: p))
    switch (prior.kind, self) {
    case (.dynamics, _):
      let transition = TransitionKL.evaluate(
        posteriors: posteriors, model: prior.transition, parameters: prior.parameters)
      var mixtureGenerator = generator.derived(stream: 1)
      _ = generator.next()
      let mixture = PriorMixture.linearized(
        model: prior.transition, initial: prior.initial, chains: prior.mixtureChains,
        steps: posteriors.frameCount, parameters: prior.parameters, using: &mixtureGenerator)
      let marginal = MarginalKL.evaluate(
        posteriors: posteriors, prior: mixture, sampleCount: prior.mixtureSamples,
        using: &mixtureGenerator)
      return (transition, marginal)
    case (.independent(let latents), _):
      return (
        IndependentKL.evaluate(posteriors: posteriors, latents: latents, parameterCount: p), none
      )
    case (.gaussianProcess, .path(let posterior, _)):
      return (GaussianProcessKL.evaluate(posterior, parameterCount: p), none)
    case (.gaussianProcess, .frames):
      preconditionFailure("a Gaussian-process prior draws paths")
    }
  }

  /// dL/dmu, dL/dlogvar (`N x d`) and dL/dtheta from dL/dh (`N x o`) through the draw.
  func backward(posteriors: FramePosteriors, observationGradient: [Double]) -> (
    means: [Double], logVariances: [Double], parameters: [Double]
  ) {
    switch self {
    case .frames(let sample):
      return sample.backward(posteriors: posteriors, observationGradient: observationGradient)
    case .path(let posterior, let sample):
      // dz~/dmu = I in LatentSample, so its mean gradient is dL/dz~.
      let direct = sample.backward(posteriors: posteriors, observationGradient: observationGradient)
      let path = posterior.backward(
        sampleGradient: direct.means, parameterCount: sample.parameterCount)
      return (
        path.means, path.logVariances,
        zip(direct.parameters, path.parameters).map { $0 + $1 }
      )
    }
  }
}
