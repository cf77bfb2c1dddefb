import PriorLanguage
import VidlatSupport

/// Draws from a prior without dynamics, for `vidlat simulate`, the REPL's `:simulate` and
/// `vidlat sample`: i.i.d. latents independently in every frame, a Gaussian process's whole
/// paths (`GaussianProcessPosterior.priorPaths`).
public enum LatentDraws {
  /// `count x frames x d` latents of `model` with parameters `theta`; nil for an ODE prior,
  /// whose draws are rollouts of its equations from p0.
  public static func latents(
    of model: PriorModel, parameters theta: [Double], count: Int, frames: Int,
    using generator: inout SeededGenerator
  ) throws -> [Double]? {
    switch model.kind {
    case .dynamics:
      return nil
    case .independent(let latents):
      return (0..<(count * frames)).flatMap { _ in
        latents.map { $0.mean + $0.standardDeviation * generator.nextStandardNormal() }
      }
    case .gaussianProcess(let latents):
      return try GaussianProcessPosterior.priorPaths(
        count: count, frames: frames, kernels: latents.map(\.kernel), timeStep: model.dt,
        parameters: theta, using: &generator)
    }
  }

  /// `samples` draws of `steps + 1` frames of `model` at its parameters' values as a
  /// `Simulation` (observations: the latents, which the decoder sees); nil for an ODE prior.
  public static func simulation(of model: PriorModel, steps: Int, samples: Int, seed: UInt64)
    throws -> Simulation?
  {
    var generator = SeededGenerator(seed: seed)
    guard
      let states = try latents(
        of: model, parameters: model.parameters.map(\.value), count: samples, frames: steps + 1,
        using: &generator)
    else { return nil }
    return Simulation(
      drawsOf: model.states.map(\.name), observationNames: model.observations.map(\.name),
      dt: model.dt, steps: steps, samples: samples, states: states, observations: states)
  }
}
