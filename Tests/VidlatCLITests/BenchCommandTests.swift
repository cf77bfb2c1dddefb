import Testing

@Suite struct BenchCommandTests {
  @Test func priorSuiteReportsTheRatio() {
    let result = runCLI(
      ["bench", "prior", "--prior", prior("pendulum"), "--batch", "8", "--repetitions", "1"])
    #expect(result.status == 0)
    #expect(result.output.contains("ratio compiled/hand-written: "))
  }

  @Test(arguments: ["pulsar", "spring"])
  func aPriorThatIsNotThePendulumIsAnError(name: String) {
    // The pulsar has other names; the spring has the pendulum's names but not its equation.
    let result = runCLI(
      ["bench", "prior", "--prior", prior(name), "--batch", "8", "--repetitions", "1"])
    #expect(result.status == 1)
    #expect(result.error.contains("is not the pendulum"))
  }

  @Test func unknownSuiteIsAUsageError() {
    let result = runCLI(["bench", "gpu"])
    #expect(result.status == 64)
    #expect(result.error.contains("expected one of 'prior', 'engine', 'svg', 'all'"))
  }

  @Test func svgSuiteReportsThroughputAndParts() {
    // A tiny model (2 filters at 32 x 32, one sequence); no timing is checked.
    let result = runCLI([
      "bench", "svg", "--size", "32", "--filters", "2", "--sequences", "1", "--steps", "1",
    ])
    #expect(result.status == 0)
    for text in [
      "sgemm 1024x1024: ", "SVG-LP 32 x 32 (filters 2", "1 sequences x 15 frames",
      "frames/s", "% of sgemm", "encoder ", "decoder ", "LSTMs ", "other ", "first step loss: ",
    ] {
      #expect(result.output.contains(text), "missing \(text)")
    }
  }
}
