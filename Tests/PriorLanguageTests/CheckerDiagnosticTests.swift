import PriorLanguage
import Testing

/// Each semantic check, stated as source plus the diagnostics it must produce.
@Suite struct CheckerDiagnosticTests {
  @Test func unknownNameSuggestsTheClosest() {
    expectDiagnostics(
      """
      param k = 9.81
      x'' = -kk*sin(x) - c*x'
      """,
      [
        "2:8: error: unknown name 'kk'; did you mean 'k'?",
        "2:20: error: unknown name 'c'; declare it with 'param c = ...', 'let c = ...' or an "
          + "equation such as c' = ...",
      ])
  }

  @Test func suggestionsIgnoreCaseButNotUnrelatedShortNames() {
    expectDiagnostics(
      """
      param K = 1
      param omega = 2
      x' = -k*x - omgea*y + Sin(x)
      """,
      [
        "3:7: error: unknown name 'k'; did you mean 'K'?",
        "3:13: error: unknown name 'omgea'; did you mean 'omega'?",
        "3:19: error: unknown name 'y'; declare it with 'param y = ...', 'let y = ...' or an "
          + "equation such as y' = ...",
        "3:23: error: unknown function 'Sin'; did you mean 'sin'?",
      ])
  }

  @Test func unknownFunctionSuggestsABuiltin() {
    expectDiagnostics(
      "x' = sinn(x) + foo(x)",
      [
        "1:6: error: unknown function 'sinn'; did you mean 'sin'?",
        "1:16: error: unknown function 'foo'",
      ])
  }

  @Test func derivativeWithoutEquation() {
    expectDiagnostics(
      "x' = y'",
      ["1:6: error: unknown name 'y'': there is no equation for 'y'"])
  }

  @Test func twoEquationsForOneVariable() {
    expectDiagnostics(
      """
      x'' = -x
      x' = 1
      """,
      ["2:1: error: 'x' already has an equation; a variable is defined by exactly one"])
    let check = Prior.check(SourceFile(path: "t", text: "x'' = -x\nx'' = 1"))
    #expect(check.diagnostics.errors.first?.notes.map(\.range.start.line) == [1])
  }

  @Test func noEquations() {
    expectDiagnostics(
      "param k = 1",
      ["1:1: error: the prior has no equations; declare at least one, such as x'' = -k*x"])
  }

  @Test func derivativeOrderAboveTheEquation() {
    expectDiagnostics(
      """
      x'' = -x'' - x
      y' = y'
      """,
      [
        "1:8: error: 'x''' is not part of the state: 'x' has a second-order equation, so "
          + "expressions can use 'x' and 'x''",
        "2:6: error: 'y'' is not part of the state: 'y' has a first-order equation, so "
          + "expressions can use 'y'",
      ])
  }

  @Test func thirdOrderIsRejected() {
    expectDiagnostics(
      "x''' = -x",
      [
        "1:1: error: only first- and second-order equations are supported (x' = ... or "
          + "x'' = ...); write a higher order as a system of first-order equations"
      ])
  }

  @Test func primesOnNonVariables() {
    expectDiagnostics(
      """
      param k = 1
      x' = k'
      """,
      [
        "2:6: error: 'k'': 'k' is a param, not a variable with an equation, so it has no time "
          + "derivative"
      ])
  }

  @Test func wrongArgumentCounts() {
    expectDiagnostics(
      """
      def f(a, b) = a*b
      x' = sin(x, 1) + atan2(x) + f(x) + pow(x) + clamp(x, 1)
      """,
      [
        "2:6: error: 'sin' takes 1 argument, but 2 were given",
        "2:18: error: 'atan2' takes 2 arguments, but 1 was given",
        "2:29: error: 'f' takes 2 arguments, but 1 was given",
        "2:36: error: 'pow' takes 2 arguments, but 1 was given",
        "2:45: error: 'clamp' takes 3 arguments, but 2 were given",
      ])
  }

  @Test func functionsAndValuesUsedAsTheOther() {
    expectDiagnostics(
      """
      param k = 1
      def f(a) = a
      x' = sin + f + k(2)
      """,
      [
        "3:6: error: 'sin' is a built-in function; call it with arguments, as in sin(...)",
        "3:12: error: 'f' is a def; call it with arguments, as in f(...)",
        "3:16: error: 'k' is a param, not a function",
      ])
  }

  @Test func recursiveLetsReportTheCycle() {
    expectDiagnostics(
      """
      let a = b + 1
      let b = c * 2
      let c = a
      x' = a
      """,
      ["1:5: error: let 'a' is defined in terms of itself: a -> b -> c -> a"])
  }

