extension Parser {
  /// `file := (statement? NEWLINE)*`
  mutating func parseStatements() -> [StatementSyntax] {
    var statements: [StatementSyntax] = []
    while !at(.endOfFile) {
      if at(.newline) {
        advance()
        continue
      }
      nesting = 0
      let start = index
      do throws(ParseFailure) {
        let statement = try parseStatement()
        guard at(.newline) || at(.endOfFile) else {
          throw misplacedParameterClause(after: statement) ?? unexpectedAfterStatement()
        }
        statements.append(statement)
      } catch {
        diagnostics.append(error.diagnostic)
        if let name = declaredName(from: start) { unfinishedDeclarations.append(name) }
        skipStatement()
      }
    }
    return statements
  }

  /// The name a statement starting at token `start` declares, if it got that far.
  private func declaredName(from start: Int) -> String? {
    let first = tokens[start]
    let second = tokens[min(start + 1, tokens.count - 1)]
    switch first.kind {
    case .keyword(.param), .keyword(.let), .keyword(.def), .keyword(.latent), .keyword(.gp):
      return second.kind == .identifier ? String(second.baseName) : nil
    case .identifier where first.primes > 0 && second.kind == .equals:
      return String(first.baseName)
    default:
      return nil
    }
  }

  /// One statement, up to (not including) its line break.
  mutating func parseStatement() throws(ParseFailure) -> StatementSyntax {
    let start = current
    let kind: StatementSyntax.Kind
    switch start.kind {
    case .keyword(.prior):
      advance()
      kind = .prior(try parseDeclaredName("the prior's name"))
    case .keyword(.param):
      advance()
      kind = try parseParameter()
    case .keyword(.let):
      advance()
      let name = try parseDeclaredName("a name after 'let'")
      try expect(.equals, "'=' after 'let \(name.text)'", fixIt: "=")
      kind = .binding(name, value: try parseExpression())
    case .keyword(.def):
      advance()
      kind = try parseFunction()
    case .keyword(.noise):
      advance()
      let component = try parseName("a state component after 'noise', as in noise x ~ 0.01")
      try expectTilde(after: "noise \(component.text)")
      kind = .noise(component, standardDeviation: try parseExpression())
    case .keyword(.`init`):
      advance()
      let component = try parseName("a state component after 'init', as in init x ~ normal(0, 1)")
      try expectTilde(after: "init \(component.text)")
      kind = .initial(component, try parseDistribution())
    case .keyword(.observe):
      advance()
      let name = try parseName("a name after 'observe'")
      if at(.equals) {
        advance()
        kind = .observation(name, try parseExpression())
      } else {
        kind = .observation(name, nil)
      }
    case .keyword(.dt):
      advance()
      try expect(.equals, "'=' after 'dt'", fixIt: "=")
      kind = .timeStep(try parseExpression())
    case .keyword(.integrator):
      advance()
      kind = .integrator(try parseName("an integrator name (rk4, euler or symplectic)"))
    case .keyword(.latent):
      advance()
      let name = try parseDeclaredName(
        "a latent's name after 'latent', as in latent x ~ normal(0, 1)")
      try expectTilde(after: "latent \(name.text)")
      kind = .latent(name, try parseDistribution())
    case .keyword(.gp):
      advance()
      let name = try parseDeclaredName(
        "a latent's name after 'gp', as in gp x ~ \(KernelFamily.se.example)")
      try expectTilde(after: "gp \(name.text)")
      kind = .process(name, try parseKernel(of: name))
    case .keyword(let keyword):
      let hint =
        Keyword.parameterClauses.contains(keyword)
        ? "; it belongs in a param declaration, as in \(Parser.parameterExample)" : ""
      throw ParseFailure(
        .error("a statement cannot start with '\(keyword.rawValue)'\(hint)", at: start.range))
    case .identifier where start.primes > 0 && peek().kind == .equals:
      let variable = NameSyntax(advance())
      advance()
      kind = .equation(variable, rhs: try parseExpression())
    default:
      if allowsExpressions {
        kind = .expression(try parseExpression())
      } else {
        throw notAStatement(start)
      }
    }
    return StatementSyntax(kind: kind, range: range(from: start.range))
  }

