extension Parser {
  /// `expression := term (('+' | '-') term)*`, a chain held flat (``ExpressionSyntax/Kind/chain(_:_:)``).
  mutating func parseExpression() throws(ParseFailure) -> ExpressionSyntax {
    let first = try parseTerm()
    var links: [(BinaryOperator, ExpressionSyntax)] = []
    while at(.plus) || at(.minus) {
      let op: BinaryOperator = advance().kind == .plus ? .add : .subtract
      links.append((op, try parseTerm()))
    }
    guard let last = links.last else { return first }
    return try node(.chain(first, links), range: first.range.extended(to: last.1.range))
  }

  /// `term := unary (('*' | '/') unary)*`, a chain held flat.
  mutating func parseTerm() throws(ParseFailure) -> ExpressionSyntax {
    let first = try parseUnary()
    var links: [(BinaryOperator, ExpressionSyntax)] = []
    while at(.star) || at(.slash) {
      let op: BinaryOperator = advance().kind == .star ? .multiply : .divide
      links.append((op, try parseUnary()))
    }
    guard let last = links.last else { return first }
    return try node(.chain(first, links), range: first.range.extended(to: last.1.range))
  }

  /// `unary := '-' unary | power`
  mutating func parseUnary() throws(ParseFailure) -> ExpressionSyntax {
    guard at(.minus) else { return try parsePower() }
    let minus = advance()
    try enterNesting(at: minus.range)
    defer { nesting -= 1 }
    let operand = try parseUnary()
    return try node(.negate(operand), range: minus.range.extended(to: operand.range))
  }

  /// `power := primary ('^' unary)?`: right-associative, and tighter than a unary minus on
  /// its left (`-x^2` is `-(x^2)`) but not on its right (`2^-1` is `2^(-1)`).
  mutating func parsePower() throws(ParseFailure) -> ExpressionSyntax {
    let base = try parsePrimary()
    guard at(.caret) else { return base }
    let caret = advance()
    try enterNesting(at: caret.range)
    defer { nesting -= 1 }
    let exponent = try parseUnary()
    return try node(.binary(.power, base, exponent), range: base.range.extended(to: exponent.range))
  }

  /// `primary := NUMBER | NAME | NAME '(' arguments ')' | '(' expression ')'`
  mutating func parsePrimary() throws(ParseFailure) -> ExpressionSyntax {
    let token = current
    switch token.kind {
    case .number(let value):
      advance()
      return ExpressionSyntax(.number(value), range: token.range)
    case .identifier:
      advance()
      let name = NameSyntax(token)
      guard name.primes == 0, at(.leftParenthesis) else {
        return ExpressionSyntax(.name(name), range: token.range)
      }
      return try parseCall(name)
    case .leftParenthesis:
      let open = advance()
      try enterNesting(at: open.range)
      defer { nesting -= 1 }
      let inner = try parseExpression()
      try expectClosing(.rightParenthesis, ")", opening: open)
      return try node(.parenthesized(inner), range: range(from: open.range))
    case .keyword(let keyword):
      throw ParseFailure(
        .error(
          "expected an expression, found the keyword '\(keyword.rawValue)'", at: token.range))
    default:
      throw ParseFailure(.error("expected an expression, found \(token.quoted)", at: token.range))
    }
  }

  /// `arguments := (expression (',' expression)*)?`, after the function name.
  mutating func parseCall(_ name: NameSyntax) throws(ParseFailure) -> ExpressionSyntax {
    let open = advance()
    try enterNesting(at: open.range)
    defer { nesting -= 1 }
    var arguments: [ExpressionSyntax] = []
    if !at(.rightParenthesis) {
      arguments.append(try parseExpression())
      while at(.comma) {
        advance()
        arguments.append(try parseExpression())
      }
    }
    try expectClosing(.rightParenthesis, ")", opening: open)
    return try node(.call(name, arguments), range: range(from: name.range))
  }

  /// A whole input that must be exactly one expression (REPL `:diff`, override values).
  mutating func parseWholeExpression() -> ExpressionSyntax? {
    do throws(ParseFailure) {
      let expression = try parseExpression()
      while at(.newline) { advance() }
      guard at(.endOfFile) else { throw unexpectedAfterStatement() }
      return expression
    } catch {
      diagnostics.append(error.diagnostic)
      return nil
    }
  }

  /// Consumes the closing bracket matching `opening`, or fails pointing at both.
  mutating func expectClosing(_ kind: TokenKind, _ text: String, opening: Token)
    throws(ParseFailure)
  {
    guard at(kind) else {
      throw ParseFailure(
        .error(
          "expected '\(text)', found \(current.quoted)", at: current.range,
          notes: [.init("to match this '\(opening.text)'", at: opening.range)], fixIt: text))
    }
    advance()
  }

  private mutating func enterNesting(at range: SourceRange) throws(ParseFailure) {
    nesting += 1
    if nesting > Parser.maximumDepth {
      throw ParseFailure(
        .error(
          "expression is nested too deeply (more than \(Parser.maximumDepth) levels)", at: range))
    }
  }

  /// A node, unless it would be nested deeper than `maximumDepth`. Its tree is then at most
  /// as deep as its nesting (a chain is one node however long), so the checker's and the
  /// symbolic side's recursion over it stays shallow.
  private func node(_ kind: ExpressionSyntax.Kind, range: SourceRange) throws(ParseFailure)
    -> ExpressionSyntax
  {
    let expression = ExpressionSyntax(kind, range: range)
    if expression.nesting > Parser.maximumDepth {
      throw ParseFailure(
        .error(
          "expression is too deep (more than \(Parser.maximumDepth) levels); split it with let",
          at: range))
    }
    return expression
  }
}
