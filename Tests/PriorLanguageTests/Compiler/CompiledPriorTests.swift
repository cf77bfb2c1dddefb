import Testing
import VidlatSupport

@testable import PriorLanguage

/// States from p0 of `model`, seeded.
private func sampleStates(_ prior: CompiledPrior, count: Int, seed: UInt64) -> [Double] {
  var generator = SeededGenerator(seed: seed)
  return prior.sampleInitialStates(count: count, using: &generator)
}

private let integrators: [Integrator] = [.rk4, .euler, .symplectic]

@Suite struct CompiledPriorTests {
  static let models = ExampleModels.all.flatMap { model in
    integrators.map { ExampleModels.withIntegrator(model, $0) }
  }

  @Test(arguments: models.indices)
  func stepJacobiansMatchCentralDifferences(index: Int) {
    let model = Self.models[index]
    let prior = CompiledPrior(model)
    let (d, p) = (prior.stateDimension, prior.parameterCount)
    let count = 6
    let z = sampleStates(prior, count: count, seed: 5)
    // Parameters away from zero so that every parameter's influence is exercised.
    let theta = prior.defaultParameters.map { $0 == 0 ? 0.3 : $0 }
    let exact = prior.step(states: z, count: count, parameters: theta, jacobians: true)
    #expect(exact.next.count == count * d)
    #expect(exact.stateJacobian.count == count * d * d)
    #expect(exact.parameterJacobian.count == count * d * p)
    let h = 1e-6
    for j in 0..<d {
      var plus = z
      var minus = z
      for n in 0..<count {
        plus[n * d + j] += h
        minus[n * d + j] -= h
      }
      let fPlus = prior.step(states: plus, count: count, parameters: theta, jacobians: false).next
      let fMinus = prior.step(states: minus, count: count, parameters: theta, jacobians: false).next
      for n in 0..<count {
        for i in 0..<d {
          let central = (fPlus[n * d + i] - fMinus[n * d + i]) / (2 * h)
          let symbolic = exact.stateJacobian[(n * d + i) * d + j]
          #expect(
            Swift.abs(symbolic - central) <= 1e-6 * (1 + Swift.abs(central)),
            "\(model.name) \(model.integrator) dF\(i)/dz\(j) sample \(n): \(symbolic) vs \(central)"
          )
        }
      }
    }
    for j in 0..<p {
      var plus = theta
      var minus = theta
      plus[j] += h
      minus[j] -= h
      let fPlus = prior.step(states: z, count: count, parameters: plus, jacobians: false).next
      let fMinus = prior.step(states: z, count: count, parameters: minus, jacobians: false).next
      for n in 0..<count {
        for i in 0..<d {
          let central = (fPlus[n * d + i] - fMinus[n * d + i]) / (2 * h)
          let symbolic = exact.parameterJacobian[(n * d + i) * p + j]
          #expect(
            Swift.abs(symbolic - central) <= 1e-6 * (1 + Swift.abs(central)),
            "\(model.name) \(model.integrator) dF\(i)/dtheta\(j) sample \(n): \(symbolic) vs \(central)"
          )
        }
      }
    }
  }

  @Test(arguments: ExampleModels.all.indices)
  func observationJacobianMatchesCentralDifferences(index: Int) {
    let prior = CompiledPrior(ExampleModels.all[index])
    let (d, o) = (prior.stateDimension, prior.observationDimension)
    let count = 8
    let z = sampleStates(prior, count: count, seed: 9)
    let theta = prior.defaultParameters
    let exact = prior.observe(states: z, count: count, parameters: theta, jacobians: true)
    let h = 1e-6
    var compared = 0
    for n in 0..<count {
      for j in 0..<d {
        func value(_ delta: Double) -> [Double] {
          var s = Array(z[n * d..<(n + 1) * d])
          s[j] += delta
          return prior.observe(states: s, count: 1, parameters: theta, jacobians: false)
            .observations
        }
        let (plus, zero, minus) = (value(h), value(0), value(-h))
        for k in 0..<o {
          let central = (plus[k] - minus[k]) / (2 * h)
          // Skip points next to a kink (wrap's jump), where one-sided differences disagree.
          guard Swift.abs((plus[k] - zero[k]) - (zero[k] - minus[k])) / h < 1e-3 else { continue }
          let symbolic = exact.jacobian[(n * o + k) * d + j]
          #expect(Swift.abs(symbolic - central) <= 1e-6 * (1 + Swift.abs(central)))
          compared += 1
        }
      }
    }
    #expect(compared >= count * d * o - 2)
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
    let h = prior.observe(states: z, count: count, parameters: theta, jacobian: true)
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
      }
    }
  }

  @Test(arguments: models.indices)
  func floatAgreesWithDouble(index: Int) {
    let prior = CompiledPrior(Self.models[index])
    let count = 40
    let z = sampleStates(prior, count: count, seed: 17)
    let theta = prior.defaultParameters
    let double = prior.step(
      states: z, count: count, parameters: theta, jacobians: .stateAndParameters)
    let float = prior.step(
      states: z.map { Float($0) }, count: count, parameters: theta, jacobians: .stateAndParameters)
    for (a, b) in [
      (double.next, float.next), (double.stateJacobian, float.stateJacobian),
      (double.parameterJacobian, float.parameterJacobian),
    ] {
      #expect(a.count == b.count)
      for (x, y) in zip(a, b) {
        #expect(Swift.abs(x - Double(y)) <= 1e-5 * (1 + Swift.abs(x)))
      }
    }
  }

  /// An RK4 of the pendulum written out by hand agrees with the compiled prior's rollouts.
  @Test func pendulumRolloutMatchesHandWrittenRK4() {
    let prior = CompiledPrior(ExampleModels.pendulum)
    let (k, c, dt) = (9.81, 0.2, 0.05)
    let simulation = prior.simulate(
      steps: 200, samples: 3, seed: 1, noise: false, parameters: [k, c],
      initialStates: [1.2, 0, -0.5, 1.5, 3.0, -2.0])
    func g(_ x: Double, _ v: Double) -> (Double, Double) { (v, -k * Double.sin(x) - c * v) }
    for sample in 0..<3 {
      let initial = Array(simulation.state(sample: sample, step: 0))
      var (x, v) = (initial[0], initial[1])
      for step in 1...200 {
        let k1 = g(x, v)
        let k2 = g(x + dt / 2 * k1.0, v + dt / 2 * k1.1)
        let k3 = g(x + dt / 2 * k2.0, v + dt / 2 * k2.1)
        let k4 = g(x + dt * k3.0, v + dt * k3.1)
        x += dt / 6 * (k1.0 + 2 * k2.0 + 2 * k3.0 + k4.0)
        v += dt / 6 * (k1.1 + 2 * k2.1 + 2 * k3.1 + k4.1)
        let compiled = Array(simulation.state(sample: sample, step: step))
        #expect(Swift.abs(compiled[0] - x) <= 1e-6 && Swift.abs(compiled[1] - v) <= 1e-6)
        #expect(simulation.observation(sample: sample, step: step).first == compiled[0])
      }
    }
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
