import Testing
import VidlatSupport

@testable import PriorLanguage

private let stateNames = ["x", "x'", "y"]
private let parameterNames = ["k", "c"]

private func parse(_ text: String) -> Expression {
  TestExpressionParser.parse(text, states: stateNames, parameters: parameterNames)
}

private func text(_ e: Expression) -> String {
  e.text(stateNames: stateNames, parameterNames: parameterNames)
}

@Suite struct SimplificationTests {
  @Test(arguments: [
    ("x*1", "x"), ("1*x", "x"), ("x + 0", "x"), ("0 + x", "x"), ("x*0", "0"), ("0*sin(x)", "0"),
    ("x - x", "0"), ("x/1", "x"), ("--x", "x"), ("0 - x", "-x"), ("x^1", "x"), ("x^0", "1"),
    ("2*3 + x", "x + 6"), ("x + x", "2*x"), ("x*x", "x^2"), ("x*x/x", "x"), ("x/x", "1"),
    ("k*x*2", "2*k*x"), ("x*0.5", "x/2"), ("x/2", "x/2"), ("-x/4", "-x/4"),
    ("-k*sin(x) - c*x'", "-k*sin(x) - c*x'"), ("-(k*cos(x))", "-k*cos(x)"),
    ("sin(0) + cos(0)", "1"), ("log(0) + 1", "log(0) + 1"),
    ("(x + 1)*(x + 1)", "(x + 1)^2"), ("2*(x + 1) - (x + 1)", "x + 1"),
    ("y + 2*(x + 1) - (x + 1)", "x + y + 1"), ("x - 3 + 1", "x - 2"), ("2^3", "8"),
    ("(2*x)^2", "4*x^2"), ("x^2*x^-3", "1/x"), ("1/(x*y)", "1/(x*y)"), ("x^y^2", "x^y^2"),
    ("(x^y)^2", "(x^y)^2"), ("2*(x + 1)", "2*(x + 1)"), ("-(x + 1)*1", "-x - 1"),
    ("-(x + y)", "-x - y"), ("c*x' + k*x", "k*x + c*x'"),
    ("x*k - k*x", "0"), ("3*x - (2*x + x)", "0"), ("pi*2/2", "pi"), ("0 - 0", "0"),
    ("x^0.5*x^0.5", "x"), ("-(-2)", "2"), ("2*(-x)", "-2*x"), ("x - -y", "x + y"),
    ("0.5*x/y", "x/(2*y)"), ("-x/(2*k^2)", "-x/(2*k^2)"),
  ])
  func rule(input: String, expected: String) {
    #expect(text(parse(input).simplified()) == expected, "\(input)")
  }

  @Test func divisionByZeroIsLeftAsWritten() {
    let e = Expression.add(.divide(.constant(1), .constant(0)), .state(0))
    #expect(text(e.simplified()) == "x + 1/0")
    #expect(
      text(Expression.multiply(.state(0), .divide(.constant(2), .constant(0))).simplified())
        == "x*(2/0)")
  }

  /// Random expressions: simplifying twice changes nothing, and the value is kept.
  @Test func idempotentAndValuePreserving() {
    var generator = SeededGenerator(seed: 7)
    var checkedValues = 0
    for _ in 0..<400 {
      let e = RandomExpressions.expression(depth: 4, using: &generator)
      let s = e.simplified()
      #expect(
        s.simplified() == s, "not idempotent: \(text(e)) -> \(text(s)) -> \(text(s.simplified()))")
      for _ in 0..<3 {
        let z = (0..<3).map { _ in generator.nextUniform(-2, 2) }
        let theta = (0..<2).map { _ in generator.nextUniform(0.5, 2) }
        let a = e.evaluate(states: z, parameters: theta)
        let b = s.evaluate(states: z, parameters: theta)
        guard a.isFinite, Swift.abs(a) < 1e6 else { continue }
        checkedValues += 1
        #expect(
          Swift.abs(a - b) <= 1e-9 * (1 + Swift.abs(a)),
          "value changed: \(text(e)) = \(a) but \(text(s)) = \(b)")
      }
    }
    #expect(checkedValues > 500)
  }
}

/// Seeded random expressions over x, x', y, k, c using every operation and builtin.
enum RandomExpressions {
  static func expression(depth: Int, using g: inout SeededGenerator) -> Expression {
    let choice = depth == 0 ? Int(g.next() % 3) : Int(g.next() % 11)
    switch choice {
    case 0: return .constant([0, 1, 2, 0.5, 3, -1][Int(g.next() % 6)])
    case 1: return .state(Int(g.next() % 3))
    case 2: return .parameter(Int(g.next() % 2))
    case 3: return .negate(expression(depth: depth - 1, using: &g))
    case 4:
      return .add(expression(depth: depth - 1, using: &g), expression(depth: depth - 1, using: &g))
    case 5:
      return .subtract(
        expression(depth: depth - 1, using: &g), expression(depth: depth - 1, using: &g))
    case 6, 7:
      return .multiply(
        expression(depth: depth - 1, using: &g), expression(depth: depth - 1, using: &g))
    case 8:
      return .divide(
        expression(depth: depth - 1, using: &g), expression(depth: depth - 1, using: &g))
    case 9:
      return .power(
        expression(depth: depth - 1, using: &g), .constant([2, 3, -1, 0.5][Int(g.next() % 4)]))
    default:
      let function = BuiltinFunction.allCases[
        Int(g.next() % UInt64(BuiltinFunction.allCases.count))]
      return .call(
        function, (0..<function.arity).map { _ in expression(depth: depth - 1, using: &g) })
    }
  }
}
