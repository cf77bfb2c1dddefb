import PriorLanguage
import Testing
import VidlatSupport

@testable import PhysicsVAE

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// F(z) = a * z elementwise with theta = a: a linear model whose P is diagonal, so that a
/// posterior can equal the prediction exactly.
struct ScalingModel: TransitionModel {
  var noise = [0.1, 0.2]
  var stateDimension: Int { 2 }
  var parameterCount: Int { 2 }
  var observationDimension: Int { 2 }
  var processNoiseStandardDeviations: [Double] { noise }

  func step(states: [Double], count: Int, parameters a: [Double], jacobians: Bool)
    -> StepEvaluation
  {
    var next: [Double] = []
    var stateJacobian: [Double] = []
    var parameterJacobian: [Double] = []
    for n in 0..<count {
      let (x, y) = (states[2 * n], states[2 * n + 1])
      next += [a[0] * x, a[1] * y]
      if jacobians {
        stateJacobian += [a[0], 0, 0, a[1]]
        parameterJacobian += [x, 0, 0, y]
      }
    }
    return StepEvaluation(
      next: next, stateJacobian: stateJacobian, parameterJacobian: parameterJacobian)
  }

  /// J = diag(a): dJ_00/da_0 = dJ_11/da_1 = 1.
  func stepJacobianDerivatives(states: [Double], count: Int, parameters: [Double]) -> [Double] {
    (0..<count).flatMap { _ in [0, 0, 1, 0] + [Double](repeating: 0, count: 8) + [0, 0, 0, 1] }
  }

  func observe(states: [Double], count: Int, parameters: [Double], jacobians: Bool)
    -> ObservationEvaluation
  {
    ObservationEvaluation(observations: states, jacobian: [], parameterJacobian: [])
  }

  func sampleInitialStates(count: Int, using generator: inout SeededGenerator) -> [Double] {
    (0..<(2 * count)).map { _ in generator.nextStandardNormal() }
  }
}

@Suite struct PendulumModelTests {
  @Test func jacobianDerivativesMatchFiniteDifferences() {
    let model = PendulumModel()
    let z = [0.7, -1.3, -1.1, 2.0]
    let theta = [9.81, 0.3]
    let exact = model.stepJacobianDerivatives(states: z, count: 2, parameters: theta)
    for entry in 0..<8 {
      let byState = (0..<2).map { a in
        centralDifferences(Array(z[(entry / 4 * 2)..<(entry / 4 * 2 + 2)])) {
          model.step(states: $0, count: 1, parameters: theta, jacobians: true)
            .stateJacobian[entry % 4]
        }[a]
      }
      let byParameter = centralDifferences(theta) {
        model.step(states: z, count: 2, parameters: $0, jacobians: true).stateJacobian[entry]
      }
      #expect(
        largestRelativeError(Array(exact[(entry * 4)..<(entry * 4 + 4)]), byState + byParameter)
          < 1e-7)
    }
  }

  @Test func stepJacobiansMatchFiniteDifferences() {
    let model = PendulumModel()
    let z = [0.7, -1.3]
    let theta = [9.81, 0.3]
    let step = model.step(states: z, count: 1, parameters: theta, jacobians: true)
    for i in 0..<2 {
      let byState = centralDifferences(z) {
        model.step(states: $0, count: 1, parameters: theta, jacobians: false).next[i]
      }
      let byParameter = centralDifferences(theta) {
        model.step(states: z, count: 1, parameters: $0, jacobians: false).next[i]
      }
      #expect(
        largestRelativeError(Array(step.stateJacobian[(2 * i)..<(2 * i + 2)]), byState) < 1e-8)
      #expect(
        largestRelativeError(Array(step.parameterJacobian[(2 * i)..<(2 * i + 2)]), byParameter)
          < 1e-8)
    }
  }
}

@Suite struct TransitionKLTests {
  let model = PendulumModel()
  let theta = [9.81, 0.1]
  let posteriors = pendulumPosteriors(sequences: 3, frames: 5, seed: 11)

  /// KL_trans at the given means, log-variances and parameters.
  func value(means: [Double], logVariances: [Double], parameters: [Double]) -> Double {
    var moved = posteriors
    moved.means = means
    moved.logVariances = logVariances
    return TransitionKL.evaluate(posteriors: moved, model: model, parameters: parameters).value
  }

