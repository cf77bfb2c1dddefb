import PriorLanguage

/// The four built-in physics models, built by hand as the brief's naming table defines them,
/// so the symbolic and compiled side can be tested without the front end.
enum ExampleModels {
  static let all: [PriorModel] = [pendulum, spring, falling, pulsar]

  static func secondOrder(
    name: String, variable: String, parameters: [Parameter], acceleration: String,
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
      Parameter(name: "k", value: 9.81), Parameter(name: "c", value: 0, isLearnable: true),
    ],
    acceleration: "-k*sin(x) - c*x'", noise: [0.01, 0.1],
    initial: [.uniform(lower: -1.6, upper: 1.6), .normal(mean: 0, standardDeviation: 0.5)])

  static let spring = secondOrder(
    name: "spring", variable: "x",
    parameters: [
      Parameter(name: "k", value: 16), Parameter(name: "c", value: 0.3, isLearnable: true),
    ],
    acceleration: "-k*x - c*x'", noise: [0.005, 0.05],
    initial: [.uniform(lower: -0.8, upper: 0.8), .normal(mean: 0, standardDeviation: 1)])

  static let falling = secondOrder(
    name: "falling", variable: "y",
    parameters: [
      Parameter(name: "g", value: 9.81), Parameter(name: "c", value: 0, isLearnable: true),
    ],
    acceleration: "-g - c*y'", noise: [0.01, 0.1],
    initial: [.uniform(lower: -2, upper: 2), .uniform(lower: 7, upper: 10)])

  static let pulsar: PriorModel = {
    let states = ["u", "v"]
    let parameters = [
      Parameter(name: "w", value: 2 * Double.pi / 1.2, isLearnable: true),
      Parameter(name: "s1", value: 0.25), Parameter(name: "a2", value: 0.45),
      Parameter(name: "s2", value: 0.2),
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
    let parameters = [Parameter(name: "a", value: 2, isLearnable: true)]
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

/// A minimal expression reader for tests (the front end's parser is the real one):
/// `+ - * / ^` (right-associative, tighter than unary minus), calls, `pi`, `e`, names.
struct TestExpressionParser {
  let characters: [Character]
  var position = 0
  let states: [String]
  let parameters: [String]

  static func parse(_ text: String, states: [String], parameters: [String]) -> Expression {
    var parser = TestExpressionParser(
      characters: Array(text), states: states, parameters: parameters)
    let result = parser.sum()
    precondition(parser.peek() == nil, "trailing input in \(text)")
    return result
  }

  mutating func peek() -> Character? {
    while position < characters.count, characters[position] == " " { position += 1 }
    return position < characters.count ? characters[position] : nil
  }

  mutating func sum() -> Expression {
    var result = product()
    while let c = peek(), c == "+" || c == "-" {
      position += 1
      result = c == "+" ? .add(result, product()) : .subtract(result, product())
    }
    return result
  }

  mutating func product() -> Expression {
    var result = unary()
    while let c = peek(), c == "*" || c == "/" {
      position += 1
      result = c == "*" ? .multiply(result, unary()) : .divide(result, unary())
    }
    return result
  }

  mutating func unary() -> Expression {
    if peek() == "-" {
      position += 1
      return .negate(unary())
    }
    let base = atom()
    if peek() == "^" {
      position += 1
      return .power(base, unary())
    }
    return base
  }

  mutating func atom() -> Expression {
    let c = peek()!
    if c == "(" {
      position += 1
      let inner = sum()
      precondition(peek() == ")")
      position += 1
      return inner
    }
    if c.isNumber || c == "." {
      var text = ""
      while position < characters.count {
        let d = characters[position]
        let exponentSign = (d == "-" || d == "+") && (text.last == "e")
        guard d.isNumber || d == "." || d == "e" || exponentSign else { break }
        text.append(d)
        position += 1
      }
      return .constant(Double(text)!)
    }
    var name = ""
    while position < characters.count,
      characters[position].isLetter || characters[position].isNumber
        || characters[position] == "'" || characters[position] == "_"
    {
      name.append(characters[position])
      position += 1
    }
    if peek() == "(" {
      position += 1
      var arguments = [sum()]
      while peek() == "," {
        position += 1
        arguments.append(sum())
      }
      precondition(peek() == ")")
      position += 1
      if name == "pow" { return .power(arguments[0], arguments[1]) }
      return .call(BuiltinFunction(rawValue: name)!, arguments)
    }
    if let i = states.firstIndex(of: name) { return .state(i) }
    if let j = parameters.firstIndex(of: name) { return .parameter(j) }
    if name == "pi" { return .constant(Double.pi) }
    if name == "e" { return .constant(2.718_281_828_459_045) }
    preconditionFailure("unknown name \(name)")
  }
}
