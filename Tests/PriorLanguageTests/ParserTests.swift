import PriorLanguage
import Testing

@Suite struct ParserTests {
  private func parse(_ text: String) -> (PriorSyntax, [String]) {
    let (syntax, diagnostics) = Parser.parse(SourceFile(path: "t", text: text))
    return (syntax, summaries(diagnostics, including: [.error, .warning]))
  }

  @Test func everyStatementKind() {
    let (syntax, diagnostics) = parse(
      """
      prior p
      param k = 1 in [0, 2] learn
      let a = k
      def f(u, v) = u*v
      x'' = -a*x
      noise x ~ 0.1
      init x ~ uniform(-1, 1)
      init x' ~ normal(0, 1)
      observe x
      observe s = x^2
      dt = 0.05
      integrator euler
      """)
    #expect(diagnostics.isEmpty)
    #expect(syntax.statements.count == 12)
    guard case .parameter(let name, _, let bounds, let learnable, _) = syntax.statements[1].kind
    else {
      Issue.record("expected a param")
      return
    }
    #expect(name.text == "k")
    #expect(bounds != nil)
    #expect(learnable)
    guard case .equation(let variable, _) = syntax.statements[4].kind else {
      Issue.record("expected an equation")
      return
    }
    #expect(variable.base == "x")
    #expect(variable.primes == 2)
    #expect(syntax.statements[4].range.start.line == 5)
    #expect(syntax.statements[4].range.end.column == 11)
  }

  @Test func unaryMinusBindsLooserThanPower() {
    let (syntax, _) = parse("x' = -x^2")
    guard case .equation(_, let rhs) = syntax.statements[0].kind,
      case .negate(let operand) = rhs.kind, case .binary(.power, _, _) = operand.kind
    else {
      Issue.record("expected -(x^2)")
      return
    }
  }

  @Test func syntaxErrorsAreAllReportedAndParsingRecovers() {
    let (syntax, diagnostics) = parse(
      """
      param k 9.81
      x'' = -k*sin(x
      noise x = 0.1
      param = 2
      2x
      x = 3
      let y = 2x
      init x ~ uniform(1)
      def f(a b) = a
      param in = 1
      param x' = 1
      learn
      dt = 0.05
      """)
    #expect(
      diagnostics == [
        "1:9: error: expected '=' after 'param k', found number 9.81",
        "2:15: error: expected ')', found end of line",
        "3:9: error: expected '~' after 'noise x', found '='",
        "4:7: error: expected a name after 'param', found '='",
        "5:1: error: expected a statement (prior, param, let, def, an equation such as x'' = "
          + "..., noise, init, observe, dt, integrator, latent or gp), found number 2",
        "6:1: error: 'x = ...' is not a statement; write 'param x = ...' for a constant, 'let x "
          + "= ...' for a named expression, or an equation such as x' = ...",
        "7:10: error: missing operator between number 2 and 'x'; write '*' for a product",
        "8:10: error: uniform takes 2 arguments, as in uniform(lower, upper), but 1 was given",
        "9:9: error: expected ')', found 'b'",
        "10:7: error: expected a name after 'param', found the keyword 'in' (keywords cannot be "
          + "names)",
        "11:7: error: 'x'' cannot be declared here: primes mark time derivatives, which only "
          + "equations such as x' = ... define",
        "12:1: error: a statement cannot start with 'learn'; it belongs in a param declaration, "
          + #"as in param g = 9.81 in [0, 30] learn unit "m/s^2""#,
      ])
    #expect(syntax.statements.count == 1)
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let deep =
      "x' = " + String(repeating: "(", count: 5000) + "x" + String(repeating: ")", count: 5000)
    let (_, diagnostics) = parse(deep)
    #expect(diagnostics == ["1:106: error: expression is nested too deeply (more than 100 levels)"])
    let minus = "x' = " + String(repeating: "-", count: 10000) + "x"
    #expect(parse(minus).1.count == 1)
  }

  /// A flat chain of one precedence is one level of nesting and one node of the syntax tree,
  /// however long: 5,000 terms parse, as deep as 2.
  @Test func longChainsAreNotNesting() {
    for (terms, separator) in [(300, " + "), (300, " - "), (200, " * "), (150, " / ")] {
      let chain = "x' = " + Array(repeating: "x", count: terms).joined(separator: separator)
      #expect(parse(chain).1.isEmpty, "\(terms) terms joined by\(separator)")
    }
    let mixed = "x' = " + Array(repeating: "x * x", count: 150).joined(separator: " + ")
    #expect(parse(mixed).1.isEmpty)
    let long = Array(repeating: "x", count: 5000).joined(separator: " - ")
    let (expression, diagnostics) = Parser.parseExpression(SourceFile(path: "e", text: long))
    #expect(diagnostics.isEmpty)
    #expect(expression?.depth == 2 && expression?.nesting == 2)
    let check = Prior.check(SourceFile(path: "sum.prior", text: sumPrior(terms: 300)))
    #expect(!check.hasErrors, "\(check.diagnostics.map(\.description))")
  }

  /// A prior whose one equation is a sum of `terms` terms.
  private func sumPrior(terms: Int) -> String {
    let sum = (1...terms).map { "\($0)e-3*x" }.joined(separator: " + ")
    return """
      x' = -\(sum)
      noise x ~ 0.1
      init x ~ normal(0, 1)
      dt = 0.1
      integrator euler
      """
  }

  @Test func deepChainsInsideParenthesesStillCount() {
    let deep =
      "x' = " + String(repeating: "x + (", count: 120) + "x" + String(repeating: ")", count: 120)
    #expect(parse(deep).1.count == 1)
  }

  @Test func singleExpressions() {
    let (expression, diagnostics) = Parser.parseExpression(SourceFile(path: "e", text: "sin(x) +"))
    #expect(expression == nil)
    #expect(
      summaries(diagnostics, including: [.error]) == [
        "1:9: error: expected an expression, found end of line"
      ])
    #expect(Parser.parseExpression(SourceFile(path: "e", text: "1 2")).diagnostics.count == 1)
    #expect(Parser.parseExpression(SourceFile(path: "e", text: "(1 +\n 2)")).expression != nil)
  }
}
