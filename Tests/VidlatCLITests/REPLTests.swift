import Foundation
import Testing

@testable import VidlatCLI

/// The REPL in-process, with a script as its standard input (plain mode).
@Suite struct REPLTests {
  private func session(_ script: String, arguments: [String] = []) -> (
    status: Int32, output: String, error: String
  ) {
    runCLI(["repl"] + arguments, input: script)
  }

  @Test func declarationsAccumulateAndExpressionsPrintValues() {
    let result = session(
      """
      param k = 2
      let twice = 2*k
      def square(a) = a*a
      square(twice) + 1
      sin(pi/2)
      1/3

      """)
    #expect(result.status == 0)
    #expect(result.output == "17\n1\n0.333333333333\n")
    #expect(result.error.isEmpty)
  }

  @Test func multiLineInputContinues() {
    let result = session(
      """
      (1 +
        2) *
        3
      10 - \\
      4

      """)
    #expect(result.output == "9\n6\n")
  }

  @Test func errorsPrintDiagnosticsAndTheSessionGoesOn() {
    let result = session(
      """
      param k = 2
      kk + 1
      param k = 3
      x' = -k*y
      :frobnicate
      k

      """)
    #expect(result.status == 0)
    #expect(result.output == "replaced: param k = 2\n3\n")
    #expect(result.error.contains("error: unknown name 'kk'; did you mean 'k'?\nkk + 1\n^~\n"))
    #expect(result.error.contains("x' = -k*y\n        ^\n"))
    #expect(result.error.contains("error: unknown command ':frobnicate'"))
  }

  @Test func simulateReportsARolloutThatOverflows() {
    let result = session(
      """
      x' = exp(x*x)
      init x ~ uniform(1, 2)
      dt = 0.5
      :simulate 5
      1 + 1

      """)
    #expect(result.status == 0)
    #expect(
      result.error.contains(
        "error: the simulation is not finite: x = inf at t = 0.5 (step 1 of sample 0)"))
    #expect(result.output.hasSuffix("2\n"))
  }

  @Test func loadShowDiffSetAndSimulate() {
    let result = session(
      """
      :show
      :diff x'^2/2 - k*cos(x) wrt x
      :diff -k*sin(x) - c*x' wrt c
      :set c=0.5
      c
      :set init.x=1.5
      x
      :simulate 40
      :reset
      :show

      """, arguments: [prior("pendulum")])
    #expect(result.error.isEmpty)
    let output = result.output
    #expect(output.hasPrefix("loaded prior pendulum: 2 states, 2 params\n"))
    #expect(output.contains("  d(x'')/dx  = -k*cos(x)\n"))
    #expect(output.contains("\nk*sin(x)\n"))
    #expect(output.contains("\n-x'\n"))
    #expect(output.contains("set c=0.5\n0.5\n"))
    #expect(output.contains("set init.x=1.5\n1.5\n"))
    // The plot, in symbols (not a terminal): both states, the time axis and the legend.
    #expect(output.contains("pendulum: one rollout of 40 steps"))
    #expect(output.contains(" * x  + x'\n"))
    #expect(output.contains("┤"))
    #expect(output.contains("session cleared\n"))
    #expect(output.hasSuffix("  (no equations yet)\n"))
  }

  @Test func quitEndsTheSessionAndLaterLinesAreIgnored() {
    let result = session("1+1\n:quit\n2+2\n")
    #expect(result.output == "2\n")
  }

  @Test func commandArgumentsAreChecked() {
    let result = session(
      """
      :simulate
      :diff x
      :load
      :load /no/such.prior
      :simulate many
      :set kk=1

      """)
    #expect(result.output.isEmpty)
    let error = result.error
    #expect(error.contains("error: the session has no equations to simulate"))
    #expect(error.contains("error: ':diff' needs 'EXPR wrt NAME'"))
    #expect(error.contains("error: ':load' needs a file"))
    #expect(error.contains("/no/such.prior"))
    #expect(error.contains("':simulate' takes a number of steps"))
    #expect(error.contains(":set:1:1: error:"))
  }

  @Test func missingFileArgumentIsAUsageError() {
    let result = runCLI(["repl", "/no/such.prior"])
    #expect(result.status == 64)
    #expect(
      result.error.hasPrefix("error: invalid value '/no/such.prior' for '<file>': no such file"))
  }

  @Test func unfinishedInputAtTheEndIsStillHandled() {
    let result = session("(1 +\n")
    #expect(result.error.contains("error:"))
  }

  @Test func aCommandEndsAnUnfinishedInput() {
    let result = session("(1 +\n:quit\n2\n")
    #expect(result.error.contains("error:"))
    #expect(result.output.isEmpty)
  }

  @Test func exitAndQuitLeaveUnlessDeclared() {
    for word in ["exit", "quit", "exit()", "quit()"] {
      let result = session("1 + 1\n\(word)\n2 + 2\n")
      #expect(result.output == "2\n", "\(word)")
      #expect(result.error.isEmpty, "\(word): \(result.error)")
    }
    let declared = session("param exit = 3\nexit\n")
    #expect(declared.output == "3\n")
  }

  @Test func varsListsWhatIsDefined() {
    #expect(session(":vars\n").output == "nothing is defined yet\n")
    let result = session(
      """
      param k = 2.5
      param c = 0
      x'' = -k*x - c*x'
      let energy = x'^2/2 + k*x^2/2
      def sq(a) = a*a
      :vars

      """)
    #expect(
      result.output == """
        params  k = 2.5, c = 0
        states  x, x'
        lets    energy
        defs    sq

        """)
  }

  @Test func nonFiniteValuesAreWarnedAbout() {
    let result = session("sqrt(-1)\nlog(0)\n1/3\n")
    #expect(result.output == "nan\n-inf\n0.333333333333\n")
    #expect(result.error.contains("warning: the value is not a number"))
    #expect(result.error.contains("warning: the value is infinite"))
  }

  @Test func timesAreRoundedToTheStep() {
    let result = session(
      """
      x' = 1
      init x ~ 0
      observe root = sqrt(2.79 - x)
      dt = 0.05
      :simulate 100

      """)
    #expect(result.error.contains(" at t = 2.8 (step 56 of sample 0)"), "\(result.error)")
  }
}

