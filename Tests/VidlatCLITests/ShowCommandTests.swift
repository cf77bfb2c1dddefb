import Testing

@Suite struct ShowCommandTests {
  @Test func pendulumShowsItsDerivatives() {
    let result = runCLI(["show", prior("pendulum")])
    #expect(result.status == 0)
    let output = result.output
    for line in [
      "prior pendulum  (\(prior("pendulum")))",
      "  dx/dt  = x'", "  dx'/dt = -k*sin(x) - c*x'",
      "  d(x')/dx'  = 1", "  d(x'')/dx  = -k*cos(x)", "  d(x'')/dx' = -c",
      "  d(x'')/dk = -sin(x)", "  d(x'')/dc = -x'",
      "  x  = 0.01", "  x' = 0.1",
      "  x  ~ uniform(-1.6, 1.6)", "  x' ~ normal(0, 0.5)",
      "  h(x) = x", "  dh(x)/dx = 1",
    ] {
      #expect(output.contains(line + "\n"), "missing: \(line)")
    }
    #expect(!output.contains("\u{1B}["))
    #expect(!output.contains("PHASE PLANES"))
  }

  @Test func pulsarShowsItsPhasePlane() {
    let result = runCLI(["show", prior("pulsar")])
    #expect(result.status == 0)
    #expect(
      result.output.hasSuffix(
        "\n\nPHASE PLANES  (the prior turns them; the video shows only their angle)\n"
          + "  (u, v): one turn every 24 steps; the trainer chooses its settings "
          + "(docs/method.md, \"Phase planes\")\n"))
  }

  @Test func stepJacobianIsTheRK4StepAtTheMeanState() {
    // At z = 0 the pendulum is linear: x'' = -k x. One RK4 step of dt = 0.05 with k = 9.81
    // has dF_x/dx = 1 - (k h^2)/2 + (k h^2)^2/24 = 0.987763 (to 6 digits).
    let output = runCLI(["show", prior("pendulum")]).output
    #expect(output.contains("  x       0.987763  0.0497956\n"))
  }

  @Test func overridesShowInTheModel() {
    let output = runCLI(["show", prior("pendulum"), "--set", "c=0.5"]).output
    #expect(output.contains("  c       0.5  1/s    [0, 10]"))
  }

  @Test func badFileAndBadOverride() {
    let missing = runCLI(["show", "/no/such.prior"])
    #expect(missing.status == 1)
    #expect(missing.error.contains("/no/such.prior"))
    let outOfRange = runCLI(["show", prior("pendulum"), "--set", "k=1000"])
    #expect(outOfRange.status == 64)
    #expect(outOfRange.error.hasPrefix("error: invalid value 'k=1000' for '--set <name=value>': "))
  }
}