  @Test func recursiveDefsReportTheCycle() {
    expectDiagnostics(
      """
      def f(a) = g(a) + 1
      def g(a) = f(a) * 2
      def h(a) = h(a)
      x' = f(x)
      """,
      [
        "2:12: error: def 'f' calls itself: f -> g -> f; recursion is not allowed (defs are "
          + "inlined)",
        "3:12: error: def 'h' calls itself: h -> h; recursion is not allowed (defs are inlined)",
      ])
  }

  @Test func divisionByLiteralZero() {
    expectDiagnostics(
      "x' = x / 0 + x/(0.0) + x/-0 + 1/0.5",
      [
        "1:10: error: division by zero",
        "1:16: error: division by zero",
        "1:26: error: division by zero",
      ])
  }

  @Test func noiseAndInitForUnknownComponents() {
    expectDiagnostics(
      """
      param k = 1
      x' = -x
      noise y ~ 0.1
      noise x' ~ 0.1
      init k ~ 1
      init xx ~ 0
      """,
      [
        "3:7: error: unknown state component 'y' in noise",
        "4:7: error: 'x'' is not a state component: 'x' has a first-order equation, so the "
          + "state is 'x'",
        "5:6: error: init needs a state component, but 'k' is a param; the state is 'x'",
        "6:6: error: unknown state component 'xx' in init; did you mean 'x'?",
      ])
  }

  @Test func duplicateDeclarations() {
    expectDiagnostics(
      """
      prior a
      prior b
      param k = 1
      param k = 2
      let k = 3
      def f(a, a) = a
      x' = 1
      let x = 2
      noise x ~ 0.1
      noise x ~ 0.2
      init x ~ 0
      init x ~ 1
      dt = 0.1
      dt = 0.2
      integrator rk4
      integrator euler
      observe x
      observe x
      let sin = 1
      """,
      [
        "2:7: error: the prior is already named 'a'",
        "4:7: error: 'k' is already declared",
        "5:5: error: 'k' is already declared (as a param)",
        "6:10: error: duplicate parameter 'a' in def 'f'",
        "8:5: error: 'x' is already declared (as a variable)",
        "10:7: error: 'x' already has a noise declaration",
        "12:6: error: 'x' already has an init declaration",
        "14:1: error: dt is already declared",
        "16:12: error: the integrator is already declared",
        "18:9: error: 'x' is already observed",
        "19:5: error: 'sin' is a built-in name and cannot be declared; choose another name",
      ])
  }

  @Test func paramsMayOnlyUseParamsDeclaredAbove() {
    expectDiagnostics(
      """
      param a = b * 2
      param b = 3
      param c = x
      param d = r
      let r = 1
      x' = -a*x
      """,
      [
        "1:11: error: param 'b' is used before its declaration; the value of param 'a' can "
          + "only use params declared above it",
        "3:11: error: 'x' is a state component, but the value of param 'c' must be a constant "
          + "(numbers, pi, e and params)",
        "4:11: error: 'r' is a let, but the value of param 'd' must be a constant (numbers, "
          + "pi, e and params)",
      ])
  }

  @Test func equationsLetsAndNoiseMayUseParamsInAnyOrder() {
    expectDiagnostics(
      """
      x' = -k*x
      noise x ~ sigma
      let unused = k
      param k = 2
      param sigma = 0.1
      """, [])
  }

  @Test func constantsMustBeValid() {
    expectDiagnostics(
      """
      param k = 5 in [0, 1]
      param c = 1 in [2, 1]
      param m = log(-1)
      x' = -x
      noise x ~ -0.1
      init x ~ uniform(1, 1)
      dt = 0
      """,
      [
        "1:11: error: param 'k' = 5 is outside its range [0, 1]",
        "2:13: error: the range [2, 1] of param 'c' is empty; the lower bound must be below "
          + "the upper bound",
        "3:11: error: the value of param 'm' is not a finite number (it evaluates to nan)",
        "5:11: error: a noise standard deviation cannot be negative, but this is -0.1",
        "6:10: error: uniform(1, 1) is empty; the lower bound must be below the upper bound",
        "7:6: error: dt must be positive, but it is 0",
      ])
    expectDiagnostics(
      """
      x' = -x
      init x ~ normal(1, 0)
      """,
      [
        "2:20: error: the standard deviation of normal(mean, std) must be positive, but it "
          + "is 0; for a fixed value write init x ~ 1"
      ])
  }

  @Test func usersOfABrokenParamAreNotReportedAgain() {
    expectDiagnostics(
      """
      param a = 1/0
      param b = 2*a
      param c = 2 +* 1
      x' = -a*b*c*x
      """,
      [
        "1:13: error: division by zero",
        "3:14: error: expected an expression, found '*'",
      ])
  }

