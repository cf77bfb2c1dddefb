import Foundation
import Testing

@testable import PriorLanguage

/// Work that must grow no faster than the prior: counted, not timed.
@Suite struct ScaleTests {
  /// A chain of `d` first-order states, each pulled by the next.
  private func chain(_ d: Int) throws -> PriorModel {
    let equations = (0..<d).map { "x\($0)' = -0.5*x\($0) + 0.1*x\(($0 + 1) % d)" }
    let rest = (0..<d).flatMap { ["noise x\($0) ~ 0.01", "init x\($0) ~ normal(0, 1)"] }
    let text = (equations + rest + ["dt = 0.05", "integrator rk4"]).joined(separator: "\n")
    return try Prior(source: text, name: "chain.prior").model
  }

  /// The graph requests of one RK4 step with its Jacobian for a chain of `d` states.
  private func stepWithJacobianRequests(_ d: Int) throws -> Int {
    var graph = ExpressionGraph()
    _ = graph.discreteStep(
      SymbolicPrior(try chain(d)), stateJacobian: true, parameterJacobian: true)
    return graph.requests
  }

  /// The Jacobian's d x d entries make the work quadratic; the matrix products through the
  /// stages, visiting every entry of both factors, made it cubic.
  @Test func theStepJacobianOfASparsePriorIsBuiltInQuadraticWork() throws {
    let small = try stepWithJacobianRequests(40)
    let large = try stepWithJacobianRequests(80)
    #expect(Double(large) / Double(small) < 4.6, "\(small) -> \(large) requests")
  }

  /// Simulating compiles the step alone; the Jacobian programs wait until they are run.
  @Test func simulatingALargePriorCompilesNoJacobian() throws {
    let prior = CompiledPrior(try chain(400))
    let simulation = prior.simulate(steps: 20, samples: 2, seed: 1)
    #expect(simulation.divergence == nil)
    #expect(prior.stepProgram.isCompiled)
    for program in [
      prior.stepStateJacobianProgram, prior.stepAllJacobiansProgram,
      prior.stepJacobianDerivativesProgram, prior.observationJacobianProgram,
    ] {
      #expect(!program.isCompiled)
    }
  }

  /// The checker's work (syntax nodes lowered and names resolved, `Checker.work`) for a prior
  /// of `n` params, each defined from the one above, and one state using the last.
  private func checkWork(params n: Int) throws -> Int {
    let params = (0..<n).map { $0 == 0 ? "param p0 = 1" : "param p\($0) = p\($0 - 1)" }
    let text = (params + ["x' = -p\(n - 1)*x", "noise x ~ 0.01", "init x ~ 0", "dt = 0.05"])
      .joined(separator: "\n")
    let (syntax, diagnostics) = Parser.parse(SourceFile(path: "params.prior", text: text))
    #expect(diagnostics.isEmpty)
    let checker = Checker(syntax: syntax, overrides: [], isPartial: false)
    #expect(checker.run() != nil && checker.diagnostics.isEmpty)
    return checker.work
  }

  /// Eight times the params, eight times the work (the quadratic step re-read every param's
  /// range for each param; lowering a param's value again at each use would be quadratic
  /// too): 1,000 and 8,000 params, the ratio within 8 +- 0.2.
  @Test func checkingWorkIsLinearInTheParams() throws {
    let (small, large) = (try checkWork(params: 1000), try checkWork(params: 8000))
    #expect(abs(Double(large) / Double(small) - 8) < 0.2, "\(small) -> \(large)")
    #expect(small < 10 * 1000, "\(small) units of work for 1,000 params")
  }

  /// Simulating runs the step program once per step and sample: for a chain of d states its
  /// instructions grow as d (50 and 400 states: ratio within 8 +- 0.5).
  @Test func simulatingWorkIsLinearInTheStates() throws {
    func instructions(_ d: Int) throws -> Int {
      CompiledPrior(try chain(d)).stepProgram.program.instructions.count
    }
    let (small, large) = (try instructions(50), try instructions(400))
    #expect(abs(Double(large) / Double(small) - 8) < 0.5, "\(small) -> \(large) instructions")
  }

  /// A flat sum of 5,000 terms and a flat product of 5,000 factors check, compile and
  /// simulate (their syntax is one chain node, their lowered trees grouped by
  /// `Expression.chain`, about 100 deep, not 5,000), and a sum of 300 distinct terms
  /// simplifies back into a grouped chain: one Euler step matches the values computed here
  /// left to right. (5,000 distinct terms also go through, but the symbolic stage takes
  /// about 1 ms a term in a debug build, too slow for the suite.)
  @Test func flatChainsOf5000TermsCheckCompileAndSimulate() throws {
    let n = 5000
    let sum = (1...n).map { "\($0)e-4*x" }.joined(separator: " + ")
    let product = Array(repeating: "(1 + 1e-5*x)", count: n).joined(separator: " * ")
    let distinct = (1...300).map { "sin(\($0)e-4*x)" }.joined(separator: " - ")
    let text = """
      x' = -(\(sum)) / 5000
      y' = -y * \(product)
      z' = \(distinct)
      noise x ~ 0.01
      noise y ~ 0.01
      noise z ~ 0.01
      init x ~ normal(1, 0.1)
      init y ~ normal(1, 0.1)
      init z ~ 0
      dt = 0.1
      integrator euler
      """
    let check = Prior.check(SourceFile(path: "flat.prior", text: text))
    #expect(!check.hasErrors, "\(check.diagnostics.prefix(2).map(\.description))")
    let model = try #require(check.model)
    let start = [0.8, 1.2, 0.5]
    let simulation = CompiledPrior(model).simulate(
      steps: 1, samples: 1, seed: 1, noise: false, initialStates: start)
    #expect(simulation.divergence == nil)
    var (s, p, d) = (0.0, 1.0, sin(1e-4 * start[0]))
    for k in 1...n {
      s += Double(k) * 1e-4 * start[0]
      p *= 1 + 1e-5 * start[0]
    }
    for k in 2...300 { d -= sin(Double(k) * 1e-4 * start[0]) }
    let expected = [start[0] - 0.1 * s / 5000, start[1] - 0.1 * start[1] * p, start[2] + 0.1 * d]
    for i in 0..<3 {
      #expect(abs(simulation.states[3 + i] - expected[i]) < 1e-9, "component \(i)")
    }
  }

  /// Checking a prior of 20,000 params (each using the one above) and as many state
  /// components' noise and init lines.
  @Test func aLargePriorChecks() throws {
    let params = (0..<20_000).map { $0 == 0 ? "param p0 = 1" : "param p\($0) = p\($0 - 1)" }
    let states = (0..<2000).map { "x\($0)' = -p19999*x\($0)" }
    let rest = (0..<2000).flatMap { ["noise x\($0) ~ 0.01", "init x\($0) ~ 0"] }
    let text = (params + states + rest + ["dt = 0.05"]).joined(separator: "\n")
    let check = Prior.check(SourceFile(path: "large.prior", text: text))
    #expect(!check.hasErrors)
    #expect(check.model?.parameters.count == 20_000)
    #expect(check.model?.states.count == 2000)
  }
}