  /// Every gradient is exact: J's dependence on mu_t and theta in P is carried.
  @Test func gradientsMatchFiniteDifferences() {
    let result = TransitionKL.evaluate(posteriors: posteriors, model: model, parameters: theta)
    #expect(result.isFinite)
    let byMean = centralDifferences(posteriors.means) {
      value(means: $0, logVariances: posteriors.logVariances, parameters: theta)
    }
    let byLogVariance = centralDifferences(posteriors.logVariances) {
      value(means: posteriors.means, logVariances: $0, parameters: theta)
    }
    let byParameter = centralDifferences(theta) {
      value(means: posteriors.means, logVariances: posteriors.logVariances, parameters: $0)
    }
    #expect(largestRelativeError(result.meanGradient, byMean) < 1e-6)
    #expect(largestRelativeError(result.logVarianceGradient, byLogVariance) < 1e-6)
    #expect(largestRelativeError(result.parameterGradient, byParameter) < 1e-6)
  }

  /// With wide posteriors P is dominated by J Sigma_t J^T, and the part of the gradient that
  /// flows through J is large: dropping it would fail the comparison above.
  @Test func gradientThroughTheCovarianceMatters() {
    var wide = posteriors
    wide.logVariances = wide.logVariances.map { $0 + 3 }
    let result = TransitionKL.evaluate(posteriors: wide, model: model, parameters: theta)
    let byParameter = centralDifferences(theta) { parameters in
      TransitionKL.evaluate(posteriors: wide, model: model, parameters: parameters).value
    }
    #expect(largestRelativeError(result.parameterGradient, byParameter) < 1e-6)
    let zeroDerivatives = TransitionKL.evaluate(
      posteriors: wide,
      prediction: model.step(
        states: TransitionKL.sourceMeans(wide), count: wide.sequenceCount * 4,
        parameters: theta, jacobians: true),
      jacobianDerivatives: [Double](repeating: 0, count: wide.sequenceCount * 4 * 16),
      noiseVariances: model.noise.map { $0 * $0 }, parameterCount: 2)
    #expect(largestRelativeError(zeroDerivatives.parameterGradient, byParameter) > 1e-2)
  }

  @Test func identicalGaussiansHaveZeroKL() {
    let model = ScalingModel()
    let a = [0.9, 1.1]
    let mu0 = [0.3, -0.5]
    let logvar0 = [log(0.04), log(0.01)]
    let mu1 = [a[0] * mu0[0], a[1] * mu0[1]]
    let logvar1 = (0..<2).map {
      log(a[$0] * a[$0] * exp(logvar0[$0]) + model.noise[$0] * model.noise[$0])
    }
    let posteriors = FramePosteriors(
      sequenceCount: 1, frameCount: 2, dimension: 2, means: mu0 + mu1,
      logVariances: logvar0 + logvar1)
    let result = TransitionKL.evaluate(posteriors: posteriors, model: model, parameters: a)
    #expect(abs(result.value) < 1e-12)
    #expect(result.meanGradient.allSatisfy { abs($0) < 1e-12 })
    #expect(result.parameterGradient.allSatisfy { abs($0) < 1e-12 })
  }

  @Test func valueMatchesTheClosedFormGaussianKL() {
    let model = ScalingModel()
    let a = [0.8, 1.2]
    let posteriors = FramePosteriors(
      sequenceCount: 1, frameCount: 2, dimension: 2, means: [0.3, -0.5, 0.1, 0.2],
      logVariances: [log(0.04), log(0.01), log(0.09), log(0.02)])
    let result = TransitionKL.evaluate(posteriors: posteriors, model: model, parameters: a)
    let expected = gaussianKL(
      mean: [0.1, 0.2], variances: [0.09, 0.02], priorMean: [0.8 * 0.3, 1.2 * -0.5],
      priorCovariance: [0.64 * 0.04 + 0.01, 0, 0, 1.44 * 0.01 + 0.04])
    #expect(abs(result.value - expected) < 1e-12)
  }

  @Test func singleFrameSequencesHaveNoPairs() {
    let one = pendulumPosteriors(sequences: 2, frames: 1, seed: 3)
    let result = TransitionKL.evaluate(posteriors: one, model: model, parameters: theta)
    #expect(result.value == 0)
    #expect(result.meanGradient.allSatisfy { $0 == 0 })
  }
}

/// KL(N(mean, diag variances) || N(priorMean, priorCovariance)) for d = 2, in closed form.
func gaussianKL(
  mean: [Double], variances: [Double], priorMean: [Double], priorCovariance p: [Double]
)
  -> Double
{
  let determinant = p[0] * p[3] - p[1] * p[2]
  let inverse = [p[3] / determinant, -p[1] / determinant, -p[2] / determinant, p[0] / determinant]
  let delta = [priorMean[0] - mean[0], priorMean[1] - mean[1]]
  let trace = inverse[0] * variances[0] + inverse[3] * variances[1]
  let quadratic =
    delta[0] * (inverse[0] * delta[0] + inverse[1] * delta[1])
    + delta[1] * (inverse[2] * delta[0] + inverse[3] * delta[1])
  return 0.5 * (trace + quadratic - 2 + log(determinant) - log(variances[0] * variances[1]))
}
