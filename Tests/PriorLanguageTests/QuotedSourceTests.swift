import Foundation
import PriorLanguage
import Testing

/// Diagnostics quote source text that cannot drive the terminal, and cut long lines around
/// the caret.
@Suite struct QuotedSourceTests {
  @Test func controlCharactersAreEscaped() {
    let text = "x' = \u{1B}[2J q\u{1B}]0;title\u{07}\n"
    let rendered = Prior.check(SourceFile(path: "p.prior", text: text)).diagnostics.rendered()
    #expect(!rendered.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" })
    #expect(rendered.contains("error: unexpected character 'U+1B'"))
    #expect(rendered.contains("x' = \\u{1B}[2J q\\u{1B}]0;title\\u{7}\n     ^~~~~~\n"))
  }

  @Test func theCaretStaysUnderItsTextAfterAnEscape() {
    let text = "x' = \u{9B}1 + \u{7F}kk\n"
    let rendered = Prior.check(SourceFile(path: "p.prior", text: text)).diagnostics.rendered()
    #expect(!rendered.unicodeScalars.contains { $0 == "\u{9B}" || $0 == "\u{7F}" })
    #expect(rendered.contains("x' = \\u{9B}1 + \\u{7F}kk\n                     ^~\n"))
  }

  @Test func aLongLineIsCutAroundTheCaret() {
    let line = "x' = " + Array(repeating: "x", count: 300).joined(separator: " + ") + " + q"
    let rendered = unknownQ(in: line)
    let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 4)
    #expect(lines.allSatisfy { $0.count <= 200 }, "\(lines.map(\.count))")
    #expect(lines[1].hasPrefix("...") && lines[1].hasSuffix("x + q"))
    #expect(lines[2].hasSuffix("^"))
    #expect(lines[2].count == lines[1].count)
  }

  @Test func aLongLineIsCutOnBothSidesOfTheCaret() {
    let terms = Array(repeating: "x", count: 150)
    let line = "x' = " + (terms + ["q"] + terms).joined(separator: " + ")
    let rendered = unknownQ(in: line)
    let lines = rendered.split(separator: "\n")
    #expect(lines[1].hasPrefix("...") && lines[1].hasSuffix("..."))
    #expect(lines[1].count <= 126)
    let caret = lines[2].count - 1
    let quoted = Array(lines[1])
    #expect(quoted[caret] == "q")
  }

  /// The error about the unknown name `q` in `text`, rendered.
  private func unknownQ(in text: String) -> String {
    Prior.check(SourceFile(path: "p.prior", text: text)).diagnostics
      .filter { $0.message.hasPrefix("unknown name 'q'") }.rendered()
  }
}
