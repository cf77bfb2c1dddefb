import Testing
import VidlatSupport

@testable import PriorLanguage

private let stateNames = ["x", "y"]
private let parameterNames = ["k"]

private func parse(_ text: String) -> Expression {
  TestExpressionParser.parse(text, states: stateNames, parameters: parameterNames)
}

/// Inner arguments with nonzero derivatives in x, y and k and values in (-0.9, 0.9) for
/// x, y in [-1, 1] and k in [0.5, 1.2].
private let a0 = "(0.4*x + 0.3*k*y)"
private let a1 = "(0.5*y - 0.2*x*k + 0.1)"
private let a2 = "(0.3*x*y + 0.2*k)"

@Suite struct DerivativeTests {
  static let cases: [String] = [
    "sin(\(a0))", "cos(\(a0))", "tan(\(a0))", "asin(\(a0))", "acos(\(a0))", "atan(3*\(a0))",
    "atan2(\(a0), \(a1))", "atan2(\(a1) - 0.5, -\(a0))", "sinh(2*\(a0))", "cosh(2*\(a0))",
    "tanh(2*\(a0))", "exp(\(a0))", "log(1 + \(a0))", "sqrt(1 + \(a0))", "abs(\(a0))",
    "sign(\(a0))*\(a1)", "min(\(a0), \(a1))", "max(\(a0), \(a1))",
    "clamp(3*\(a0), \(a1) - 0.5, \(a2) + 0.5)", "wrap(5*\(a0))", "(1.5 + \(a0))^\(a1)",
    "(1.5 + \(a0))^3", "2^\(a1)", "\(a0)/(2 + \(a1))", "-\(a0)*\(a1) - \(a2)",
    "\(a0)^2*k^-1", "pow(1.5 + \(a1), 0.5)",
  ]

  @Test(arguments: cases) func derivativeMatchesCentralDifferences(source: String) {
    let e = parse(source)
    let variables: [DifferentiationVariable] = [.state(0), .state(1), .parameter(0)]
    let derivatives = variables.map { e.derivative(withRespectTo: $0) }
    var generator = SeededGenerator(seed: 3)
    var compared = 0
    for _ in 0..<12 {
      let z = [generator.nextUniform(-1, 1), generator.nextUniform(-1, 1)]
      let theta = [generator.nextUniform(0.5, 1.2)]
      for (variable, derivative) in zip(variables, derivatives) {
        func value(_ delta: Double) -> Double {
          var (zz, tt) = (z, theta)
          switch variable {
          case .state(let i): zz[i] += delta
          case .parameter(let j): tt[j] += delta
          }
          return e.evaluate(states: zz, parameters: tt)
        }
        let h = 1e-5
        let central = (value(h) - value(-h)) / (2 * h)
        // Skip points within reach of a kink: one-sided differences disagree there.
        let forward = (value(h) - value(0)) / h
        let backward = (value(0) - value(-h)) / h
        guard Swift.abs(forward - backward) < 1e-3 * (1 + Swift.abs(central)) else { continue }
        let symbolic = derivative.evaluate(states: z, parameters: theta)
        #expect(
          Swift.abs(symbolic - central) <= 1e-6 * (1 + Swift.abs(central)),
          "d/d\(variable) \(source) at \(z), \(theta): \(symbolic) vs \(central)")
        compared += 1
      }
    }
    #expect(compared >= 24)
  }

  @Test func pendulumDerivativesPrintReadably() {
    let symbolic = SymbolicPrior(ExampleModels.pendulum)
    let model = symbolic.model
    #expect(symbolic.dynamics.map(model.text(of:)) == ["x'", "-k*sin(x) - c*x'"])
    #expect(
      symbolic.stateJacobian.map { $0.map(model.text(of:)) } == [["0", "1"], ["-k*cos(x)", "-c"]])
    #expect(
      symbolic.parameterJacobian.map { $0.map(model.text(of:)) } == [
        ["0", "0"], ["-sin(x)", "-x'"],
      ])
    #expect(symbolic.observationJacobian.map { $0.map(model.text(of:)) } == [["1", "0"]])
  }

  @Test func kinksUseTheMeanOfTheOneSidedDerivatives() {
    let x = Expression.state(0)
    let at0 = [0.0, 0.0]
    func derivative(_ e: Expression) -> Double {
      e.derivative(withRespectTo: .state(0)).evaluate(states: at0, parameters: [])
    }
    #expect(derivative(.call(.abs, [x])) == 0)
    #expect(derivative(.call(.min, [x, .state(1)])) == 0.5)
    #expect(derivative(.call(.max, [x, .state(1)])) == 0.5)
    #expect(derivative(.call(.sign, [x])) == 0)
    #expect(derivative(.call(.wrap, [.add(x, .constant(Double.pi))])) == 1)
  }
}
