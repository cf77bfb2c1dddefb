import PriorLanguage
import Testing

/// The four built-in physics models, built by hand as the brief's naming table defines them,
/// so the symbolic and compiled side can be tested without the front end.
enum ExampleModels {
  static let all: [PriorModel] = [pendulum, spring, falling, pulsar]

  static func secondOrder(
    name: String, variable: String, parameters: [PhysicalParameter], acceleration: String,
    noise: [Double], initial: [InitialDistribution], integrator: Integrator = .rk4
  ) -> PriorModel {
    let states = [variable, variable + "'"]
    let parameterNames = parameters.map(\.name)
    return PriorModel(
      name: name, parameters: parameters,
      variables: [ConfigurationVariable(name: variable, order: 2, firstStateIndex: 0)],
      states: [
        StateComponent(name: states[0], variable: 0, derivativeOrder: 0),
        StateComponent(name: states[1], variable: 0, derivativeOrder: 1),
      ],
      dynamics: [
        .state(1),
        TestExpressionParser.parse(acceleration, states: states, parameters: parameterNames),
      ],
      observations: [Observation(name: variable, expression: .state(0))],
      noiseStandardDeviations: noise, initial: initial, dt: 0.05, integrator: integrator)
  }

  static let pendulum = secondOrder(
    name: "pendulum", variable: "x",
    parameters: [
      PhysicalParameter(name: "k", value: 9.81, unit: "1/s^2"),
      PhysicalParameter(name: "c", value: 0, isLearnable: true, unit: "1/s"),
    ],
    acceleration: "-k*sin(x) - c*x'", noise: [0.01, 0.1],
    initial: [.uniform(lower: -1.6, upper: 1.6), .normal(mean: 0, standardDeviation: 0.5)])

  static let spring = secondOrder(
    name: "spring", variable: "x",
    parameters: [
      PhysicalParameter(name: "k", value: 16, unit: "1/s^2"),
      PhysicalParameter(name: "c", value: 0.3, isLearnable: true, unit: "1/s"),
    ],
    acceleration: "-k*x - c*x'", noise: [0.005, 0.05],
    initial: [.uniform(lower: -0.8, upper: 0.8), .normal(mean: 0, standardDeviation: 1)])

  static let falling = secondOrder(
    name: "falling", variable: "y",
    parameters: [
      PhysicalParameter(name: "g", value: 9.81, unit: "m/s^2"),
      PhysicalParameter(name: "c", value: 0, isLearnable: true, unit: "1/s"),
    ],
    acceleration: "-g - c*y'", noise: [0.01, 0.1],
    initial: [.uniform(lower: -2, upper: 2), .uniform(lower: 7, upper: 10)])

  static let pulsar: PriorModel = {
    let states = ["u", "v"]
    let parameters = [
      PhysicalParameter(name: "w", value: 2 * Double.pi / 1.2, isLearnable: true, unit: "rad/s"),
      PhysicalParameter(name: "s1", value: 0.25, unit: "rad"),
      PhysicalParameter(name: "a2", value: 0.45, unit: "1"),
      PhysicalParameter(name: "s2", value: 0.2, unit: "rad"),
    ]
    func parse(_ text: String) -> Expression {
      TestExpressionParser.parse(text, states: states, parameters: parameters.map(\.name))
    }
    return PriorModel(
      name: "pulsar", parameters: parameters,
      variables: [
        ConfigurationVariable(name: "u", order: 1, firstStateIndex: 0),
        ConfigurationVariable(name: "v", order: 1, firstStateIndex: 1),
      ],
      states: [
        StateComponent(name: "u", variable: 0, derivativeOrder: 0),
        StateComponent(name: "v", variable: 1, derivativeOrder: 0),
      ],
      dynamics: [parse("-w*v"), parse("w*u")],
      observations: [
        Observation(
          name: "b",
          expression: parse(
            "exp(-wrap(atan2(v, u))^2/(2*s1^2)) + a2*exp(-wrap(atan2(v, u) - pi)^2/(2*s2^2))"))
      ],
      noiseStandardDeviations: [0.01, 0.01],
      initial: [.uniform(lower: -1, upper: 1), .uniform(lower: -1, upper: 1)], dt: 0.05,
      integrator: .rk4)
  }()

  /// A coupled order-2 and order-1 system with a nonlinear observation, to exercise
  /// integrators and Jacobians beyond two states: `x'' = -a*x + y^2`, `y' = -y*x' + sin(x)`.
  static let coupled: PriorModel = {
    let states = ["x", "x'", "y"]
    let parameters = [PhysicalParameter(name: "a", value: 2, isLearnable: true)]
    func parse(_ text: String) -> Expression {
      TestExpressionParser.parse(text, states: states, parameters: parameters.map(\.name))
    }
    return PriorModel(
      name: "coupled", parameters: parameters,
      variables: [
        ConfigurationVariable(name: "x", order: 2, firstStateIndex: 0),
        ConfigurationVariable(name: "y", order: 1, firstStateIndex: 2),
      ],
      states: [
        StateComponent(name: "x", variable: 0, derivativeOrder: 0),
        StateComponent(name: "x'", variable: 0, derivativeOrder: 1),
        StateComponent(name: "y", variable: 1, derivativeOrder: 0),
      ],
      dynamics: [parse("x'"), parse("-a*x + y^2"), parse("-y*x' + sin(x)")],
      observations: [
        Observation(name: "x", expression: .state(0)),
        Observation(name: "r", expression: parse("sqrt(1 + x^2 + y^2)*a")),
      ],
      noiseStandardDeviations: [0.01, 0.1, 0.01],
      initial: [
        .uniform(lower: -1, upper: 1), .normal(mean: 0, standardDeviation: 1), .fixed(0.5),
      ],
      dt: 0.1, integrator: .rk4)
  }()

  /// `model` with another integrator.
  static func withIntegrator(_ model: PriorModel, _ integrator: Integrator) -> PriorModel {
    var copy = model
    copy.integrator = integrator
    return copy
  }
}

/// Reads expressions with the front end, in a prior whose state components and parameters
/// are the given names, in that order.
enum TestExpressionParser {
  static func parse(_ text: String, states: [String], parameters: [String]) -> Expression {
    do {
      return try prior(states: states, parameters: parameters).expression(text)
    } catch {
      Issue.record("\(text) does not read: \(error)")
      return .constant(.nan)
    }
  }

  /// A prior declaring `parameters` and, for each run of names `x`, `x'`, ..., a variable
  /// of that order (`x'' = 0`).
  private static func prior(states: [String], parameters: [String]) throws -> Prior {
    var lines = ["prior names"] + parameters.map { "param \($0) = 1" }
    var index = 0
    while index < states.count {
      let name = states[index]
      var order = 1
      while index + order < states.count,
        states[index + order] == name + String(repeating: "'", count: order)
      {
        order += 1
      }
      lines.append(name + String(repeating: "'", count: order) + " = 0")
      index += order
    }
    return try Prior(source: lines.joined(separator: "\n"))
  }
}
