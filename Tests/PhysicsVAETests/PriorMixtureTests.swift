import PriorLanguage
import Testing
import VidlatSupport

@testable import PhysicsVAE

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct PriorMixtureTests {
  let model = PendulumModel()
  let theta = [9.81, 0.2]

  func mixture(parameters: [Double]) -> PriorMixture {
    PriorMixture.linearized(
      model: model, initialStates: [0.4, 0.0, -1.2, 0.5, 1.5, -0.3],
      initialCovariance: [0.01, 0.002, 0.002, 0.04], steps: 6, parameters: parameters)
  }

  @Test func followsTheLinearizedRecurrence() {
    let prior = mixture(parameters: theta)
    #expect(prior.componentCount == 18)
    for chain in 0..<3 {
      var m = Array(prior.means[(chain * 6 * 2)..<(chain * 6 * 2 + 2)])
      var p = [0.01, 0.002, 0.002, 0.04]
      for k in 0..<6 {
        let component = chain * 6 + k
        #expect(
          largestRelativeError(Array(prior.means[(component * 2)..<(component * 2 + 2)]), m) < 1e-14
        )
        #expect(
          largestRelativeError(Array(prior.covariances[(component * 4)..<(component * 4 + 4)]), p)
            < 1e-14)
        let step = model.step(states: m, count: 1, parameters: theta, jacobians: true)
        let j = step.stateJacobian
        // P <- J P J^T + Q, written out for 2 x 2.
        let jp = [
          j[0] * p[0] + j[1] * p[2], j[0] * p[1] + j[1] * p[3],
          j[2] * p[0] + j[3] * p[2], j[2] * p[1] + j[3] * p[3],
        ]
        p = [
          jp[0] * j[0] + jp[1] * j[1] + 0.0001, jp[0] * j[2] + jp[1] * j[3],
          jp[2] * j[0] + jp[3] * j[1], jp[2] * j[2] + jp[3] * j[3] + 0.01,
        ]
        m = step.next
      }
    }
  }

  /// The reverse pass against central differences of a loss that weighs every mean and
  /// covariance entry: sum_j <a_j, m_j> + <B_j, P_j> with fixed pseudo-random a_j and B_j.
  @Test func parameterGradientMatchesFiniteDifferences() {
    let prior = mixture(parameters: theta)
    var generator = SeededGenerator(seed: 21)
    let meanWeights = prior.means.map { _ in generator.nextStandardNormal() }
    let covarianceWeights = prior.covariances.map { _ in generator.nextStandardNormal() }
    func loss(_ m: PriorMixture) -> Double {
      zip(m.means, meanWeights).reduce(0) { $0 + $1.0 * $1.1 }
        + zip(m.covariances, covarianceWeights).reduce(0) { $0 + $1.0 * $1.1 }
    }
    let expected = centralDifferences(theta) { loss(mixture(parameters: $0)) }
    let actual = prior.parameterGradient(
      meanGradient: meanWeights, covarianceGradient: covarianceWeights)
    #expect(largestRelativeError(actual, expected) < 1e-7)
  }

  @Test func stratifiedSamplesCoverEveryStratumOnce() {
    var generator = SeededGenerator(seed: 5)
    let count = 16
    let states = InitialDistribution.stratifiedSample(
      PendulumModel.initial, count: count, using: &generator)
    let angleStrata = (0..<count).map { Int((states[2 * $0] + 1.6) / 3.2 * Double(count)) }
    #expect(angleStrata.sorted() == Array(0..<count))
    // For the normal, Phi(v / sd) falls in each stratum exactly once.
    let velocityStrata = (0..<count).map {
      Int(0.5 * erfc(-states[2 * $0 + 1] / 0.5 / 2.0.squareRoot()) * Double(count))
    }
    #expect(velocityStrata.sorted() == Array(0..<count))
    var again = SeededGenerator(seed: 5)
    #expect(
      InitialDistribution.stratifiedSample(PendulumModel.initial, count: count, using: &again)
        == states)
  }

  @Test func normalQuantileInvertsTheCDF() {
    for u in [1e-12, 1e-5, 0.01, 0.3, 0.5, 0.77, 0.99, 1 - 1e-9] {
      let x = standardNormalQuantile(u)
      let back = 0.5 * erfc(-x / 2.0.squareRoot())
      #expect(abs(back - u) / min(u, 1 - u) < 1e-9)
    }
  }

  @Test func initialCovarianceSharesTheSpreadAmongChains() {
    let p1 = PriorMixture.initialCovariance(
      initial: PendulumModel.initial + [.fixed(2)], noiseStandardDeviations: [0.01, 0.1, 0],
      chains: 16)
    let uniformSpread = 3.2 / 12.0.squareRoot() / 16
    #expect(abs(p1[0] - (uniformSpread * uniformSpread + 1e-4)) < 1e-15)
    #expect(abs(p1[4] - (0.5 / 16 * 0.5 / 16 + 0.01)) < 1e-15)
    #expect(p1[8] == 1e-12)
    #expect(p1[1] == 0)
  }
}
