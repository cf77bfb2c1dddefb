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
    func unavailable(_ index: Int, _ reason: String, transitionOnlyValue: Double? = nil)
      -> ParameterInterval
    {
      ParameterInterval(
        value: theta[index], sequenceCount: sequenceCount, standardError: nil,
        transitionOnlyValue: transitionOnlyValue, whyNoInterval: reason)
    }
    switch prior.kind {
    case .dynamics:
      return nil
    case .independent:
      return indices.map { unavailable($0, "the i.i.d. prior's KL does not depend on it") }
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
        else { return unavailable(index, "the GP posterior is not finite at the learned value") }
        let curvature = Double(sequenceCount) * (above - below) / (2 * step)
        guard perSequence.allSatisfy(\.isFinite), curvature.isFinite else {
          return unavailable(
            index, "the GP's KL or its gradient is not finite at the learned value")
        }
        guard curvature > 0 else {
          return unavailable(
            index,
            "the GP's KL is not convex in it at the learned value (curvature "
              + String(format: "%.3g", curvature) + "), so the sequences do not pin it")
        }
        let gradientSum = perSequence.reduce(0, +)
        let klOnlyValue = theta[index] - gradientSum / curvature
        guard sequenceCount >= 2 else {
          return unavailable(
            index, "one sequence gives no spread of gradients to estimate an error from",
            transitionOnlyValue: klOnlyValue)
        }
        let mean = gradientSum / Double(sequenceCount)
        let spread = perSequence.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let gradientVariance = Double(sequenceCount) / Double(sequenceCount - 1) * spread
        return ParameterInterval(
          value: theta[index], sequenceCount: sequenceCount,
          standardError: gradientVariance.squareRoot() / curvature,
          transitionOnlyValue: klOnlyValue, whyNoInterval: nil)
      }
    }
  }
}
