import PriorLanguage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// KL(q || p) of an i.i.d. prior (docs/method.md, "Other prior kinds"), exact: every frame's
/// posterior N(mu, diag sigma^2) against p = N(m, diag s^2) (each latent's `normal(m, s)`),
///
///     KL = sum_k 1/2 [ sigma_k^2 / s_k^2 + (mu_k - m_k)^2 / s_k^2 - 1 + 2 ln s_k - logvar_k ],
///
/// with dKL/dmu_k = (mu_k - m_k) / s_k^2 and dKL/dlogvar_k = 1/2 (sigma_k^2 / s_k^2 - 1),
/// averaged over the B T frames like L_rec. The prior has no learnable parameter.
public enum IndependentKL {
  public static func evaluate(
    posteriors: FramePosteriors, latents: [IndependentLatent], parameterCount: Int
  ) -> KLEvaluation {
    let d = posteriors.dimension
    precondition(latents.count == d, "one distribution per latent coordinate")
    let scale = 1 / Double(max(posteriors.count, 1))
    var value = 0.0
    var meanGradient = [Double](repeating: 0, count: posteriors.means.count)
    var logVarianceGradient = meanGradient
    for i in 0..<posteriors.count {
      for (k, latent) in latents.enumerated() {
        let precision = 1 / (latent.standardDeviation * latent.standardDeviation)
        let offset = posteriors.means[i * d + k] - latent.mean
        let logVariance = posteriors.logVariances[i * d + k]
        let ratio = exp(logVariance) * precision
        value +=
          0.5
          * (ratio + offset * offset * precision - 1 + 2 * log(latent.standardDeviation)
            - logVariance)
        meanGradient[i * d + k] = scale * offset * precision
        logVarianceGradient[i * d + k] = scale * 0.5 * (ratio - 1)
      }
    }
    return KLEvaluation(
      value: value * scale, meanGradient: meanGradient, logVarianceGradient: logVarianceGradient,
      parameterGradient: [Double](repeating: 0, count: parameterCount))
  }
}
