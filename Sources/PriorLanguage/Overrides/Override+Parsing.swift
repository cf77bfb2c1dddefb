extension Override {
  /// Parses `NAME=VALUE` (`k=4`, `dt=0.02`, `integrator=euler`, `noise.x'=0.2`,
  /// `init.x=uniform(0, 1)`).
  ///
  /// - Parameter label: how diagnostics name the text, e.g. `--set`.
  /// - Throws: `PriorError` for bad syntax, with a caret under the problem.
  public init(parsing text: String, label: String = "--set") throws(PriorError) {
    try self.init(source: SourceFile(path: label, text: text), prefix: nil)
  }

  /// Parses `COMPONENT=DISTRIBUTION` as an initial-state override (`x=1.2`,
  /// `x'=normal(0, 0.5)`): the same as `Override(parsing: "init." + text)`.
  public init(initialValue text: String, label: String = "--init") throws(PriorError) {
    try self.init(source: SourceFile(path: label, text: text), prefix: "init")
  }

  private init(source: SourceFile, prefix: String?) throws(PriorError) {
    let scalars = source.scalars
    guard let equals = scalars.firstIndex(of: "=") else {
      let example = prefix == nil ? "k=4 or noise.x'=0.2" : "x=1.2 or x=uniform(0, 1)"
      throw PriorError(diagnostics: [
        .error(
          "expected NAME=VALUE, as in \(example)", at: source.range(from: 0, to: scalars.count))
      ])
    }
    var start = 0
    while start < equals, scalars[start] == " " { start += 1 }
    var end = equals
    while end > start, scalars[end - 1] == " " { end -= 1 }
    let targetRange = source.range(from: start, to: end)
    let written = targetRange.text
    var kind = prefix
    var name = written
    var nameStart = start
    if prefix == nil, let dot = written.firstIndex(of: ".") {
      kind = String(written[..<dot])
      name = String(written[written.index(after: dot)...])
      nameStart =
        start
        + written.unicodeScalars.distance(
          from: written.unicodeScalars.startIndex, to: dot) + 1
    }
    let nameRange = source.range(from: nameStart, to: end)
    guard Override.isName(name, primesAllowed: kind != nil) else {
      throw PriorError(diagnostics: [
        .error(
          name.isEmpty ? "expected a name before '='" : "'\(name)' is not a valid name",
          at: nameRange.start == nameRange.end
            ? source.range(from: equals, to: equals + 1) : nameRange)
      ])
    }
    let target: Target
    switch kind {
    case nil where name == "dt": target = .timeStep
    case nil where name == "integrator": target = .integrator
    case nil: target = .parameter(name)
    case "noise": target = .noise(name)
    case "init": target = .initial(name)
    case let other?:
      throw PriorError(diagnostics: [
        .error(
          "unknown override '\(other).\(name)'; write noise.NAME=STD or init.NAME=VALUE",
          at: targetRange)
      ])
    }

    let (tokens, lexical) = Lexer.tokenize(source, from: equals + 1)
    var parser = Parser(tokens: tokens, diagnostics: lexical, allowsExpressions: true)
    let value: Value?
    switch target {
    case .integrator:
      value = parser.parseWholeName().map(Value.name)
    case .initial:
      value = parser.parseWholeDistribution().map(Value.distribution)
    default:
      value = parser.parseWholeExpression().map(Value.expression)
    }
    guard let value, !parser.diagnostics.containsErrors else {
      throw PriorError(diagnostics: parser.diagnostics)
    }
    self.init(target: target, source: source, targetRange: nameRange, value: value)
  }

  private static func isName(_ text: String, primesAllowed: Bool) -> Bool {
    let scalars = Array(text.unicodeScalars)
    guard let first = scalars.first, first == "_" || first.properties.isAlphabetic,
      first.isASCII
    else { return false }
    var index = 1
    while index < scalars.count, scalars[index].isASCII,
      scalars[index] == "_" || scalars[index].properties.isAlphabetic
        || ("0"..."9").contains(scalars[index])
    {
      index += 1
    }
    let primes = scalars.count - index
    guard scalars[index...].allSatisfy({ $0 == "'" }) else { return false }
    return primesAllowed || primes == 0
  }
}

extension Parser {
  /// A whole input that is one name (an integrator override).
  mutating func parseWholeName() -> NameSyntax? {
    do throws(ParseFailure) {
      let name = try parseName("an integrator name (rk4, euler or symplectic)")
      while at(.newline) { advance() }
      guard at(.endOfFile) else { throw unexpectedAfterStatement() }
      return name
    } catch {
      diagnostics.append(error.diagnostic)
      return nil
    }
  }

  /// A whole input that is one initial distribution.
  mutating func parseWholeDistribution() -> DistributionSyntax? {
    do throws(ParseFailure) {
      let distribution = try parseDistribution()
      while at(.newline) { advance() }
      guard at(.endOfFile) else { throw unexpectedAfterStatement() }
      return distribution
    } catch {
      diagnostics.append(error.diagnostic)
      return nil
    }
  }
}
