import PriorLanguage
import Testing

@Suite struct LexerTests {
  private func kinds(_ text: String) -> [TokenKind] {
    Lexer.tokenize(SourceFile(path: "t", text: text)).tokens.map(\.kind)
  }

  @Test func numbersNamesAndOperators() {
    #expect(
      kinds("x'' = -2.5e-1*x^.5 # comment") == [
        .identifier, .equals, .minus, .number(-0.25 * -1), .star, .identifier, .caret,
        .number(0.5), .newline, .endOfFile,
      ])
    let tokens = Lexer.tokenize(SourceFile(path: "t", text: "x'' k1_b")).tokens
    #expect(tokens[0].baseName == "x")
    #expect(tokens[0].primes == 2)
    #expect(tokens[1].text == "k1_b")
    #expect(
      kinds("param in learn") == [
        .keyword(.param), .keyword(.in), .keyword(.learn), .newline, .endOfFile,
      ])
    #expect(
      kinds("[1, 2] ~") == [
        .leftBracket, .number(1), .comma, .number(2), .rightBracket, .tilde, .newline, .endOfFile,
      ])
  }

  @Test func lineBreaksInsideParenthesesAndAfterOperatorsContinue() {
    #expect(
      kinds("a = (1 +\n 2)\nb") == [
        .identifier, .equals, .leftParenthesis, .number(1), .plus, .number(2),
        .rightParenthesis, .newline, .identifier, .newline, .endOfFile,
      ])
    #expect(kinds("1 *\n\n 2") == [.number(1), .star, .number(2), .newline, .endOfFile])
    // An unclosed parenthesis does not swallow the next statement.
    #expect(
      kinds("f(1\nparam") == [
        .identifier, .leftParenthesis, .number(1), .newline, .keyword(.param), .newline,
        .endOfFile,
      ])
  }

  @Test func continuationForTheRepl() {
    #expect(Lexer.needsContinuation("x'' = -k*sin(x"))
    #expect(Lexer.needsContinuation("x'' = -k*x -"))
    #expect(Lexer.needsContinuation("param k = [1,"))
    #expect(!Lexer.needsContinuation("x'' = -k*x"))
    #expect(!Lexer.needsContinuation("x'' = -k*x # (comment"))
    #expect(!Lexer.needsContinuation(""))
  }

  @Test func badCharactersAreReportedAndSkipped() {
    let (tokens, diagnostics) = Lexer.tokenize(SourceFile(path: "t", text: "a $ b\n@ 1e 'q .x"))
    #expect(
      summaries(diagnostics, including: [.error]) == [
        "1:3: error: unexpected character '$'",
        "2:1: error: unexpected character '@'",
        "2:3: error: the exponent of a number needs digits, as in 1e-3",
        "2:6: error: a prime must follow a name, as in x' or x''",
        "2:9: error: '.' must be part of a number such as 0.5",
      ])
    #expect(tokens.filter { $0.kind == .identifier }.map(\.text) == ["a", "b", "q", "x"])
    // A malformed number is still a number token: the parser does not report it again.
    let check = Prior.check(SourceFile(path: "t", text: "x' = -x\ndt = 1e"))
    #expect(
      summaries(check.diagnostics, including: [.error]) == [
        "2:6: error: the exponent of a number needs digits, as in 1e-3"
      ])
  }

  @Test func unicodeLettersAndByteOrderMarks() {
    let (tokens, diagnostics) = Lexer.tokenize(SourceFile(path: "t", text: "\u{FEFF}a = θ"))
    #expect(
      summaries(diagnostics, including: [.error]) == [
        "1:6: error: unexpected character 'θ'; names use ASCII letters, digits and _"
      ])
    #expect(tokens.first?.text == "a")
  }

  @Test func hugeNumbersAreErrors() {
    let (_, diagnostics) = Lexer.tokenize(SourceFile(path: "t", text: "1e999"))
    #expect(
      summaries(diagnostics, including: [.error]) == ["1:1: error: number 1e999 is too large"])
  }
}
