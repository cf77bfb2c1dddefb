import PriorLanguage
import Testing

@Suite struct SessionTests {
  @Test func declarationsAccumulateAndExpressionsResolve() throws {
    var session = PriorSession()
    guard case .declared = session.submit("param k = 4") else {
      Issue.record("param not accepted")
      return
    }
    guard case .declared = session.submit("x'' = -k*x\nnoise x ~ 0.1") else {
      Issue.record("equation not accepted")
      return
    }
    #expect(session.model.states.map(\.name) == ["x", "x'"])
    #expect(session.model.noiseStandardDeviations == [0.1, 0])
    guard case .expression(let expression) = session.submit("k*x'") else {
      Issue.record("expression not resolved")
      return
    }
    #expect(expression == .multiply(.parameter(0), .state(1)))
    guard case .empty = session.submit("  # only a comment") else {
      Issue.record("comment not empty")
      return
    }
    #expect(session.names.parameters == ["k"])
    #expect(session.names.stateComponents == ["x", "x'"])
    #expect(session.source.text == "param k = 4\nx'' = -k*x\nnoise x ~ 0.1")
    let prior = try session.makePrior()
    #expect(prior.model.parameters.map(\.value) == [4])
    #expect(prior.warnings.count == 4)  // noise x', init x, init x', dt
  }

  @Test func aRejectedInputLeavesTheSessionUnchanged() {
    var session = PriorSession()
    _ = session.submit("param k = 4")
    let before = session.source.text
    guard case .rejected(let error) = session.submit("param j = 5\nparam j = 6\nlet a = q")
    else {
      Issue.record("duplicate accepted")
      return
    }
    #expect(
      summaries(error.diagnostics, including: [.error]) == [
        "2:7: error: 'j' is already declared",
        "3:9: error: unknown name 'q'; declare it with 'param q = ...', 'let q = ...' or an "
          + "equation such as q' = ...",
      ])
    #expect(error.diagnostics[0].range.source.path == "<input>")
    #expect(error.diagnostics[0].notes.first?.range.source.path == "<input>")
    #expect(session.source.text == before)
    guard case .rejected(let syntax) = session.submit("x'' = (") else {
      Issue.record("syntax error accepted")
      return
    }
    #expect(syntax.errors.count == 1)
    guard case .rejected = session.submit("k + 1\nparam j = 2") else {
      Issue.record("mixed input accepted")
      return
    }
    guard case .rejected = session.submit("zz + 1") else {
      Issue.record("unknown name accepted")
      return
    }
    #expect(session.model.parameters.map(\.value) == [4])
  }

  @Test func overridesAndLoading() throws {
    var session = try PriorSession(contentsOfFile: priorsDirectory + "/pendulum.prior")
    #expect(session.model.name == "pendulum")
    try session.apply([Override(parsing: "c=0.4")])
    #expect(session.model.parameters[1].value == 0.4)
    #expect(throws: PriorError.self) { try session.apply([Override(parsing: "q=1")]) }
    #expect(session.overrides.count == 1)
    guard case .declared = session.submit("let energy = x'^2/2 - k*cos(x)") else {
      Issue.record("let not accepted")
      return
    }
    #expect(try session.makePrior().model.parameters[1].value == 0.4)
    let energy = try session.expression("energy")
    #expect(abs(energy.evaluate(states: [0, 2], parameters: [9.81, 0.4]) - (2 - 9.81)) < 1e-12)
    #expect(throws: PriorError.self) { try PriorSession(contentsOfFile: "/nonexistent.prior") }
  }

  @Test func declaringAgainReplacesInPlace() throws {
    var session = PriorSession()
    _ = session.submit("param a = 2\nparam b = 3*a  # uses a\nx'' = -a*x")
    try session.apply([Override(parsing: "a=4"), Override(parsing: "b=1")])
    #expect(session.model.parameters.map(\.value) == [4, 1])
    guard case .declared(let replaced, _) = session.submit("param a = 5\nx' = -b*x") else {
      Issue.record("redeclaration rejected")
      return
    }
    #expect(replaced == ["param a = 2", "x'' = -a*x"])
    // a keeps its place before b, its override is dropped, b's stays.
    #expect(session.model.parameters.map(\.name) == ["a", "b"])
    #expect(session.model.parameters.map(\.value) == [5, 1])
    #expect(session.model.states.map(\.name) == ["x"])
    #expect(session.overrides.map(\.target) == [.parameter("b")])
    #expect(session.source.text == "param a = 5\nparam b = 3*a\nx' = -b*x")
    // A replacement that breaks the session is rejected like any error.
    guard case .rejected = session.submit("param a = b") else {
      Issue.record("param used before its declaration accepted")
      return
    }
    #expect(session.model.parameters.map(\.value) == [5, 1])
  }

  @Test func derivativesForDiff() throws {
    var session = PriorSession()
    _ = session.submit("param k = 2\nlet spring = -k*x\nx'' = spring")
    let derivative = try session.derivative(of: "spring*x'", withRespectTo: "x")
    #expect(derivative.evaluate(states: [0.3, 1.5], parameters: [2]) == -2 * 1.5)
    #expect(
      try session.derivative(of: "k*x^2", withRespectTo: "k")
        .evaluate(states: [3, 0], parameters: [2]) == 9)
    #expect(throws: PriorError.self) { try session.derivative(of: "x", withRespectTo: "y") }
    #expect(throws: PriorError.self) { try session.derivative(of: "x +", withRespectTo: "x") }
  }
}
