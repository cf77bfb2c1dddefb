import Foundation
import Testing
import VidlatSupport

@testable import PriorLanguage

/// Every file in Priors/, loaded through the front end.
private let shippedPriorNames: [String] = {
  let files = (try? FileManager.default.contentsOfDirectory(atPath: priorsDirectory)) ?? []
  return files.filter { $0.hasSuffix(".prior") }.map { String($0.dropLast(".prior".count)) }
    .sorted()
}()

@Suite struct ShippedPriorTests {
  @Test func theFourBuiltInPriorsAreShipped() {
    #expect(Set(["pendulum", "spring", "falling", "pulsar"]).isSubset(of: Set(shippedPriorNames)))
  }

  @Test(arguments: shippedPriorNames)
  func derivativesMatchCentralDifferencesForEveryIntegrator(name: String) throws {
    let model = try shippedPrior(name).model
    for integrator in Integrator.allCases {
      checkStepJacobians(ExampleModels.withIntegrator(model, integrator))
      checkStepJacobianDerivatives(ExampleModels.withIntegrator(model, integrator))
      checkFloatAgreesWithDouble(ExampleModels.withIntegrator(model, integrator))
    }
    checkObservationJacobian(model)
  }

  /// What `vidlat show` prints reads back through the front end to the same expressions.
  @Test(arguments: shippedPriorNames)
  func printedSymbolicTableReadsBack(name: String) throws {
    let prior = try shippedPrior(name)
    let symbolic = SymbolicPrior(prior.model)
    let entries =
      symbolic.dynamics + symbolic.stateJacobian.joined() + symbolic.parameterJacobian.joined()
      + symbolic.observations + symbolic.observationJacobian.joined()
    for entry in entries {
      let text = prior.model.text(of: entry)
      #expect(try prior.expression(text).simplified() == entry, "\(name): \(text)")
    }
  }

  /// A larger system written in the language (two coupled order-2 variables with `let`s and
  /// two observations): exact Jacobians for each integrator.
  @Test func doublePendulumDerivativesMatchCentralDifferences() throws {
    let prior = try Prior(
      source: """
        prior double_pendulum
        param g = 9.81
        param l = 1
        param m = 1 learn
        let d = a - b
        let den = 2*m + m - m*cos(2*a - 2*b)
        a'' = (-g*(2*m + m)*sin(a) - m*g*sin(a - 2*b) - 2*sin(d)*m*(b'^2*l + a'^2*l*cos(d))) / (l*den)
        b'' = (2*sin(d)*(a'^2*l*(m + m) + g*(m + m)*cos(a) + b'^2*l*m*cos(d))) / (l*den)
        noise a ~ 0.01
        noise a' ~ 0.1
        noise b ~ 0.01
        noise b' ~ 0.1
        init a ~ uniform(-1, 1)
        init a' ~ normal(0, 0.5)
        init b ~ uniform(-1, 1)
        init b' ~ normal(0, 0.5)
        dt = 0.02
        observe x2 = l*sin(a) + l*sin(b)
        observe y2 = -l*cos(a) - l*cos(b)
        """)
    for integrator in Integrator.allCases {
      checkStepJacobians(ExampleModels.withIntegrator(prior.model, integrator))
      checkStepJacobianDerivatives(ExampleModels.withIntegrator(prior.model, integrator))
    }
    checkObservationJacobian(prior.model)
    checkFloatAgreesWithDouble(prior.model)
  }

  /// Printed random expressions read back through the real parser: to the same simplified
  /// expression, and to the same value as written.
  @Test func printedExpressionsReadBackThroughTheParser() throws {
    let prior = try Prior(
      source: """
        prior names
        param k = 1
        param c = 1
        x'' = -x
        y' = -y
        """)
    let names = (states: ["x", "x'", "y"], parameters: ["k", "c"])
    #expect(prior.model.states.map(\.name) == names.states)
    #expect(prior.model.parameters.map(\.name) == names.parameters)
    var generator = SeededGenerator(seed: 23)
    var parsed = 0
    for _ in 0..<300 {
      let e = RandomExpressions.expression(depth: 4, using: &generator)
      for candidate in [e, e.simplified()] {
        let text = candidate.text(stateNames: names.states, parameterNames: names.parameters)
        // Division by a literal zero is a checker error by design.
        guard let read = try? prior.expression(text) else {
          #expect(text.contains("/0") || text.contains("/(-0)"), "\(text) did not parse")
          continue
        }
        parsed += 1
        if candidate == e.simplified() { #expect(read.simplified() == candidate, "\(text)") }
        let z = [0.3, -0.7, 1.1]
        let theta = [1.3, 0.6]
        let (a, b) = (
          candidate.evaluate(states: z, parameters: theta),
          read.evaluate(states: z, parameters: theta)
        )
        #expect(
          a == b || (a.isNaN && b.isNaN) || Swift.abs(a - b) <= 1e-12 * Swift.abs(a), "\(text)")
      }
    }
    #expect(parsed > 500)
  }

  /// The files mean what the brief's naming table says (the hand-built test models).
  @Test func filesAgreeWithTheNamingTable() throws {
    for reference in ExampleModels.all {
      let model = try shippedPrior(reference.name).model
      #expect(model.states.map(\.name) == reference.states.map(\.name))
      #expect(model.parameters.map(\.name) == reference.parameters.map(\.name))
      #expect(model.parameters.map(\.unit) == reference.parameters.map(\.unit))
      for (a, b) in zip(model.parameters, reference.parameters) {
        #expect(Swift.abs(a.value - b.value) < 1e-12, "\(reference.name) \(a.name)")
      }
      #expect(SymbolicPrior(model).dynamics == SymbolicPrior(reference).dynamics)
      #expect(SymbolicPrior(model).observations == SymbolicPrior(reference).observations)
      #expect(model.noiseStandardDeviations == reference.noiseStandardDeviations)
      #expect(model.initial == reference.initial)
      #expect(model.dt == reference.dt && model.integrator == reference.integrator)
    }
  }

  @Test func pendulumFileDerivativesPrintReadably() throws {
    let model = try shippedPrior("pendulum").model
    let symbolic = SymbolicPrior(model)
    #expect(symbolic.dynamics.map(model.text(of:)) == ["x'", "-k*sin(x) - c*x'"])
    #expect(
      symbolic.stateJacobian.map { $0.map(model.text(of:)) } == [
        ["0", "1"], ["-k*cos(x)", "-c"],
      ])
    #expect(
      symbolic.parameterJacobian.map { $0.map(model.text(of:)) } == [
        ["0", "0"], ["-sin(x)", "-x'"],
      ])
  }

  /// `vidlat simulate Priors/pendulum.prior` agrees with an independent RK4 to 1e-6.
  @Test func pendulumFileRolloutMatchesHandWrittenRK4() throws {
    checkPendulumRollout(try shippedPrior("pendulum").model)
  }

  @Test func benchmarkRunsOnThePendulumFile() throws {
    let report = try PriorBenchmark.run(
      pendulum: try shippedPrior("pendulum").model, batch: 64, repetitions: 1)
    #expect(report.maximumDifference < 1e-12)
  }
}
