/// The recursive-descent parser: tokens in, syntax tree and diagnostics out.
///
/// The grammar is split by area into extensions: `Parser+Declarations.swift` (statements)
/// and `Parser+Expressions.swift` (expressions). On a syntax error the parser reports it,
/// skips to the end of the statement (the next line break) and carries on, so every broken
/// statement of a file is reported.
public struct Parser {
  var tokens: [Token]
  var index = 0
  var diagnostics: [Diagnostic]
  /// Whether a bare expression is a statement (REPL input) rather than an error.
  let allowsExpressions: Bool
  /// The current nesting of parentheses, calls and unary minus, bounded by `maximumDepth`.
  var nesting = 0
  /// Names declared by statements abandoned on a syntax error.
  var unfinishedDeclarations: [String] = []

  /// The deepest nesting (`ExpressionSyntax.nesting`) the parser accepts: the checker and
  /// the symbolic side recurse over expression trees, so their depth is bounded. A chain
  /// `a + b + c + ...` of any length is one level (``ExpressionSyntax/Kind/chain(_:_:)``).
  static let maximumDepth = 100

  /// The syntax tree of `source` and every lexical and syntax error in it.
  ///
  /// - Parameter allowingExpressions: accept bare expressions as statements (REPL input).
  public static func parse(_ source: SourceFile, allowingExpressions: Bool = false) -> (
    syntax: PriorSyntax, diagnostics: [Diagnostic]
  ) {
    let (tokens, lexical) = Lexer.tokenize(source)
    var parser = Parser(
      tokens: tokens, diagnostics: lexical, allowsExpressions: allowingExpressions)
    let statements = parser.parseStatements()
    return (
      PriorSyntax(
        statements: statements, source: source,
        unfinishedDeclarations: parser.unfinishedDeclarations,
        hasSyntaxErrors: parser.diagnostics.containsErrors), parser.diagnostics
    )
  }

  /// One expression filling all of `source` (e.g. a REPL `:diff` argument), or the errors.
  public static func parseExpression(_ source: SourceFile) -> (
    expression: ExpressionSyntax?, diagnostics: [Diagnostic]
  ) {
    let (tokens, lexical) = Lexer.tokenize(source)
    var parser = Parser(tokens: tokens, diagnostics: lexical, allowsExpressions: true)
    return (parser.parseWholeExpression(), parser.diagnostics)
  }

  init(tokens: [Token], diagnostics: [Diagnostic], allowsExpressions: Bool) {
    self.tokens = tokens
    self.diagnostics = diagnostics
    self.allowsExpressions = allowsExpressions
  }

  // MARK: Token stream

  var current: Token { tokens[index] }

  func peek(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }

  func at(_ kind: TokenKind) -> Bool { current.kind == kind }

  /// The end of the most recently consumed token.
  var previousRange: SourceRange { tokens[max(index - 1, 0)].range }

  @discardableResult
  mutating func advance() -> Token {
    let token = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  /// Consumes a token of `kind`, or fails with "expected `what`, found ...".
  @discardableResult
  mutating func expect(_ kind: TokenKind, _ what: String, fixIt: String? = nil) throws(ParseFailure)
    -> Token
  {
    guard at(kind) else {
      throw ParseFailure(
        .error("expected \(what), found \(current.quoted)", at: current.range, fixIt: fixIt))
    }
    return advance()
  }

  /// The range from `start` to the end of the last consumed token.
  func range(from start: SourceRange) -> SourceRange { start.extended(to: previousRange) }

  /// Skips the rest of the current statement, including its line break.
  mutating func skipStatement() {
    while !at(.newline), !at(.endOfFile) { advance() }
    if at(.newline) { advance() }
  }
}

/// A syntax error that abandons the current statement.
struct ParseFailure: Error {
  var diagnostic: Diagnostic

  init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
}
