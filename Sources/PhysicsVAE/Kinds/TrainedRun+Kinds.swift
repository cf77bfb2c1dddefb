import Engine
import PriorLanguage
import VidlatSupport

extension TrainedRun {
  /// The latent of frames K-1 ... K+H-1 of a prediction from the K context frames'
  /// `posteriors`, for a prior without dynamics; nil for an ODE prior (whose mean dynamics
  /// carry the state). A Gaussian-process run conditions its GP on the context frames'
  /// pseudo-observations and forecasts the path (`GaussianProcessPosterior.forecast`).
  ///
  /// - Throws: for an i.i.d. run, which links no frame to the next, so its prior predicts
  ///   nothing (linear extrapolation of its latent does).
  func kindForecast(context posteriors: FramePosteriors, horizon: Int) throws -> [Double]? {
    switch prior.model.kind {
    case .dynamics:
      return nil
    case .independent:
      throw TrainingError.configuration(
        "an i.i.d. prior links no frame to the next, so it cannot carry the latent past the "
          + "context; extrapolate the latent linearly instead (--extrapolate linear)")
    case .gaussianProcess(let latents):
      let path = try GaussianProcessPosterior.forecast(
        context: posteriors, horizon: horizon, kernels: latents.map(\.kernel),
        timeStep: prior.model.dt, parameters: parameters)
      let d = posteriors.dimension
      return Array(path[((posteriors.frameCount - 1) * d)...])
    }
  }

  /// Throws unless the run's prior has dynamics to roll out under an intervention.
  func requireDynamicsForIntervention() throws {
    guard prior.model.kind != .dynamics else { return }
    throw TrainingError.configuration(
      "intervene rolls the latent out under the prior's equations, and this run's prior is "
        + "\(prior.model.kind.described), which has none")
  }
}
