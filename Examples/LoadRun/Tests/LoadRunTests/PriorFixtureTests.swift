import PriorLanguage
import Testing

/// A prior as a fixture in a user's own tests (Examples/README.md, "A prior in your own tests").
@Test func undampedSpringKeepsItsEnergy() throws {
  let prior = try Prior(
    source: """
      prior spring
      param k = 16
      x'' = -k*x
      noise x ~ 0
      noise x' ~ 0
      init x ~ 0.5
      init x' ~ 0
      dt = 0.01
      """, name: "spring.prior")
  let rollout = CompiledPrior(prior.model).simulate(steps: 500, samples: 1, seed: 0, noise: false)
  func energy(_ step: Int) -> Double {
    let z = Array(rollout.state(sample: 0, step: step))
    return z[1] * z[1] / 2 + 16 * z[0] * z[0] / 2
  }
  #expect(abs(energy(500) - energy(0)) < 1e-6 * energy(0))
}