@Suite struct REPLInputTests {
  @Test func continuationFollowsOpenParenthesesOperatorsAndBackslashes() {
    var assembler = InputAssembler(needsContinuation: { text in
      text.filter { $0 == "(" }.count > text.filter { $0 == ")" }.count || text.hasSuffix("+")
    })
    #expect(assembler.add("1 + 2") == "1 + 2")
    #expect(assembler.add("f(1,") == nil)
    #expect(assembler.isContinuing)
    #expect(assembler.add("2)") == "f(1,\n2)")
    #expect(assembler.add("a +") == nil)
    #expect(assembler.add("b") == "a +\nb")
    #expect(assembler.add("x = \\") == nil)
    #expect(assembler.add("1") == "x =  1")
    #expect(assembler.add("(") == nil)
    #expect(assembler.flush() == "(")
    #expect(!assembler.isContinuing)
  }

  @Test func completionOffersCommandsKeywordsNamesAndFiles() {
    let engine = CompletionEngine(
      commands: [":load", ":show", ":simulate", ":set"], keywords: ["param", "let"],
      names: ["k", "kappa", "x", "x'", "sin"], overrideTargets: ["k", "dt", "init.x", "noise.x"])
    func complete(_ line: String) -> Completion {
      let word = String(line.split(separator: " ", omittingEmptySubsequences: false).last ?? "")
      return engine.complete(
        CompletionRequest(prefix: String(line.dropLast(word.count)), word: word))
    }
    #expect(complete(":s") == .words([":set", ":show", ":simulate"]))
    #expect(complete("pa") == .words(["param"]))
    #expect(complete("y = ka") == .words(["kappa"]))
    #expect(complete("k") == .words(["k", "kappa"]))
    #expect(complete("y = x") == .words(["x", "x'"]))
    #expect(complete(":diff sin(x) w") == .words(["wrt"]))
    #expect(complete(":set in") == .words(["init.x"]))
  }

  @Test func loadCompletesInThePathsFolder() throws {
    try withTemporaryDirectory { folder in
      try FileManager.default.createDirectory(
        atPath: folder + "/Priors/springs", withIntermediateDirectories: true)
      for name in ["spring.prior", "spring-2.prior", "pendulum.prior", ".hidden"] {
        try "".write(toFile: folder + "/Priors/" + name, atomically: true, encoding: .utf8)
      }
      let engine = CompletionEngine(commands: [], keywords: [], names: [], overrideTargets: [])
      func complete(_ prefix: String, _ word: String) -> Completion {
        engine.complete(CompletionRequest(prefix: prefix, word: word))
      }
      // readline's word stops at '/' and '-': the completions replace only the word.
      #expect(
        complete(":load \(folder)/Priors/", "sp")
          == .paths(["spring-2.prior", "spring.prior", "springs/"]))
      #expect(complete(":load \(folder)/Priors/spring-", "2") == .paths(["2.prior"]))
      #expect(complete(":l \(folder)/Priors/", "p") == .paths(["pendulum.prior"]))
      #expect(complete(":load \(folder)/Priors/", ".") == .paths([".hidden"]))
      #expect(complete(":load \(folder)/", "Pri") == .paths(["Priors/"]))
      #expect(complete(":load \(folder)/nowhere/", "") == .paths([]))
    }
  }

}