  /// `param NAME = expression ('in' '[' expression ',' expression ']')? 'learn'? ('unit' STRING)?`
  private mutating func parseParameter() throws(ParseFailure) -> StatementSyntax.Kind {
    let name = try parseDeclaredName("a name after 'param'")
    try expect(.equals, "'=' after 'param \(name.text)'", fixIt: "=")
    let value = try parseExpression()
    var bounds: BoundsSyntax?
    if at(.keyword(.in)) {
      let keyword = advance()
      let open = try expect(.leftBracket, "'[' after 'in', as in 'in [0, 1]'", fixIt: "[")
      let lower = try parseExpression()
      try expect(.comma, "',' between the lower and upper bound", fixIt: ",")
      let upper = try parseExpression()
      try expectClosing(.rightBracket, "]", opening: open)
      bounds = BoundsSyntax(lower: lower, upper: upper, range: range(from: keyword.range))
    }
    var learnable = false
    if at(.keyword(.learn)) {
      advance()
      learnable = true
    }
    var unit: UnitSyntax?
    if at(.keyword(.unit)) {
      unit = try parseUnit(of: name)
    }
    return .parameter(name, value: value, bounds: bounds, learnable: learnable, unit: unit)
  }

  /// A param declaration with every clause, for messages.
  static let parameterExample = "param g = 9.81 in [0, 30] learn unit \"m/s^2\""

  /// `'unit' STRING`, a non-empty string.
  private mutating func parseUnit(of name: NameSyntax) throws(ParseFailure) -> UnitSyntax {
    let keyword = advance()
    guard case .string(let text) = current.kind else {
      throw ParseFailure(
        .error(
          "expected the unit of '\(name.text)' in double quotes after 'unit', as in "
            + "unit \"m/s^2\", found \(current.quoted)", at: current.range))
    }
    advance()
    guard !text.allSatisfy(\.isWhitespace) else {
      throw ParseFailure(
        .error(
          "the unit of '\(name.text)' is empty; write unit \"1\" for a dimensionless param, "
            + "or leave the unit out", at: previousRange))
    }
    return UnitSyntax(text: text, range: range(from: keyword.range))
  }

  /// The error for a param clause (`in`, `learn`, `unit`) after the end of `statement`: out
  /// of order in a param, or in a statement that is not a param. Nil for any other token.
  private func misplacedParameterClause(after statement: StatementSyntax) -> ParseFailure? {
    guard case .keyword(let keyword) = current.kind, Keyword.parameterClauses.contains(keyword)
    else { return nil }
    if case .parameter = statement.kind {
      return ParseFailure(
        .error(
          "'\(keyword.rawValue)' is out of place: a param's clauses come in the order value, "
            + "range, learn, unit, as in \(Parser.parameterExample)", at: current.range))
    }
    return ParseFailure(
      .error(
        "only a param can have '\(keyword.rawValue)', as in \(Parser.parameterExample)",
        at: current.range))
  }

  /// `def NAME '(' (NAME (',' NAME)*)? ')' '=' expression`
  private mutating func parseFunction() throws(ParseFailure) -> StatementSyntax.Kind {
    let name = try parseDeclaredName("a function name after 'def'")
    let open = try expect(.leftParenthesis, "'(' after 'def \(name.text)', as in def f(a, b) = a*b")
    var parameters: [NameSyntax] = []
    if !at(.rightParenthesis) {
      parameters.append(try parseDeclaredName("a parameter name"))
      while at(.comma) {
        advance()
        parameters.append(try parseDeclaredName("a parameter name"))
      }
    }
    try expectClosing(.rightParenthesis, ")", opening: open)
    try expect(.equals, "'=' after the parameters of '\(name.text)'", fixIt: "=")
    return .function(name, parameters: parameters, body: try parseExpression())
  }

  /// `uniform(a, b)`, `normal(m, s)` or an expression (a fixed value).
  mutating func parseDistribution() throws(ParseFailure) -> DistributionSyntax {
    let expression = try parseExpression()
    guard case .call(let name, let arguments) = expression.kind,
      name.base == "uniform" || name.base == "normal"
    else { return .fixed(expression) }
    guard arguments.count == 2 else {
      let expected = name.base == "uniform" ? "uniform(lower, upper)" : "normal(mean, std)"
      throw ParseFailure(
        .error(
          "\(name.base) takes 2 arguments, as in \(expected), but \(arguments.count) "
            + (arguments.count == 1 ? "was" : "were") + " given", at: expression.range))
    }
    return name.base == "uniform"
      ? .uniform(arguments[0], arguments[1], range: expression.range)
      : .normal(arguments[0], arguments[1], range: expression.range)
  }

