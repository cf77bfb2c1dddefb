import Foundation
import VidlatSupport

extension Evaluation {
  /// The intervals of the learnable parameters `indices` of a prior without dynamics, from
  /// the encoder's held-out posteriors `encoded`; nil for an ODE prior (`parameterIntervals`).
  ///
  /// For a Gaussian-process prior, the same clustered sandwich as `parameterIntervals` with
  /// the GP's KL in place of KL_trans: l_i(theta) is the KL of sequence i per frame
  /// (`GaussianProcessKL`), g_i its exact gradient, sum_i h_i = B d/dtheta of the batch
  /// gradient by a central difference with step 1e-4 |theta| + 1e-6, and
  /// se = sqrt(B/(B-1) sum_i (g_i - gbar)^2) / sum_i h_i; `transitionOnlyValue` is where the KL
  /// alone would put the hyperparameter, theta - sum g / sum h. An i.i.d. prior's KL depends
  /// on no param, so its learnable params have no interval.
  static func kindIntervals(of indices: [Int], encoded: FramePosteriors, prior: KLPrior)
    -> [ParameterInterval]?
  {
    let theta = prior.parameters
    let sequenceCount = encoded.sequenceCount
    switch prior.kind {
    case .dynamics:
      return nil
    case .independent:
      return indices.map {
        ParameterInterval(
          unavailable: theta[$0], sequenceCount: sequenceCount,
          reason: "the i.i.d. prior's KL does not depend on it")
      }
    case .gaussianProcess(let latents):
      let kernels = latents.map(\.kernel)
      func gradient(_ posteriors: FramePosteriors, _ theta: [Double]) -> [Double]? {
        var unused = SeededGenerator(seed: 0)
        guard
          let posterior = try? GaussianProcessPosterior(
            posteriors: posteriors, kernels: kernels, timeStep: prior.timeStep,
            parameters: theta, deterministic: true, using: &unused)
        else { return nil }
        return GaussianProcessKL.evaluate(posterior, parameterCount: theta.count)
          .parameterGradient
      }
      let gradients = (0..<sequenceCount).map { gradient(encoded.sequence($0), theta) }
      return indices.map { index in
        let step = relativeCurvatureStep * abs(theta[index]) + absoluteCurvatureStep
        var (up, down) = (theta, theta)
        up[index] += step
        down[index] -= step
        let perSequence = gradients.compactMap { $0?[index] }
        guard perSequence.count == sequenceCount,
          let above = gradient(encoded, up)?[index], let below = gradient(encoded, down)?[index]
        else {
          return ParameterInterval(
            unavailable: theta[index], sequenceCount: sequenceCount,
            reason: "the GP posterior is not finite at the learned value")
        }
        return ParameterInterval(
          sandwichOf: theta[index], sequenceGradients: perSequence,
          curvature: Double(sequenceCount) * (above - below) / (2 * step), term: "the GP's KL")
      }
    }
  }
}
