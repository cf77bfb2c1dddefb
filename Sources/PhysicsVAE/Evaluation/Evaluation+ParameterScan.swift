import Engine
import Video
import VidlatSupport

/// The physics terms of the loss at one value of a parameter, with the networks fixed.
public struct ParameterScanPoint: Codable, Sendable, Equatable {
  /// The parameter's value.
  public var value: Double
  /// KL_trans of the posteriors, and its derivative with respect to the parameter.
  public var transitionKL: Double
  public var transitionGradient: Double
  /// KL_marg (averaged over independent prior mixtures and samples), and its derivative.
  public var marginalKL: Double
  public var marginalGradient: Double
}

extension Evaluation {
  /// KL_trans and KL_marg of the posteriors of `sequences`, and their exact derivatives with
  /// respect to parameter `index` of `prior`, at each of `values`: where the physics terms
  /// would put the parameter given what the encoder sees. A learned value that sits away
  /// from KL_trans's minimum, for instance, is being pulled by KL_marg (whose prior mixture
  /// starts from p0: a p0 unlike the video's initial states biases it). KL_marg is averaged
  /// over `draws` prior mixtures and Monte Carlo sample sets, seeded by `seed`.
  public static func parameterScan(
    model: inout VAE, prior: KLPrior, sequences: VideoSequences, parameter index: Int,
    values: [Double], draws: Int = 8, seed: UInt64 = 0
  ) throws(NonFiniteError) -> [ParameterScanPoint] {
    let posteriors = try model.encode(sequences)
    return values.map { value in
      var theta = prior.parameters
      theta[index] = value
      let transition = TransitionKL.evaluate(
        posteriors: posteriors, model: prior.transition, parameters: theta)
      var generator = SeededGenerator(seed: seed)
      var marginal = 0.0
      var marginalGradient = 0.0
      for _ in 0..<draws {
        let mixture = PriorMixture.linearized(
          model: prior.transition, initial: prior.initial, chains: prior.mixtureChains,
          steps: posteriors.frameCount, parameters: theta, using: &generator)
        let estimate = MarginalKL.evaluate(
          posteriors: posteriors, prior: mixture, sampleCount: prior.mixtureSamples,
          using: &generator)
        marginal += estimate.value / Double(draws)
        marginalGradient += estimate.parameterGradient[index] / Double(draws)
      }
      return ParameterScanPoint(
        value: value, transitionKL: transition.value,
        transitionGradient: transition.parameterGradient[index], marginalKL: marginal,
        marginalGradient: marginalGradient)
    }
  }
}