  /// `KERNEL '(' (NAME '=' expression (',' NAME '=' expression)*)? ')'`: named arguments only,
  /// so that a kernel reads the same whatever order its hyperparameters are given in.
  private mutating func parseKernel(of latent: NameSyntax) throws(ParseFailure) -> KernelSyntax {
    let kernels = KernelFamily.allCases.map(\.rawValue).joined(separator: ", ")
    let name = try parseName("a kernel (\(kernels)) after '~', as in \(KernelFamily.se.example)")
    let open = try expect(
      .leftParenthesis, "'(' after the kernel '\(name.text)', as in \(KernelFamily.se.example)",
      fixIt: "(")
    var arguments: [(name: NameSyntax, value: ExpressionSyntax)] = []
    if !at(.rightParenthesis) {
      repeat {
        if !arguments.isEmpty { advance() }
        guard at(.identifier), peek().kind == .equals else {
          throw ParseFailure(
            .error(
              "kernel arguments are named, as in \(KernelFamily.se.example); found "
                + current.quoted, at: current.range))
        }
        let argument = NameSyntax(advance())
        advance()
        arguments.append((argument, try parseExpression()))
      } while at(.comma)
    }
    try expectClosing(.rightParenthesis, ")", opening: open)
    return KernelSyntax(name: name, arguments: arguments, range: range(from: name.range))
  }

  /// A name, primes allowed (state components).
  mutating func parseName(_ what: String) throws(ParseFailure) -> NameSyntax {
    if case .keyword(let keyword) = current.kind {
      throw ParseFailure(
        .error(
          "expected \(what), found the keyword '\(keyword.rawValue)' (keywords cannot be names)",
          at: current.range))
    }
    return NameSyntax(try expect(.identifier, what))
  }

  /// A name being declared: no primes.
  private mutating func parseDeclaredName(_ what: String) throws(ParseFailure) -> NameSyntax {
    let name = try parseName(what)
    guard name.primes == 0 else {
      throw ParseFailure(
        .error(
          "'\(name.text)' cannot be declared here: primes mark time derivatives, which only "
            + "equations such as \(name.text) = ... define", at: name.range))
    }
    return name
  }

  private mutating func expectTilde(after text: String) throws(ParseFailure) {
    if at(.equals) {
      throw ParseFailure(
        .error("expected '~' after '\(text)', found '='", at: current.range, fixIt: "~"))
    }
    try expect(.tilde, "'~' after '\(text)'", fixIt: "~")
  }

  /// The error for a line that is not a statement.
  private func notAStatement(_ token: Token) -> ParseFailure {
    if token.kind == .identifier, token.primes == 0, peek().kind == .equals {
      let name = token.text
      return ParseFailure(
        .error(
          "'\(name) = ...' is not a statement; write 'param \(name) = ...' for a constant, "
            + "'let \(name) = ...' for a named expression, or an equation such as "
            + "\(name)' = ...", at: token.range, fixIt: "let \(name)"))
    }
    if token.kind == .identifier, token.primes > 0 {
      return ParseFailure(
        .error(
          "expected '=' after '\(token.text)' in an equation, found \(peek().quoted)",
          at: peek().range, fixIt: "="))
    }
    return ParseFailure(
      .error(
        "expected a statement (prior, param, let, def, an equation such as x'' = ..., noise, "
          + "init, observe, dt, integrator, latent or gp), found \(token.quoted)",
        at: token.range))
  }

  /// The error for a token left over at the end of a statement.
  func unexpectedAfterStatement() -> ParseFailure {
    let previous = tokens[max(index - 1, 0)]
    let endsOperand: Bool
    switch previous.kind {
    case .number, .identifier, .rightParenthesis: endsOperand = true
    default: endsOperand = false
    }
    let startsOperand: Bool
    switch current.kind {
    case .number, .identifier, .leftParenthesis: startsOperand = true
    default: startsOperand = false
    }
    if endsOperand, startsOperand {
      return ParseFailure(
        .error(
          "missing operator between \(previous.quoted) and \(current.quoted); write '*' for a "
            + "product", at: current.range.startPoint, fixIt: "*"))
    }
    return ParseFailure(
      .error("expected the end of the line, found \(current.quoted)", at: current.range))
  }
}
