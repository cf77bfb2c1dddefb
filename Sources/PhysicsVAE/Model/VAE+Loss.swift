import Engine
import PriorLanguage
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The terms of the loss L = L_rec + beta_t KL_trans + beta_m KL_marg of one minibatch.
public struct LossTerms: Sendable, Equatable, Codable {
  /// L_rec: the negative log-likelihood of a frame under its appearance
  /// (`FrameAppearance`), summed over its samples and averaged over the frames.
  public var reconstruction: Double
  /// KL_trans; for an i.i.d. or Gaussian-process prior, that kind's exact KL per frame
  /// (docs/method.md, "Other prior kinds").
  public var transitionKL: Double
  /// KL_marg; 0 for an i.i.d. or Gaussian-process prior.
  public var marginalKL: Double
  /// L with the weights in force.
  public var total: Double

  public init(reconstruction: Double, transitionKL: Double, marginalKL: Double, total: Double) {
    self.reconstruction = reconstruction
    self.transitionKL = transitionKL
    self.marginalKL = marginalKL
    self.total = total
  }

  public static let zero = LossTerms(reconstruction: 0, transitionKL: 0, marginalKL: 0, total: 0)

  /// True when every term is finite.
  public var isFinite: Bool {
    reconstruction.isFinite && transitionKL.isFinite && marginalKL.isFinite && total.isFinite
  }
}

/// The prior as the KL terms use it: its numeric model (`TransitionModel`), p0, the current
/// values of every parameter, and the Monte Carlo sizes of the prior mixture. (The other
/// prior types: `Prior`, a loaded `.prior` file; `PriorModel`, its checked model;
/// `CompiledPrior`, that model compiled; `PriorMixture`, the Gaussian mixture built from a
/// `KLPrior` by linearization.)
public struct KLPrior {
  public var transition: any TransitionModel
  /// p0, one distribution per state component.
  public var initial: [InitialDistribution]
  /// theta, all parameters (learnable or not).
  public var parameters: [Double]
  /// M, chains of the prior mixture.
  public var mixtureChains: Int
  /// S, Monte Carlo samples of KL_marg.
  public var mixtureSamples: Int
  /// Which prior's KL the loss takes (`PriorKind`): an ODE prior's KL_trans and KL_marg, or
  /// the exact KL of an i.i.d. or Gaussian-process prior (docs/method.md, "Other prior kinds").
  public var kind: PriorKind
  /// dt: frame t of a Gaussian-process prior is at time t dt.
  public var timeStep: Double

  public init(
    transition: any TransitionModel, initial: [InitialDistribution], parameters: [Double],
    mixtureChains: Int = 16, mixtureSamples: Int = 256, kind: PriorKind = .dynamics,
    timeStep: Double = 1
  ) {
    self.transition = transition
    self.initial = initial
    self.parameters = parameters
    self.mixtureChains = mixtureChains
    self.mixtureSamples = mixtureSamples
    self.kind = kind
    self.timeStep = timeStep
  }

  /// The prior of `model` (compiled as `transition`) with `parameters`.
  public init(
    model: PriorModel, transition: any TransitionModel, parameters: [Double],
    mixtureChains: Int, mixtureSamples: Int
  ) {
    self.init(
      transition: transition, initial: model.initial, parameters: parameters,
      mixtureChains: mixtureChains, mixtureSamples: mixtureSamples, kind: model.kind,
      timeStep: model.dt)
  }
}

