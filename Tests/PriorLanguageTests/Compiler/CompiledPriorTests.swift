import Testing
import VidlatSupport

@testable import PriorLanguage

private let integrators: [Integrator] = [.rk4, .euler, .symplectic]

@Suite struct CompiledPriorTests {
  static let models = (ExampleModels.all + [ExampleModels.coupled]).flatMap { model in
    integrators.map { ExampleModels.withIntegrator(model, $0) }
  }

  @Test(arguments: models.indices)
  func stepJacobiansAndTheirDerivativesMatchCentralDifferences(index: Int) {
    checkStepJacobians(Self.models[index])
    checkStepJacobianDerivatives(Self.models[index])
  }

  @Test(arguments: (ExampleModels.all + [ExampleModels.coupled]).indices)
  func observationJacobianMatchesCentralDifferences(index: Int) {
    checkObservationJacobian((ExampleModels.all + [ExampleModels.coupled])[index])
  }

  @Test(arguments: ExampleModels.all.indices)
  func batchedValuesEqualTreeWalkingEvaluation(index: Int) {
    let model = ExampleModels.all[index]
    let prior = CompiledPrior(model)
    let symbolic = prior.symbolic
    let (d, o) = (prior.stateDimension, prior.observationDimension)
    let count = 300  // more than one chunk
    let z = sampleStates(prior, count: count, seed: 13)
    let theta = prior.defaultParameters.map { $0 + 0.1 }
    let g = prior.dynamics(states: z, count: count, parameters: theta)
    let h = prior.observe(states: z, count: count, parameters: theta, jacobians: true)
    for n in 0..<count {
      let state = Array(z[n * d..<(n + 1) * d])
      func close(_ a: Double, _ b: Double) -> Bool {
        Swift.abs(a - b) <= 1e-12 * (1 + Swift.abs(b))
      }
      for i in 0..<d {
        #expect(close(g[n * d + i], model.dynamics[i].evaluate(states: state, parameters: theta)))
      }
      for k in 0..<o {
        #expect(
          close(
            h.observations[n * o + k],
            model.observations[k].expression.evaluate(states: state, parameters: theta)))
        for j in 0..<d {
          #expect(
            close(
              h.jacobian[(n * o + k) * d + j],
              symbolic.observationJacobian[k][j].evaluate(states: state, parameters: theta)))
        }
        for j in 0..<prior.parameterCount {
          #expect(
            close(
              h.parameterJacobian[(n * o + k) * prior.parameterCount + j],
              symbolic.observationParameterJacobian[k][j].evaluate(
                states: state, parameters: theta)))
        }
      }
    }
  }

  @Test(arguments: models.indices)
  func floatAgreesWithDouble(index: Int) {
    checkFloatAgreesWithDouble(Self.models[index])
  }

  /// An RK4 of the pendulum written out by hand agrees with the compiled prior's rollouts.
  @Test func pendulumRolloutMatchesHandWrittenRK4() {
    checkPendulumRollout(ExampleModels.pendulum)
  }

  @Test func eulerAndSymplecticStepsFollowTheirDefinitions() {
    let (k, c, dt) = (16.0, 0.3, 0.05)
    let (x, v) = (0.4, -1.2)
    let acceleration = -k * x - c * v
    let euler = CompiledPrior(ExampleModels.withIntegrator(ExampleModels.spring, .euler))
      .step(states: [x, v], count: 1, parameters: [k, c], jacobians: false).next
    #expect(Swift.abs(euler[0] - (x + dt * v)) < 1e-15)
    #expect(Swift.abs(euler[1] - (v + dt * acceleration)) < 1e-15)
    let symplectic = CompiledPrior(ExampleModels.withIntegrator(ExampleModels.spring, .symplectic))
      .step(states: [x, v], count: 1, parameters: [k, c], jacobians: false).next
    let newVelocity = v + dt * acceleration
    #expect(Swift.abs(symplectic[1] - newVelocity) < 1e-15)
    #expect(Swift.abs(symplectic[0] - (x + dt * newVelocity)) < 1e-15)
  }

  @Test func commonSubexpressionsAreComputedOnce() {
    let x = Expression.state(0)
    let k = Expression.parameter(0)
    var graph = ExpressionGraph()
    let z = [graph.input(0)]
    let theta = [graph.parameter(0)]
    let outputs = [
      Expression.multiply(.call(.sin, [x]), k),
      .add(.call(.cos, [x]), .call(.sin, [x])),
      .multiply(k, .call(.sin, [x])),
    ].map { graph.lower($0, states: z, parameters: theta) }
    let program = RegisterProgram(graph: graph, outputs: [outputs])
    // sin(x), sin(x)*k (shared by the first and last), cos(x), cos(x) + sin(x).
    #expect(program.instructions.count == 4)

    // The pendulum's RK4 step with both Jacobians needs sin and cos once per stage.
    let pendulum = CompiledPrior(ExampleModels.pendulum)
    var graph2 = ExpressionGraph()
    let step = graph2.discreteStep(pendulum.symbolic, stateJacobian: true, parameterJacobian: true)
    let full = RegisterProgram(
      graph: graph2,
      outputs: [
        step.next, Array(step.stateJacobian.joined()), Array(step.parameterJacobian.joined()),
      ])
    let transcendental = full.instructions.filter { $0.operation == .sin || $0.operation == .cos }
    #expect(transcendental.count == 8)
    #expect(full.registerCount < full.instructions.count / 2)
  }

  @Test func initialStatesFollowTheirDistributions() {
    var model = ExampleModels.pendulum
    model.initial = [.uniform(lower: -1.6, upper: 1.6), .fixed(0.25)]
    let prior = CompiledPrior(model)
    var generator = SeededGenerator(seed: 21)
    let z = prior.sampleInitialStates(count: 2000, using: &generator)
    let x = stride(from: 0, to: z.count, by: 2).map { z[$0] }
    #expect(x.allSatisfy { $0 >= -1.6 && $0 < 1.6 })
    #expect(stride(from: 1, to: z.count, by: 2).allSatisfy { z[$0] == 0.25 })
    let normal = CompiledPrior(ExampleModels.pendulum)
    let draws = normal.sampleInitialStates(count: 2000, using: &generator)
    let v = stride(from: 1, to: draws.count, by: 2).map { draws[$0] }
    let mean = v.reduce(0, +) / Double(v.count)
    let std = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)).squareRoot()
    #expect(Swift.abs(mean) < 0.05 && Swift.abs(std - 0.5) < 0.05)
  }

  @Test func simulationIsReproducibleAndPrintsCSV() {
    let prior = CompiledPrior(ExampleModels.pendulum)
    let a = prior.simulate(steps: 5, samples: 2, seed: 4)
    let b = prior.simulate(steps: 5, samples: 2, seed: 4)
    let c = prior.simulate(steps: 5, samples: 2, seed: 5)
    #expect(a.states == b.states)
    #expect(a.states != c.states)
    let lines = a.csv().split(separator: "\n")
    #expect(lines.count == 1 + 2 * 6)
    #expect(lines[0] == "t,sample,x,x',h(x)")
    #expect(lines[4].hasPrefix("0.15,0,"))
    let quiet = prior.simulate(steps: 5, samples: 2, seed: 4, noise: false)
    #expect(quiet.state(sample: 0, step: 0) == a.state(sample: 0, step: 0))
    #expect(quiet.state(sample: 0, step: 5) != a.state(sample: 0, step: 5))
  }
}
