import Testing

@testable import PriorLanguage

@Suite struct PriorBenchmarkTests {
  /// A tiny run: both sides compute the same F and J; no timing is asserted.
  @Test func compiledAndHandWrittenAgree() throws {
    let report = try PriorBenchmark.run(
      pendulum: ExampleModels.pendulum, batch: 300, repetitions: 2)
    #expect(report.maximumDifference < 1e-12)
    #expect(report.compiledPerSecond > 0 && report.handWrittenPerSecond > 0)
    #expect(report.description.contains("ratio compiled/hand-written"))
  }

  @Test func handWrittenJacobianMatchesCentralDifferences() {
    let z = [0.7, -1.1]
    let exact = PriorBenchmark.handWrittenStep(states: z, count: 1, k: 9.81, c: 0.3, dt: 0.05)
    let h = 1e-6
    for j in 0..<2 {
      var plus = z
      var minus = z
      plus[j] += h
      minus[j] -= h
      let fPlus = PriorBenchmark.handWrittenStep(states: plus, count: 1, k: 9.81, c: 0.3, dt: 0.05)
      let fMinus = PriorBenchmark.handWrittenStep(
        states: minus, count: 1, k: 9.81, c: 0.3, dt: 0.05)
      for i in 0..<2 {
        let central = (fPlus.next[i] - fMinus.next[i]) / (2 * h)
        #expect(Swift.abs(exact.jacobian[i * 2 + j] - central) < 1e-7)
      }
    }
  }

  @Test func rejectsAModelThatIsNotThePendulum() {
    #expect(throws: PriorBenchmark.ModelError.self) {
      try PriorBenchmark.run(pendulum: ExampleModels.pulsar, batch: 4, repetitions: 1)
    }
  }
}