extension VAE {
  /// The loss of B sequences of T frames (`frames`, B T x size x size x channels) and, in the
  /// `.backward` pass, its gradients: network gradients are added into the parameters' `gradient`s;
  /// the gradient with respect to every prior parameter is returned.
  ///
  /// Forward: posteriors from the encoder; z~ = mu + sigma e; o = D(h(z~)), scored by the
  /// appearance; the prior mixture from fresh stratified draws of p0, propagated for T
  /// steps. Backward: dL/do (`FrameAppearance.negativeLogLikelihood`; for the Bernoulli
  /// without background (sigmoid(o) - x) / N) through the decoder to dL/dh, then
  /// dL/dz~ = (dh/dz)^T dL/dh
  /// into mu and logvar (`LatentSample`), plus beta_t and beta_m times the KL gradients, then
  /// through the encoder. The prior's parameters get (dh/dtheta)^T dL/dh from the
  /// reconstruction (an observation such as a pulse width) plus beta_t and beta_m times the
  /// KL terms' gradients. All randomness comes from `generator`. For an i.i.d. or
  /// Gaussian-process prior the draw and the KL terms are that kind's (`LatentDraw`).
  ///
  /// `plan` says what the loss includes (`LossPlan`); `pass` whether gradients are taken.
  /// A non-finite loss throws, naming the first term that was not finite.
  public mutating func loss(
    frames: [Float], sequences: Int, frameCount: Int, prior: KLPrior, plan: LossPlan,
    pass: NonFiniteError.Pass, using generator: inout SeededGenerator
  ) throws(NonFiniteError) -> (terms: LossTerms, parameterGradient: [Double]) {
    let weights = plan.weights
    let includesReconstruction = plan.reconstruction == .trained
    let holdsVariances = plan.variances == .held
    let reaches =
      plan.windowCutFraction > 0
      ? FrameWindows.randomReaches(
        count: sequences * frameCount, window: window, fraction: plan.windowCutFraction,
        using: &generator)
      : nil
    var posteriors = try encode(
      frames: frames, sequences: sequences, frameCount: frameCount, reaches: reaches)
    if holdsVariances {
      posteriors.logVariances = [Double](
        repeating: VAE.initialLogVariance, count: posteriors.logVariances.count)
    }
    let draw = try LatentDraw(posteriors: posteriors, prior: prior, using: &generator)
    let sample = draw.sample
    let output = try decode(observations: sample.observation.observations)
    let count = posteriors.count
    let likelihood = appearance.negativeLogLikelihood(
      output: output, frames: frames, count: count)
    let reconstruction = likelihood.value

    let (transition, marginal) = draw.klTerms(
      posteriors: posteriors, prior: prior, using: &generator)
    let total =
      (includesReconstruction ? reconstruction : 0) + weights.transition * transition.value
      + weights.marginal * marginal.value
    let terms = LossTerms(
      reconstruction: reconstruction, transitionKL: transition.value,
      marginalKL: marginal.value, total: total)
    let named = [
      ("L_rec", reconstruction), ("KL_trans", transition.value), ("KL_marg", marginal.value),
    ]
    if let (name, value) = named.first(where: { !$0.1.isFinite }) {
      throw NonFiniteError(operation: name, pass: .forward, index: 0, value: value)
    }
    guard pass == .backward else {
      return (terms, [Double](repeating: 0, count: prior.parameters.count))
    }
    let observationGradient =
      includesReconstruction
      ? try decoderBackward(outputGradient: likelihood.outputGradient)
      : [Double](repeating: 0, count: count * observationDimension)
    var (meanGradient, logVarianceGradient, observationParameterGradient) = draw.backward(
      posteriors: posteriors, observationGradient: observationGradient)
    for i in meanGradient.indices {
      meanGradient[i] +=
        weights.transition * transition.meanGradient[i] + weights.marginal
        * marginal.meanGradient[i]
      logVarianceGradient[i] +=
        weights.transition * transition.logVarianceGradient[i] + weights.marginal
        * marginal.logVarianceGradient[i]
    }
    if holdsVariances {
      logVarianceGradient = [Double](repeating: 0, count: logVarianceGradient.count)
    }
    try encoderBackward(means: meanGradient, logVariances: logVarianceGradient)
    let parameterGradient = (0..<prior.parameters.count).map {
      observationParameterGradient[$0] + weights.transition * transition.parameterGradient[$0]
        + weights.marginal * marginal.parameterGradient[$0]
    }
    return (terms, parameterGradient)
  }
}
