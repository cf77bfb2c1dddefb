import PriorLanguage
import Testing
import VidlatSupport

@testable import PhysicsVAE

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct MarginalKLTests {
  let model = PendulumModel()
  let theta = [9.81, 0.2]
  let posteriors = pendulumPosteriors(sequences: 2, frames: 4, seed: 21)

  func prior(parameters: [Double]) -> PriorMixture {
    var generator = SeededGenerator(seed: 8)
    return PriorMixture.linearized(
      model: model, initial: PendulumModel.initial, chains: 4, steps: 4,
      parameters: parameters, using: &generator)
  }

  func estimate(_ posteriors: FramePosteriors, _ prior: PriorMixture, samples: Int = 64)
    -> KLEvaluation
  {
    var generator = SeededGenerator(seed: 99)
    return MarginalKL.evaluate(
      posteriors: posteriors, prior: prior, sampleCount: samples, using: &generator)
  }

  @Test func posteriorGradientsMatchFiniteDifferences() {
    let base = prior(parameters: theta)
    let result = estimate(posteriors, base)
    #expect(result.isFinite)
    let byMean = centralDifferences(posteriors.means) {
      var moved = posteriors
      moved.means = $0
      return estimate(moved, base).value
    }
    let byLogVariance = centralDifferences(posteriors.logVariances) {
      var moved = posteriors
      moved.logVariances = $0
      return estimate(moved, base).value
    }
    #expect(largestRelativeError(result.meanGradient, byMean) < 1e-6)
    #expect(largestRelativeError(result.logVarianceGradient, byLogVariance) < 1e-6)
  }

  /// Exact through the prior's means and covariances, both propagated with theta.
  @Test func parameterGradientMatchesFiniteDifferences() {
    let result = estimate(posteriors, prior(parameters: theta))
    let byParameter = centralDifferences(theta) {
      estimate(posteriors, prior(parameters: $0)).value
    }
    #expect(largestRelativeError(result.parameterGradient, byParameter) < 1e-6)
  }

  @Test func identicalSingleGaussiansHaveZeroKL() {
    let single = FramePosteriors(
      sequenceCount: 1, frameCount: 1, dimension: 2, means: [0.2, -0.4],
      logVariances: [log(0.3), log(0.05)])
    let same = PriorMixture(dimension: 2, means: [0.2, -0.4], covariances: [0.3, 0, 0, 0.05])
    // ln rho(z) = ln pi(z) at every sample, so every term of the estimate is zero.
    let result = estimate(single, same)
    #expect(abs(result.value) < 1e-12)
  }

  @Test func agreesWithTheClosedFormOnSingleGaussians() {
    let single = FramePosteriors(
      sequenceCount: 1, frameCount: 1, dimension: 2, means: [0.2, -0.4],
      logVariances: [log(0.3), log(0.05)])
    let covariance = [0.5, 0.1, 0.1, 0.2]
    let other = PriorMixture(dimension: 2, means: [-0.1, 0.3], covariances: covariance)
    let expected = gaussianKL(
      mean: [0.2, -0.4], variances: [0.3, 0.05], priorMean: [-0.1, 0.3],
      priorCovariance: covariance)
    let result = estimate(single, other, samples: 20_000)
    // The estimator's standard deviation here is about 0.9 / sqrt(20000) = 0.006.
    #expect(abs(result.value - expected) < 0.03)
  }

  @Test func farSamplesStayFinite() {
    var far = posteriors
    for i in 0..<far.means.count { far.means[i] += i % 2 == 0 ? 1e4 : -3e3 }
    for i in 0..<far.logVariances.count { far.logVariances[i] = i % 3 == 0 ? -20 : 4 }
    let result = estimate(far, prior(parameters: theta))
    #expect(result.isFinite)
    #expect(result.value > 1e3)
  }

  @Test func sameSeedGivesTheSameEstimate() {
    let base = prior(parameters: theta)
    #expect(estimate(posteriors, base) == estimate(posteriors, base))
  }
}