  @Test func unknownIntegrator() {
    expectDiagnostics(
      """
      x' = -x
      integrator rk5
      """,
      ["2:12: error: unknown integrator 'rk5'; did you mean 'rk4'? (choose rk4, euler, symplectic)"]
    )
  }

  @Test func distributionsOnlyInInit() {
    expectDiagnostics(
      """
      x' = uniform(0, 1)
      init x ~ 2*normal(0, 1)
      """,
      [
        "1:6: error: 'uniform(...)' is an initial distribution and can only be the whole value "
          + "of an init, as in init x ~ uniform(0, 1)",
        "2:12: error: 'normal(...)' is an initial distribution and can only be the whole value "
          + "of an init, as in init x ~ normal(0, 1)",
      ])
  }

  @Test func observationsMustBeStatesLetsOrExpressions() {
    expectDiagnostics(
      """
      param k = 1
      x' = -k*x
      observe k
      observe y
      observe total = x + q
      """,
      [
        "3:9: error: observe needs a state component or a let, but 'k' is a param; to observe "
          + "an expression write observe NAME = ...",
        "4:9: error: unknown name 'y'; declare it with 'param y = ...', 'let y = ...' or an "
          + "equation such as y' = ...",
        "5:21: error: unknown name 'q'; declare it with 'param q = ...', 'let q = ...' or an "
          + "equation such as q' = ...",
      ])
  }

  @Test func errorsInsideDefsAreReportedOnceWithTheCallSite() {
    let source = """
      def f(a) = a + zz
      param k = f(1)
      x' = f(x) + f(2*x)
      """
    expectDiagnostics(
      source,
      [
        "1:16: error: unknown name 'zz'; declare it with 'param zz = ...', 'let zz = ...' or an "
          + "equation such as zz' = ..."
      ])
    expectDiagnostics(
      """
      def f(a) = a + x
      param k = f(1)
      x' = -k*x
      """,
      [
        "1:16: error: 'x' is a state component, but the value of param 'k' must be a constant "
          + "(numbers, pi, e and params)"
      ])
    let check = Prior.check(
      SourceFile(path: "t", text: "def f(a) = a + x\nparam k = f(1)\nx' = -k*x"))
    #expect(check.diagnostics.errors.first?.notes.map(\.message) == ["in the def called here"])
    #expect(check.diagnostics.errors.first?.notes.first?.range.start.line == 2)
  }

  @Test func inliningIsBounded() {
    var lines = ["let a0 = x"]
    for i in 1...40 { lines.append("let a\(i) = a\(i - 1) + a\(i - 1)") }
    lines.append("x' = a40")
    let check = Prior.check(SourceFile(path: "t", text: lines.joined(separator: "\n")))
    #expect(check.model == nil)
    #expect(
      check.diagnostics.errors.first?.message
        == "expression is too large after inlining lets and defs (more than 100000 terms or "
        + "400 levels)")
  }

  @Test func longChainsOfLetsAndDefsAreBounded() {
    var lets = ["let a0 = x"]
    for i in 1...1000 { lets.append("let a\(i) = a\(i - 1) + 1") }
    lets.append("x' = -a1000")
    let check = Prior.check(SourceFile(path: "t", text: lets.joined(separator: "\n")))
    #expect(check.model == nil)
    #expect(check.diagnostics.errors.count == 1)
    var defs = ["def f0(a) = a"]
    for i in 1...1000 { defs.append("def f\(i)(a) = f\(i - 1)(a) * 2") }
    defs.append("x' = -f1000(x)")
    let defCheck = Prior.check(SourceFile(path: "t", text: defs.joined(separator: "\n")))
    #expect(defCheck.model == nil)
    #expect(!defCheck.diagnostics.errors.isEmpty)
  }
}

@Suite struct CheckerDiagnosticEdgeTests {
  @Test func defaultsAreNotWarnedAboutWhenTheFileHasSyntaxErrors() {
    expectDiagnostics(
      """
      x'' = -x
      noise x = 0.1
      """,
      ["2:9: error: expected '~' after 'noise x', found '='"],
      including: [.error, .warning])
  }

  @Test func reservedNamesAndPrimedObservations() {
    expectDiagnostics(
      """
      def f(pi, e2) = pi*e2
      x' = f(1, 2)
      observe x' = x
      observe speed' = x
      """,
      [
        "1:7: error: 'pi' is a built-in name and cannot name a function parameter",
        "3:9: error: an observation label cannot have primes (only 'observe x'' without '=' "
          + "observes a derivative); write a plain name, as in observe x_rate = ...",
        "4:9: error: an observation label cannot have primes (only 'observe speed'' without "
          + "'=' observes a derivative); write a plain name, as in observe speed_rate = ...",
      ])
  }
}
