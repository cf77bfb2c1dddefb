import Foundation
import PriorLanguage
import Testing

@Suite struct LoweringTests {
  /// Evaluates every dynamics entry at `z` with the model's params.
  private func dynamics(_ model: PriorModel, at z: [Double]) -> [Double] {
    let theta = model.parameters.map(\.value)
    return model.dynamics.map { $0.evaluate(states: z, parameters: theta) }
  }

  @Test func pendulum() throws {
    let prior = try shippedPrior("pendulum")
    let model = prior.model
    #expect(prior.warnings.isEmpty)
    #expect(model.name == "pendulum")
    #expect(model.states.map(\.name) == ["x", "x'"])
    #expect(model.variables == [ConfigurationVariable(name: "x", order: 2, firstStateIndex: 0)])
    #expect(model.parameters.map(\.name) == ["k", "c"])
    #expect(model.parameters.map(\.value) == [9.81, 0])
    #expect(model.parameters.map(\.isLearnable) == [true, true])
    #expect(model.parameters[0].range == 0.1...100)
    #expect(model.noiseStandardDeviations == [0.01, 0.1])
    #expect(
      model.initial == [
        .uniform(lower: -1.6, upper: 1.6), .normal(mean: 0, standardDeviation: 0.5),
      ])
    #expect(model.dt == 0.05)
    #expect(model.integrator == .rk4)
    #expect(model.observations == [Observation(name: "x", expression: .state(0))])
    // G(z) = (x', -k sin x - c x') at x = 0.7, x' = -1.3, with c set to 0.2 for the test.
    let g = dynamics(try prior.applying([Override(parsing: "c=0.2")]).model, at: [0.7, -1.3])
    #expect(g[0] == -1.3)
    #expect(abs(g[1] - (-9.81 * sin(0.7) - 0.2 * -1.3)) < 1e-12)
  }

  @Test func spring() throws {
    let prior = try shippedPrior("spring")
    let model = prior.model
    #expect(prior.warnings.isEmpty)
    #expect(model.states.map(\.name) == ["x", "x'"])
    #expect(model.parameters.map(\.value) == [16, 0.3])
    #expect(model.noiseStandardDeviations == [0.005, 0.05])
    #expect(
      model.initial == [.uniform(lower: -0.8, upper: 0.8), .normal(mean: 0, standardDeviation: 1)])
    let g = dynamics(model, at: [0.4, 0.9])
    #expect(g[0] == 0.9)
    #expect(abs(g[1] - (-16 * 0.4 - 0.3 * 0.9)) < 1e-12)
  }

  @Test func falling() throws {
    let prior = try shippedPrior("falling")
    let model = prior.model
    #expect(prior.warnings.isEmpty)
    #expect(model.states.map(\.name) == ["y", "y'"])
    #expect(model.parameters.map(\.name) == ["g", "c"])
    #expect(model.parameters.map(\.value) == [9.81, 0])
    #expect(model.noiseStandardDeviations == [0.01, 0.1])
    #expect(model.initial == [.uniform(lower: -2, upper: 2), .uniform(lower: 7, upper: 10)])
    #expect(model.observations == [Observation(name: "y", expression: .state(0))])
    let dragged = try prior.applying([Override(parsing: "c=0.5")]).model
    let g = dynamics(dragged, at: [1.5, 8])
    #expect(g[0] == 8)
    #expect(abs(g[1] - (-9.81 - 0.5 * 8)) < 1e-12)
  }

  @Test func pulsar() throws {
    let prior = try shippedPrior("pulsar")
    let model = prior.model
    #expect(prior.warnings.isEmpty)
    #expect(model.states.map(\.name) == ["u", "v"])
    #expect(model.variables.map(\.order) == [1, 1])
    #expect(model.parameters.map(\.name) == ["w", "s1", "a2", "s2"])
    #expect(abs(model.parameters[0].value - 2 * Double.pi / 1.2) < 1e-12)
    #expect(model.parameters[1...].map(\.value) == [0.25, 0.45, 0.2])
    #expect(model.noiseStandardDeviations == [0.01, 0.01])
    #expect(model.initial == [.uniform(lower: -1, upper: 1), .uniform(lower: -1, upper: 1)])
    let w = 2 * Double.pi / 1.2
    let g = dynamics(model, at: [0.6, -0.8])
    #expect(abs(g[0] - (-w * -0.8)) < 1e-12)
    #expect(abs(g[1] - w * 0.6) < 1e-12)
    #expect(model.observations.map(\.name) == ["brightness"])
    // The double-Gaussian pulse profile, by hand, at phases around the circle (wrap puts
    // phase - pi back into (-pi, pi]).
    func wrap(_ a: Double) -> Double { atan2(sin(a), cos(a)) }
    for phase in stride(from: -3.1, through: 3.1, by: 0.37) {
      let z = [cos(phase), sin(phase)]
      let expected =
        exp(-pow(wrap(phase), 2) / (2 * 0.25 * 0.25))
        + 0.45 * exp(-pow(wrap(phase - .pi), 2) / (2 * 0.2 * 0.2))
      let value = model.observations[0].expression.evaluate(
        states: z, parameters: model.parameters.map(\.value))
      #expect(abs(value - expected) < 1e-12)
    }
  }

  @Test func coupledFirstAndSecondOrderVariables() throws {
    let model = try Prior(
      source: """
        param a = 2
        param b = a*3 + 1
        let r = x - y
        def spring(d, s) = -s*d
        x'' = spring(r, a)
        y' = b*x'
        noise x ~ 0
        noise x' ~ 0.1
        noise y ~ 0.2
        init x ~ 1
        init x' ~ 0
        init y ~ normal(1, 2)
        dt = 0.1
        integrator symplectic
        """
    ).model
    #expect(model.states.map(\.name) == ["x", "x'", "y"])
    #expect(model.parameters.map(\.value) == [2, 7])
    #expect(model.dynamics[0] == .state(1))
    #expect(
      model.dynamics[1] == .multiply(.negate(.parameter(0)), .subtract(.state(0), .state(2))))
    #expect(model.dynamics[2] == .multiply(.parameter(1), .state(1)))
    #expect(model.integrator == .symplectic)
    #expect(model.initial[0] == .fixed(1))
    #expect(model.observations.map(\.name) == ["x", "y"])
  }

  @Test func powerPrecedenceAndConstants() throws {
    let prior = try Prior(source: completeSpring)
    #expect(try prior.expression("-x^2") == .negate(.power(.state(0), .constant(2))))
    #expect(
      try prior.expression("2^3^2").evaluate(states: [], parameters: []) == 512)
    #expect(try prior.expression("2^-1").evaluate(states: [], parameters: []) == 0.5)
    #expect(try prior.expression("pow(x, 3)") == .power(.state(0), .constant(3)))
    #expect(try prior.expression("pi") == .constant(.pi))
    #expect(try prior.expression("e") == .constant(M_E))
    #expect(try prior.expression("1 - 2 - 3").evaluate(states: [], parameters: []) == -4)
    #expect(try prior.expression("12 / 2 / 3").evaluate(states: [], parameters: []) == 2)
    #expect(
      try prior.expression(".5 + 1e-3 + 2.5E+1")
        == .add(.add(.constant(0.5), .constant(0.001)), .constant(25)))
    #expect(
      try prior.expression("clamp(x', -1, 1)")
        == .call(.clamp, [.state(1), .constant(-1), .constant(1)]))
  }

  @Test func observeNamesAndLets() throws {
    let model = try Prior(
      source: completeSpring + """

        let energy = x'^2/2 + k*x^2/2
        observe x
        observe energy
        observe speed = abs(x')
        """
    ).model
    #expect(model.observations.map(\.name) == ["x", "energy", "speed"])
    #expect(model.observations[2].expression == .call(.abs, [.state(1)]))
  }

  @Test func defaultsAreWarnedAbout() {
    expectDiagnostics(
      """
      prior bare
      x' = -x
      """,
      [
        "1:7: warning: no time step declared; assuming dt = 0.05",
        "2:1: warning: no noise declared for 'x'; assuming noise x ~ 0 (no process noise)",
        "2:1: warning: no init declared for 'x'; assuming init x ~ normal(0, 1)",
      ], including: [.error, .warning])
    let model = try? Prior(source: "x' = -x").model
    #expect(model?.noiseStandardDeviations == [0])
    #expect(model?.initial == [.normal(mean: 0, standardDeviation: 1)])
    #expect(model?.dt == 0.05)
    #expect(model?.integrator == .rk4)
    #expect(model?.name == "input")
  }

  @Test func symbolsAndNames() throws {
    let prior = try shippedPrior("pulsar")
    #expect(try prior.model.differentiationVariable(named: "v") == .state(1))
    #expect(try prior.model.differentiationVariable(named: " s2 ") == .parameter(3))
    #expect(throws: PriorError.self) { try prior.model.differentiationVariable(named: "phase") }
    do {
      _ = try prior.model.differentiationVariable(named: "s3")
    } catch {
      #expect(
        error.description
          == "<wrt>:1:1: error: 's3' is not a state component or a param; did you mean 's1'?\n"
          + "s3\n^~\n")
    }
    do {
      _ = try prior.model.differentiationVariable(named: "phase")
    } catch {
      #expect(
        error.errors.first?.message
          == "'phase' is not a state component or a param (u, v, w, s1, a2, s2)")
    }
    let names = prior.names
    #expect(names.parameters == ["w", "s1", "a2", "s2"])
    #expect(names.stateComponents == ["u", "v"])
    #expect(names.lets == ["phase"])
    #expect(names.defs == ["pulse"])
    #expect(names.completions(of: "ph") == ["phase"])
    #expect(names.completions(of: "at") == ["atan", "atan2"])
    #expect(names.all.contains("integrator"))
  }
}

