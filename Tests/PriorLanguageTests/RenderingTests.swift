import Foundation
import PriorLanguage
import Testing

@Suite struct RenderingTests {
  @Test func errorWithCaretTildesAndFixIt() {
    let check = Prior.check(
      SourceFile(
        path: "pendulum.prior",
        text:
          "param k = 9.81\nx'' = -kk*sin(x)\nnoise x ~ 0.1\nnoise x' ~ 0.1\ninit x ~ 0\ninit x' ~ 0\ndt = 0.1"
      ))
    #expect(
      check.diagnostics.rendered() == """
        pendulum.prior:2:8: error: unknown name 'kk'; did you mean 'k'?
        x'' = -kk*sin(x)
               ^~

        """)
  }

  @Test func notesAndFixIts() {
    let check = Prior.check(
      SourceFile(path: "p.prior", text: "param k = 1\n\tparam k = 2\nx' = 1 - k x"))
    #expect(
      check.diagnostics.errors.rendered() == """
        p.prior:2:8: error: 'k' is already declared
        \tparam k = 2
        \t      ^
        p.prior:1:7: note: 'k' is first declared here
        param k = 1
              ^
        p.prior:3:12: error: missing operator between 'k' and 'x'; write '*' for a product
        x' = 1 - k x
                   ^
                   *

        """)
  }

  @Test func colorsAreOptional() {
    let check = Prior.check(SourceFile(path: "p", text: "x' = q"))
    let colored = check.diagnostics.errors.rendered(colored: true)
    #expect(colored.contains("\u{1B}[1;31merror:\u{1B}[0m"))
    #expect(!check.diagnostics.errors.rendered().contains("\u{1B}"))
  }

  @Test func unreadableFilesNameTheFile() {
    #expect(throws: PriorError.self) { try Prior(contentsOfFile: "/nonexistent/x.prior") }
    do {
      _ = try Prior(contentsOfFile: "/nonexistent/x.prior")
    } catch {
      #expect(
        error.description
          == "/nonexistent/x.prior:1:1: error: cannot read file '/nonexistent/x.prior': no such file\n"
      )
    }
    do {
      _ = try Prior(contentsOfFile: priorsDirectory)
    } catch {
      #expect(error.errors.first?.message.hasSuffix("it is a directory") == true)
    }
  }

  @Test func aBinaryFileIsOneErrorNamingIt() throws {
    let path = NSTemporaryDirectory() + "vidlat-binary-\(getpid()).prior"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data([0x78, 0x27, 0x20, 0x3D, 0x00, 0xFF, 0x01]).write(to: URL(fileURLWithPath: path))
    do {
      _ = try Prior(contentsOfFile: path)
      Issue.record("a binary file was read as a prior")
    } catch {
      #expect(
        error.description
          == "\(path):1:1: error: cannot read file '\(path)': it is not a text file (byte 4 is NUL)\n"
      )
    }
  }

  @Test func manyDiagnosticsAreCutAfterTheLimitWithACount() {
    let text = String(repeating: "x' = q\n", count: 25)
    let errors = Prior.check(SourceFile(path: "many.prior", text: text)).diagnostics.errors
    #expect(errors.count == 25)
    let rendered = errors.rendered()
    #expect(rendered.components(separatedBy: ": error: ").count - 1 == 20)
    #expect(rendered.hasSuffix("many.prior: note: 5 more diagnostics not shown (5 errors)\n"))
    #expect(errors.rendered(limit: 25).components(separatedBy: ": error: ").count - 1 == 25)
    #expect(!Array(errors.prefix(20)).rendered().contains("not shown"))
  }

  @Test func multiLineSpansUnderlineToTheEndOfTheLine() {
    let source = SourceFile(path: "p", text: "let a = (1 +\n 2)\n")
    let range = source.range(from: 8, to: 16)
    #expect(range.end.line == 2)
    #expect(
      Diagnostic.error("m", at: range).rendered() == "p:1:9: error: m\nlet a = (1 +\n        ^~~~\n"
    )
  }
}
