/// The reserved words of the language. They cannot be used as names.
public enum Keyword: String, CaseIterable, Sendable {
  case prior, param, `let`, def, noise, `init`, observe, dt, integrator, `in`, learn, unit
  case latent, gp

  /// The keywords that start a statement.
  static let statementStarters: Set<Keyword> = [
    .prior, .param, .let, .def, .noise, .`init`, .observe, .dt, .integrator, .latent, .gp,
  ]

  /// The keywords of a param's clauses after its value: `in [lo, hi]`, `learn`, `unit "..."`.
  static let parameterClauses: Set<Keyword> = [.in, .learn, .unit]
}

/// What a token is.
public enum TokenKind: Equatable, Sendable {
  /// A number literal with its value (NaN for a malformed number, already reported).
  case number(Double)
  /// A string literal's contents, without the quotes (`"m/s^2"`: `m/s^2`). An unterminated
  /// string (already reported) holds the text up to the end of its line.
  case string(String)
  /// A name, possibly followed by primes (`x`, `x'`, `x''`): see `Token.primes`.
  case identifier
  case keyword(Keyword)
  case plus, minus, star, slash, caret
  case leftParenthesis, rightParenthesis, leftBracket, rightBracket
  case comma, equals, tilde
  /// The end of a statement (a line break that is not a continuation).
  case newline
  case endOfFile

  /// The binary operators after which a line continues on the next line.
  var isBinaryOperator: Bool {
    switch self {
    case .plus, .minus, .star, .slash, .caret: true
    default: false
    }
  }
}

/// One token: its kind, its text and where it is.
public struct Token: Sendable {
  /// What the token is.
  public var kind: TokenKind
  /// The text as written (for identifiers including the primes).
  public var text: String
  /// Where the token is.
  public var range: SourceRange

  /// For identifiers: the name without primes.
  public var baseName: Substring { text.prefix { $0 != "'" } }
  /// For identifiers: the number of primes (`x''` has 2).
  public var primes: Int { text.reduce(0) { $0 + ($1 == "'" ? 1 : 0) } }

  /// How the token is named in messages: `'x'`, `number 2`, `end of line`.
  var quoted: String {
    switch kind {
    case .newline: "end of line"
    case .endOfFile: "end of input"
    case .number: "number \(text)"
    case .string: "string \(text)"
    default: "'\(text)'"
    }
  }
}