/// The front end and the compiler agree: every shipped prior, lowered and compiled, steps
/// like a classical RK4 of its lowered dynamics evaluated by walking the expression trees.
@Suite struct ShippedPriorsCompileTests {
  @Test(arguments: ["pendulum", "spring", "falling", "pulsar"])
  func compiledStepMatchesTreeWalkingRK4(_ name: String) throws {
    let model = try shippedPrior(name).model
    let theta = model.parameters.map(\.value)
    func g(_ z: [Double]) -> [Double] {
      model.dynamics.map { $0.evaluate(states: z, parameters: theta) }
    }
    let states: [[Double]] = [[0.3, -0.7], [-1.1, 2.5], [0.9, 0.1]]
    let compiled = CompiledPrior(model).step(
      states: states.flatMap { $0 }, count: states.count, parameters: theta, jacobians: false)
    let h = model.dt
    for (n, z) in states.enumerated() {
      let k1 = g(z)
      let k2 = g(zip(z, k1).map { $0 + h / 2 * $1 })
      let k3 = g(zip(z, k2).map { $0 + h / 2 * $1 })
      let k4 = g(zip(z, k3).map { $0 + h * $1 })
      for i in z.indices {
        let expected = z[i] + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i])
        #expect(abs(compiled.next[n * z.count + i] - expected) < 1e-12)
      }
    }
  }
}
