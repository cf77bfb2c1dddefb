/// Splits a source file into tokens.
///
/// - Comments run from `#` to the end of the line.
/// - Numbers: `2`, `0.5`, `.5`, `1e-3`, `2.5E+4`.
/// - Identifiers: a letter or `_`, then letters, digits, `_`; then any number of primes.
/// - Strings: `"m/s^2"`, any characters but `"` up to the closing `"` on the same line (no
///   escapes: a unit has no use for them).
/// - A line break ends a statement, except when the line ends inside parentheses or
///   brackets, or right after a binary operator (`+ - * / ^`): then the statement continues
///   on the next line. Inside parentheses, a line starting with a statement keyword ends the
///   open statement anyway (so one missing `)` does not swallow the rest of the file).
/// - Any other character is reported and skipped; lexing always reaches the end.
public struct Lexer {
  let source: SourceFile
  private let scalars: [Unicode.Scalar]
  private var position = 0
  private var nesting = 0
  private(set) var tokens: [Token] = []
  private(set) var diagnostics: [Diagnostic] = []

  /// The tokens of `source` (always ending with `.endOfFile`) and the lexical errors.
  public static func tokenize(_ source: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic])
  {
    tokenize(source, from: 0)
  }

  /// The tokens of `source` from scalar offset `start` on (used for `NAME=VALUE` overrides).
  static func tokenize(_ source: SourceFile, from start: Int) -> (
    tokens: [Token], diagnostics: [Diagnostic]
  ) {
    var lexer = Lexer(source: source)
    lexer.position = start
    lexer.run()
    return (lexer.tokens, lexer.diagnostics)
  }

  /// Whether `text` stops in the middle of a statement (inside parentheses or brackets, or
  /// after a binary operator), so that a REPL should read another line before evaluating.
  public static func needsContinuation(_ text: String) -> Bool {
    var lexer = Lexer(source: SourceFile(path: "", text: text))
    lexer.run()
    if lexer.nesting > 0 { return true }
    let significant = lexer.tokens.last { $0.kind != .newline && $0.kind != .endOfFile }
    return significant?.kind.isBinaryOperator ?? false
  }

  private init(source: SourceFile) {
    self.source = source
    self.scalars = source.scalars
  }

  private mutating func run() {
    while position < scalars.count {
      let scalar = scalars[position]
      let start = position
      let value = scalar.value
      if value == 32 || value == 9 || value == 13 {  // space, tab, carriage return
        position += 1
        continue
      }
      if Lexer.isDigit(scalar) || value == 46 {  // a digit or "."
        lexNumber()
        continue
      }
      if Lexer.isIdentifierScalar(scalar) {  // digits were handled above
        lexIdentifier()
        continue
      }
      switch scalar {
      case "#":
        while position < scalars.count, scalars[position].value != 10 { position += 1 }
      case "\n":
        position += 1
        lineBreak(at: start)
      case "\"":
        lexString()
      case "'":
        position += 1
        while position < scalars.count, scalars[position] == "'" { position += 1 }
        diagnostics.append(
          .error(
            "a prime must follow a name, as in x' or x''",
            at: source.range(from: start, to: position)))
      default:
        position += 1
        if let kind = Lexer.punctuation[scalar] {
          switch kind {
          case .leftParenthesis, .leftBracket: nesting += 1
          case .rightParenthesis, .rightBracket: nesting = max(0, nesting - 1)
          default: break
          }
          append(kind, from: start)
        } else {
          if start == 0, scalar == "\u{FEFF}" { continue }  // a byte order mark
          let shown =
            scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
              || scalar == "\u{FFFD}"
            ? "U+" + String(scalar.value, radix: 16, uppercase: true) : String(scalar)
          let hint =
            scalar.properties.isAlphabetic
            ? "; names use ASCII letters, digits and _" : ""
          diagnostics.append(
            .error(
              "unexpected character '\(shown)'\(hint)", at: source.range(from: start, to: position))
          )
        }
      }
    }
    append(.newline, from: position)
    append(.endOfFile, from: position)
  }

  private static let punctuation: [Unicode.Scalar: TokenKind] = [
    "+": .plus, "-": .minus, "*": .star, "/": .slash, "^": .caret,
    "(": .leftParenthesis, ")": .rightParenthesis, "[": .leftBracket, "]": .rightBracket,
    ",": .comma, "=": .equals, "~": .tilde,
  ]

  private mutating func append(_ kind: TokenKind, from start: Int) {
    let range = source.range(from: start, to: position)
    tokens.append(Token(kind: kind, text: source.text(in: range), range: range))
  }

  /// A line break: a statement separator unless the statement obviously continues.
  private mutating func lineBreak(at offset: Int) {
    if nesting > 0, nextLineStartsStatement() { nesting = 0 }
    if nesting > 0 { return }
    if let last = tokens.last, last.kind.isBinaryOperator { return }
    if tokens.last?.kind == .newline || tokens.isEmpty { return }
    let range = source.range(from: offset, to: offset)
    tokens.append(Token(kind: .newline, text: "\n", range: range))
  }

  private func nextLineStartsStatement() -> Bool {
    var index = position
    while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
    var word = ""
    while index < scalars.count, Lexer.isIdentifierScalar(scalars[index]) {
      word.unicodeScalars.append(scalars[index])
      index += 1
    }
    guard let keyword = Keyword(rawValue: word) else { return false }
    return Keyword.statementStarters.contains(keyword)
  }

  // Plain comparisons of code points: range patterns are slow in debug builds, and the
  // fuzz test lexes thousands of files.
  private static func isIdentifierScalar(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    return (value >= 97 && value <= 122) || (value >= 65 && value <= 90) || isDigit(scalar)
      || value == 95
  }

  private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value >= 48 && scalar.value <= 57
  }

  private mutating func lexNumber() {
    let start = position
    var digits = 0
    while position < scalars.count, Lexer.isDigit(scalars[position]) {
      position += 1
      digits += 1
    }
    if position < scalars.count, scalars[position] == "." {
      position += 1
      while position < scalars.count, Lexer.isDigit(scalars[position]) {
        position += 1
        digits += 1
      }
    }
    if digits == 0 {
      diagnostics.append(
        .error(
          "'.' must be part of a number such as 0.5", at: source.range(from: start, to: position)))
      return
    }
    if position < scalars.count, scalars[position] == "e" || scalars[position] == "E" {
      var lookahead = position + 1
      if lookahead < scalars.count, scalars[lookahead] == "+" || scalars[lookahead] == "-" {
        lookahead += 1
      }
      if lookahead < scalars.count, Lexer.isDigit(scalars[lookahead]) {
        position = lookahead
        while position < scalars.count, Lexer.isDigit(scalars[position]) { position += 1 }
      } else if lookahead < scalars.count, Lexer.isIdentifierScalar(scalars[lookahead]) {
        // `2e` followed by letters: a number then a name, reported by the parser.
      } else {
        position = lookahead
        diagnostics.append(
          .error(
            "the exponent of a number needs digits, as in 1e-3",
            at: source.range(from: start, to: position)))
        // A number token all the same (NaN: malformed), so that the parser and the checker
        // do not report it again.
        append(.number(.nan), from: start)
        return
      }
    }
    let range = source.range(from: start, to: position)
    let text = source.text(in: range)
    guard let value = Double(text.hasPrefix(".") ? "0" + text : text), value.isFinite else {
      diagnostics.append(.error("number \(text) is too large", at: range))
      append(.number(.nan), from: start)
      return
    }
    tokens.append(Token(kind: .number(value), text: text, range: range))
  }

  /// A string literal from `"` to the next `"` on the same line. Without one, the string is
  /// reported as unterminated, and a string token holding the rest of the line is kept, so
  /// that the parser does not report it again.
  private mutating func lexString() {
    let start = position
    position += 1
    while position < scalars.count, scalars[position] != "\"", scalars[position].value != 10 {
      position += 1
    }
    let contents = source.text(in: source.range(from: start + 1, to: position))
    guard position < scalars.count, scalars[position] == "\"" else {
      diagnostics.append(
        .error(
          "unterminated string; close it with '\"' on the same line",
          at: source.range(from: start, to: position)))
      append(.string(contents), from: start)
      return
    }
    position += 1
    append(.string(contents), from: start)
  }

  private mutating func lexIdentifier() {
    let start = position
    while position < scalars.count, Lexer.isIdentifierScalar(scalars[position]) { position += 1 }
    let word = source.text(in: source.range(from: start, to: position))
    if let keyword = Keyword(rawValue: word) {
      append(.keyword(keyword), from: start)
      return
    }
    while position < scalars.count, scalars[position] == "'" { position += 1 }
    append(.identifier, from: start)
  }
}
