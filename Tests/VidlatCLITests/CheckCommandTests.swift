import Testing

@Suite struct CheckCommandTests {
  @Test func shippedPriorsCheckClean() {
    let files = ["pendulum", "spring", "falling", "pulsar"].map(prior)
    let result = runCLI(["check"] + files)
    #expect(result.status == 0)
    for file in files {
      #expect(result.output.contains("\(file): ok"))
    }
    #expect(!result.output.contains("error"))
  }

  @Test func everyErrorIsReportedWithACaret() throws {
    try withTemporaryFile(
      "broken.prior",
      """
      param k = 9.81
      x'' = -kk*sin(x)
      noise y ~ 0.1

      """
    ) { path in
      let result = runCLI(["check", path])
      #expect(result.status == 1)
      #expect(result.output.contains("\(path):2:8: error: "))
      #expect(result.output.contains("x'' = -kk*sin(x)\n       ^~\n"))
      #expect(result.output.contains("\(path):3:7: error: "))
      #expect(result.output.contains("\n\(path): 2 errors"))
    }
  }

  @Test func warningsDoNotFail() throws {
    // No noise, init or dt: defaults are assumed, with warnings.
    try withTemporaryFile("defaults.prior", "x' = -x\n") { path in
      let result = runCLI(["check", path])
      #expect(result.status == 0)
      #expect(result.output.contains("warning:"))
      #expect(result.output.contains("\(path): ok, "))
    }
  }

  @Test func oneBadFileFailsTheWholeCheck() throws {
    let result = runCLI(["check", prior("pendulum"), "/no/such.prior"])
    #expect(result.status == 1)
    #expect(result.output.contains("\(prior("pendulum")): ok"))
    #expect(result.output.contains("/no/such.prior"))
    #expect(result.output.contains("no such file"))
  }

  @Test func noFileIsAUsageError() {
    let result = runCLI(["check"])
    #expect(result.status == 64)
    #expect(result.error.hasPrefix("error: missing argument '<file> ...'\n"))
  }
}
