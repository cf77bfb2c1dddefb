import PriorLanguage
import Testing

/// Priors that check clean but overflow or leave a function's domain when rolled out.
@Suite struct SimulationDivergenceTests {
  private func rollout(_ source: String, steps: Int = 4) throws -> Simulation {
    let prior = try Prior(source: source, name: "nasty.prior")
    return CompiledPrior(prior.model).simulate(steps: steps, samples: 2, seed: 1, noise: false)
  }

  @Test func anOverflowingEquationIsFoundAtItsFirstStep() throws {
    let simulation = try rollout("x' = exp(x*x)\ninit x ~ uniform(1, 2)\ndt = 0.5\n")
    let divergence = try #require(simulation.divergence)
    #expect(divergence.sample == 0 && divergence.step == 1 && divergence.name == "x")
    #expect(divergence.value == .infinity)
    #expect(
      divergence.description
        == "the simulation is not finite: x = inf at t = 0.5 (step 1 of sample 0); "
        + "check the equations, the parameters and dt")
  }

  @Test func logOfANegativeStateIsNaN() throws {
    let simulation = try rollout("x' = log(x)\ninit x ~ uniform(-2, -1)\n")
    let divergence = try #require(simulation.divergence)
    #expect(divergence.step == 1 && divergence.value.isNaN)
  }

  @Test func aNonFiniteObservationIsNamedLikeItsCSVColumn() throws {
    let simulation = try rollout(
      "x' = -x\ninit x ~ uniform(-2, -1)\nobserve b = sqrt(x)\n", steps: 0)
    let divergence = try #require(simulation.divergence)
    #expect(divergence.step == 0 && divergence.name == "b")
  }

  @Test func aFiniteRolloutHasNoDivergence() throws {
    #expect(try rollout("x'' = -x\ninit x ~ uniform(-1, 1)\n", steps: 50).divergence == nil)
  }
}
