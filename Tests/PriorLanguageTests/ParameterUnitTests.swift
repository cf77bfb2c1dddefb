import PriorLanguage
import Testing

/// `param NAME = value [in [lo, hi]] [learn] [unit "..."]`: string literals, the unit clause
/// and its diagnostics, and the unit carried into the model.
@Suite struct ParameterUnitTests {
  private func errors(_ text: String) -> [String] {
    summaries(Parser.parse(SourceFile(path: "t", text: text)).diagnostics, including: [.error])
  }

  @Test func aStringIsOneTokenWithItsContents() {
    let tokens = Lexer.tokenize(SourceFile(path: "t", text: #"unit "m/s^2 # not a comment""#))
      .tokens
    #expect(
      tokens.map(\.kind) == [
        .keyword(.unit), .string("m/s^2 # not a comment"), .newline, .endOfFile,
      ])
    #expect(tokens[1].text == #""m/s^2 # not a comment""#)
  }

  @Test func aUnitAfterEveryOtherClauseReachesTheModel() throws {
    let prior = try Prior(
      source: completeSpring.replacingOccurrences(
        of: "param c = 0.3 learn", with: #"param c = 0.3 in [0, 10] learn unit "1/s""#))
    #expect(prior.model.parameters.map(\.unit) == [nil, "1/s"])
    #expect(prior.model.parameters[1].isLearnable)
    #expect(prior.model.parameters[1].range == 0...10)
    // Without the range and learn too.
    let bare = try Prior(
      source: completeSpring.replacingOccurrences(
        of: "param k = 16 in [0.1, 400]", with: #"param k = 16 unit "1/s^2""#))
    #expect(bare.model.parameters.map(\.unit) == ["1/s^2", nil])
  }

  @Test func aUnitNeedsAString() {
    #expect(
      errors("param g = 9.81 unit m/s") == [
        #"1:21: error: expected the unit of 'g' in double quotes after 'unit', as in unit "m/s^2", found 'm'"#
      ])
    #expect(
      errors("param g = 9.81 unit\nx' = g") == [
        #"1:20: error: expected the unit of 'g' in double quotes after 'unit', as in unit "m/s^2", found end of line"#
      ])
  }

  @Test func anEmptyUnitIsAnError() {
    #expect(
      errors(#"param g = 9.81 unit " ""#) == [
        #"1:21: error: the unit of 'g' is empty; write unit "1" for a dimensionless param, or leave the unit out"#
      ])
  }

  /// The error spans the rest of the line, and the next line is parsed as usual.
  @Test func anUnterminatedStringIsRenderedWithItsLine() {
    let (_, diagnostics) = Parser.parse(
      SourceFile(path: "falling.prior", text: "param g = 9.81 unit \"m/s^2\ny' = -g\n"))
    #expect(
      diagnostics.rendered() == """
        falling.prior:1:21: error: unterminated string; close it with '"' on the same line
        param g = 9.81 unit "m/s^2
                            ^~~~~~

        """)
  }

  @Test func aUnitOnAnythingButAParamIsAnError() {
    let onlyAParam =
      #"only a param can have 'unit', as in param g = 9.81 in [0, 30] learn unit "m/s^2""#
    #expect(errors(#"let r = 2 unit "m""#) == ["1:11: error: " + onlyAParam])
    #expect(errors(#"x'' = -x unit "m""#) == ["1:10: error: " + onlyAParam])
    #expect(
      errors(#"unit "m""#) == [
        #"1:1: error: a statement cannot start with 'unit'; it belongs in a param declaration, as in param g = 9.81 in [0, 30] learn unit "m/s^2""#
      ])
  }

  @Test func theUnitComesLast() {
    #expect(
      errors(#"param g = 9.81 unit "m/s^2" learn"#) == [
        #"1:29: error: 'learn' is out of place: a param's clauses come in the order value, range, learn, unit, as in param g = 9.81 in [0, 30] learn unit "m/s^2""#
      ])
  }

  /// A string is not a value.
  @Test func aStringInAnExpressionIsAnError() {
    #expect(errors(#"x' = "fast""#).count == 1)
  }
}
