import Engine
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The linearization-to-GMM term KL_marg = KL(rho || pi) by Monte Carlo (docs/method.md, "Monte Carlo KL_marg").
///
/// rho(z) = (1/N) sum_i N(mu_i, diag sigma_i^2) over the N = B T frames, pi the
/// `PriorMixture`. With S reparameterised samples z_s = mu_c(s) + sigma_c(s) * e_s:
///
///     KL ~ (1/S) sum_s [ ln rho(z_s) - ln pi(z_s) ].
///
/// Components c(s) are chosen by systematic sampling, c(s) = floor((s + u) N / S) with one
/// uniform u: each is chosen uniformly at random, with less variance than independent draws.
/// Every mixture log-density is a log-sum-exp of (ln weight + Gaussian log-density) with the
/// largest term subtracted before exponentiating; the prior's Gaussian log-densities use
/// Cholesky factors (the engine's batched `BatchedMatrices`, all components at once), ln N(z; m, P) = -1/2 |L^-1 (z - m)|^2 - sum_i ln L_ii - d/2 ln 2 pi.
/// A sample far from every component thus still has a finite value and finite gradients.
///
/// Gradients: through the samples (dz/dmu_c = I, dz/dlogvar_c = sigma_c e / 2) and through
/// rho's components directly (responsibility-weighted Gaussian score). To theta through the
/// prior's components, with r_j the responsibility of component j and s_j = P_j^-1 (z - m_j):
/// d(-ln pi)/dm_j = -r_j s_j and d(-ln pi)/dP_j = -r_j/2 (s_j s_j^T - P_j^-1), carried back
/// through the mixture's recurrence by `PriorMixture.parameterGradient`.
public enum MarginalKL {
  /// The estimate and its gradients with `sampleCount` samples drawn with `generator`.
  public static func evaluate(
    posteriors: FramePosteriors, prior: PriorMixture, sampleCount: Int,
    using generator: inout SeededGenerator
  ) -> KLEvaluation {
    let n = posteriors.count
    let d = posteriors.dimension
    let p = prior.parameterCount
    let components = prior.componentCount
    // Cholesky factors and half log-determinants of the prior components, all at once.
    guard n > 0, sampleCount > 0,
      let factors = try? BatchedMatrices.cholesky(
        Tensor(shape: [components, d, d], scalars: prior.covariances))
    else {
      return .notFinite(frames: n, dimension: d, parameters: p)
    }
    let halfLogDeterminants = BatchedMatrices.logDeterminant(choleskyFactor: factors).scalars.map {
      $0 / 2
    }
    let priorInverses = BatchedMatrices.inverse(choleskyFactor: factors).scalars
    // Samples.
    let offset = generator.nextUnitDouble()
    var chosen = [Int](repeating: 0, count: sampleCount)
    var noise = [Double](repeating: 0, count: sampleCount * d)
    for s in 0..<sampleCount {
      chosen[s] = min(n - 1, Int((Double(s) + offset) * Double(n) / Double(sampleCount)))
      for k in 0..<d { noise[s * d + k] = generator.nextStandardNormal() }
    }
    let variances = posteriors.logVariances.map { exp($0) }
    let logTwoPi = log(2 * Double.pi)
    let posteriorLogWeight = -log(Double(n))
    let priorLogWeight = -log(Double(components))

    var meanGradient = [Double](repeating: 0, count: n * d)
    var logVarianceGradient = [Double](repeating: 0, count: n * d)
    var priorMeanGradient = [Double](repeating: 0, count: components * d)
    // sum over samples of r_j s_j s_j^T, and of r_j.
    var scoreProducts = [Double](repeating: 0, count: components * d * d)
    var responsibilityTotals = [Double](repeating: 0, count: components)
    var total = 0.0
    let scale = 1 / Double(sampleCount)
    var z = [Double](repeating: 0, count: d)
    var sampleGradient = [Double](repeating: 0, count: d)
    var posteriorTerms = [Double](repeating: 0, count: n)
    var priorTerms = [Double](repeating: 0, count: components)
    let mu = posteriors.means
    for s in 0..<sampleCount {
      let c = chosen[s]
      for k in 0..<d { z[k] = mu[c * d + k] + variances[c * d + k].squareRoot() * noise[s * d + k] }
      // ln rho(z_s).
      for i in 0..<n {
        var quadratic = 0.0
        var logDeterminant = 0.0
        for k in 0..<d {
          let delta = z[k] - mu[i * d + k]
          quadratic += delta * delta / variances[i * d + k]
          logDeterminant += posteriors.logVariances[i * d + k]
        }
        posteriorTerms[i] =
          posteriorLogWeight - 0.5 * (quadratic + logDeterminant + Double(d) * logTwoPi)
      }
      let logRho = logSumExp(posteriorTerms)
      // ln pi(z_s), keeping P_j^-1 (z - m_j) for the gradient.
      var offsets = Tensor<Double>(zeros: [components, d, 1])
      for j in 0..<components {
        for k in 0..<d { offsets.scalars[j * d + k] = z[k] - prior.means[j * d + k] }
      }
      let whitened = BatchedMatrices.solveTriangular(factors, offsets)
      let scores = BatchedMatrices.solveTriangular(factors, whitened, transposed: true).scalars
      for j in 0..<components {
        var quadratic = 0.0
        for k in 0..<d { quadratic += whitened.scalars[j * d + k] * whitened.scalars[j * d + k] }
        priorTerms[j] =
          priorLogWeight - 0.5 * (quadratic + Double(d) * logTwoPi) - halfLogDeterminants[j]
      }
      let logPi = logSumExp(priorTerms)
      total += logRho - logPi

      // d/dz [ln rho - ln pi], and rho's direct gradients.
      for k in 0..<d { sampleGradient[k] = 0 }
      for i in 0..<n {
        let responsibility = exp(posteriorTerms[i] - logRho)
        guard responsibility > 0 else { continue }
        for k in 0..<d {
          let standardised = (z[k] - mu[i * d + k]) / variances[i * d + k]
          sampleGradient[k] -= responsibility * standardised
          meanGradient[i * d + k] += scale * responsibility * standardised
          logVarianceGradient[i * d + k] +=
            scale * responsibility * 0.5 * ((z[k] - mu[i * d + k]) * standardised - 1)
        }
      }
      for j in 0..<components {
        let responsibility = exp(priorTerms[j] - logPi)
        guard responsibility > 0 else { continue }
        responsibilityTotals[j] += responsibility
        for k in 0..<d {
          let score = scores[j * d + k]
          sampleGradient[k] += responsibility * score
          priorMeanGradient[j * d + k] -= scale * responsibility * score
          for l in 0..<d {
            scoreProducts[(j * d + k) * d + l] += responsibility * score * scores[j * d + l]
          }
        }
      }
      for k in 0..<d {
        meanGradient[c * d + k] += scale * sampleGradient[k]
        logVarianceGradient[c * d + k] +=
          scale * sampleGradient[k] * 0.5 * variances[c * d + k].squareRoot() * noise[s * d + k]
      }
    }
    var priorCovarianceGradient = [Double](repeating: 0, count: components * d * d)
    for j in 0..<components {
      for e in 0..<(d * d) {
        let entry = j * d * d + e
        priorCovarianceGradient[entry] =
          -0.5 * scale * (scoreProducts[entry] - responsibilityTotals[j] * priorInverses[entry])
      }
    }
    return KLEvaluation(
      value: total * scale, meanGradient: meanGradient, logVarianceGradient: logVarianceGradient,
      parameterGradient: prior.parameterGradient(
        meanGradient: priorMeanGradient, covarianceGradient: priorCovarianceGradient))
  }
}

/// ln sum_i exp(x_i), with the largest term subtracted before exponentiating.
func logSumExp(_ x: [Double]) -> Double {
  guard let largest = x.max(), largest.isFinite else { return x.max() ?? -.infinity }
  var s = 0.0
  for value in x { s += exp(value - largest) }
  return largest + log(s)
}
