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
