import Testing

/// `show`, `check`, `simulate` and the REPL's `:simulate` on the i.i.d. and Gaussian-process
/// priors.
@Suite struct PriorKindCommandTests {
  @Test func showDescribesTheLatents() {
    let result = runCLI(["show", prior("gpball")])
    #expect(result.status == 0)
    #expect(
      result.output
        == "prior gpball  (\(prior("gpball")))\n"
        + "Gaussian-process prior: 2 latents, 0 params; dt = 1\n\n"
        + "LATENTS  z(.) ~ GP(0, k), t_i = i dt (lengthscales and periods in the unit of dt)\n"
        + "  x ~ se(lengthscale = 5, variance = 1)\n  y ~ se(lengthscale = 5, variance = 1)\n")
    let iid = runCLI(["show", prior("iid")]).output
    #expect(iid.contains("i.i.d. Gaussian prior: 2 latents, 0 params; dt = 0.05\n"))
    #expect(iid.contains("  x ~ normal(0, 1)\n  y ~ normal(0, 1)\n"))
  }

  @Test func checkAcceptsTheShippedKinds() {
    #expect(runCLI(["check", prior("iid")]).output == "\(prior("iid")): ok (2 states, 0 params)\n")
    #expect(runCLI(["check", prior("gpball")]).status == 0)
  }

  @Test func simulateDrawsPathsAndRefusesNoNoise() {
    let result = runCLI(["simulate", prior("gpball"), "--steps", "3", "--samples", "2"])
    #expect(result.status == 0)
    let lines = result.output.split(separator: "\n")
    #expect(lines.first == "t,sample,x,y,h(x),h(y)")
    #expect(lines.count == 1 + 2 * 4)
    // A GP path is smooth: neighbouring frames of a lengthscale-5 path differ little.
    let x = lines.dropFirst().prefix(4).map { Double($0.split(separator: ",")[2])! }
    #expect(zip(x, x.dropFirst()).allSatisfy { abs($0 - $1) < 0.5 })
    let refused = runCLI(["simulate", prior("iid"), "--no-noise"])
    #expect(refused.status == 64)
    #expect(refused.error.contains("--no-noise applies to ODE priors"))
  }

  @Test func replSimulatesAGaussianProcess() {
    let result = runCLI(
      ["repl"], input: "gp x ~ se(lengthscale = 2, variance = 1)\n:simulate 20\n")
    #expect(result.status == 0)
    #expect(result.output.contains("session: one draw of 20 steps (seed 1)"))
  }
}
