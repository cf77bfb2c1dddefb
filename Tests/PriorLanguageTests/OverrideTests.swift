import PriorLanguage
import Testing

@Suite struct OverrideTests {
  private func overridden(_ sets: [String], inits: [String] = [], prior: String = "pendulum")
    throws -> PriorModel
  {
    var overrides = try sets.map { try Override(parsing: $0) }
    overrides += try inits.map { try Override(initialValue: $0) }
    return try shippedPrior(prior).applying(overrides).model
  }

  /// The rendered errors of applying the overrides to the pendulum.
  private func errors(_ sets: [String], inits: [String] = []) -> String {
    do {
      _ = try overridden(sets, inits: inits)
      return ""
    } catch let error as PriorError {
      return error.errors.rendered()
    } catch {
      return "\(error)"
    }
  }

  @Test func everyKindOfTarget() throws {
    let model = try overridden(
      ["k=4", "c=0.5", "dt=0.02", "integrator=euler", "noise.x'=0.2", "init.x'=-0.5"],
      inits: ["x=uniform(0, 1)"])
    #expect(model.parameters.map(\.value) == [4, 0.5])
    #expect(model.dt == 0.02)
    #expect(model.integrator == .euler)
    #expect(model.noiseStandardDeviations == [0.01, 0.2])
    #expect(model.initial == [.uniform(lower: 0, upper: 1), .fixed(-0.5)])
    let parsed = try Override(parsing: " noise.x' = 0.2")
    #expect(parsed.target == .noise("x'"))
    #expect(try Override(initialValue: "x=1.2").target == .initial("x"))
  }

  @Test func valuesAreExpressionsAndTheLastOverrideWins() throws {
    let model = try overridden(["k=2*pi", "c=k/10", "k=1"], inits: ["x'=normal(0, 2^-1)"])
    #expect(model.parameters[0].value == 1)
    #expect(abs(model.parameters[1].value - 0.1) < 1e-15)
    #expect(model.initial[1] == .normal(mean: 0, standardDeviation: 0.5))
  }

  @Test func derivedParamsFollowTheirInputs() throws {
    let prior = try Prior(source: "param a = 1\nparam b = 2*a\nx' = -b*x")
    let model = try prior.applying([Override(parsing: "a=5")]).model
    #expect(model.parameters.map(\.value) == [5, 10])
  }

  @Test func unknownNamesSuggest() {
    #expect(
      errors(["kk=4"]) == """
        --set:1:1: error: unknown param 'kk'; did you mean 'k'?
        kk=4
        ^~

        """)
    #expect(
      errors(["noise.y=1"])
        == "--set:1:7: error: unknown state component 'y' in noise.y\nnoise.y=1\n      ^\n")
    #expect(
      errors([], inits: ["x''=1"]).hasPrefix(
        "--init:1:1: error: 'x''' is not a state component: 'x' has a second-order equation, so "
          + "the state is 'x', 'x''"))
    #expect(
      errors(["x=1"]).hasPrefix(
        "--set:1:1: error: 'x' is a variable, not a param; set its initial value with init.x=... "
          + "(--init x=...)"))
    #expect(
      errors(["integrator=rk5"]).hasPrefix(
        "--set:1:12: error: unknown integrator 'rk5'; did you mean 'rk4'?"))
  }

  @Test func valuesOutsideTheDeclaredRange() {
    #expect(
      errors(["k=200"])
        == """
        --set:1:3: error: param 'k' = 200 set by --set is outside its range [0.1, 100]
        k=200
          ^~~
        <pendulum>:9:16: note: the range is declared here
        param k = 9.81 in [0.1, 100] learn unit "1/s^2"
                       ^~~~~~~~~~~~~

        """.replacingOccurrences(of: "<pendulum>", with: priorsDirectory + "/pendulum.prior"))
  }

  @Test func invalidValues() {
    #expect(errors(["dt=-1"]).hasPrefix("--set:1:4: error: dt must be positive, but it is -1"))
    #expect(
      errors(["noise.x=-1"]).hasPrefix(
        "--set:1:9: error: a noise standard deviation cannot be negative"))
    #expect(
      errors(["k=x"]).hasPrefix(
        "--set:1:3: error: 'x' is a state component, but the value of param 'k' must be a constant")
    )
    #expect(
      errors([], inits: ["x=uniform(2, 1)"]).hasPrefix("--init:1:3: error: uniform(2, 1) is empty"))
  }

  @Test func badSyntax() {
    func syntaxError(_ text: String) -> String {
      do {
        _ = try Override(parsing: text)
        return ""
      } catch {
        return summaries(error.diagnostics, including: [.error]).joined(separator: "\n")
      }
    }
    #expect(syntaxError("k") == "1:1: error: expected NAME=VALUE, as in k=4 or noise.x'=0.2")
    #expect(syntaxError("=3") == "1:1: error: expected a name before '='")
    #expect(syntaxError("k=") == "1:3: error: expected an expression, found end of line")
    #expect(
      syntaxError("k=4 5")
        == "1:5: error: missing operator between number 4 and number 5; write '*' for a product")
    #expect(syntaxError("k'=1") == "1:1: error: 'k'' is not a valid name")
    #expect(
      syntaxError("mass.x=1")
        == "1:1: error: unknown override 'mass.x'; write noise.NAME=STD or init.NAME=VALUE")
    #expect(
      syntaxError("integrator=2")
        == "1:12: error: expected an integrator name (rk4, euler or symplectic), found number 2")
    #expect(
      syntaxError("init.x=uniform(1)")
        == "1:8: error: uniform takes 2 arguments, as in uniform(lower, upper), but 1 was given")
  }
}
