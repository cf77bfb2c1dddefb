import Foundation
import Testing

@Suite struct SimulateCommandTests {
  /// The CSV's rows as numbers, without the header.
  private func rows(_ csv: String) -> [[Double]] {
    csv.split(separator: "\n").dropFirst().map {
      $0.split(separator: ",").compactMap { Double($0) }
    }
  }

  @Test func csvHasTimeSampleStatesAndObservations() {
    let result = runCLI(["simulate", prior("pendulum"), "--steps", "4", "--samples", "3"])
    #expect(result.status == 0)
    let lines = result.output.split(separator: "\n")
    #expect(lines.first == "t,sample,x,x',h(x)")
    #expect(lines.count == 1 + 3 * 5)
    let table = rows(result.output)
    #expect(table.allSatisfy { $0.count == 5 })
    #expect(table.map { $0[1] } == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2])
    #expect(table[4][0] == 0.2)
    // The observation of the pendulum is its angle.
    #expect(table.allSatisfy { $0[2] == $0[4] })
  }

  @Test func sameSeedSameRollouts() {
    let a = runCLI(["simulate", prior("spring"), "-n", "20", "-s", "2", "--seed", "7"])
    let b = runCLI(["simulate", prior("spring"), "-n", "20", "-s", "2", "--seed", "7"])
    let c = runCLI(["simulate", prior("spring"), "-n", "20", "-s", "2", "--seed", "8"])
    #expect(a.output == b.output)
    #expect(a.output != c.output)
  }

  @Test func agreesWithAnIndependentRK4() {
    // x'' = -k sin(x) - c x', k = 9.81, c = 0.2, from x = 1.2, x' = 0, dt = 0.05.
    let result = runCLI([
      "simulate", prior("pendulum"), "--steps", "200", "--no-noise", "--set", "c=0.2",
      "--init", "x=1.2", "--init", "x'=0",
    ])
    #expect(result.status == 0)
    let table = rows(result.output)
    let (k, c, h) = (9.81, 0.2, 0.05)
    func g(_ z: [Double]) -> [Double] { [z[1], -k * sin(z[0]) - c * z[1]] }
    var z = [1.2, 0.0]
    var largest = 0.0
    for step in 0...200 {
      largest = max(largest, abs(table[step][2] - z[0]), abs(table[step][3] - z[1]))
      let k1 = g(z)
      let k2 = g(zip(z, k1).map { $0 + h / 2 * $1 })
      let k3 = g(zip(z, k2).map { $0 + h / 2 * $1 })
      let k4 = g(zip(z, k3).map { $0 + h * $1 })
      z = (0..<2).map { z[$0] + h / 6 * (k1[$0] + 2 * k2[$0] + 2 * k3[$0] + k4[$0]) }
    }
    #expect(table.count == 201)
    #expect(largest < 1e-6)
  }

  @Test func outWritesTheFileAndSaysSo() throws {
    try withTemporaryDirectory { folder in
      let path = folder + "/runs/traj.csv"
      let result = runCLI(["simulate", prior("falling"), "-n", "3", "--out", path])
      #expect(result.status == 0)
      #expect(result.output == "wrote \(path): 1 sample x 4 rows, columns t,sample,y,y',h(y)\n")
      let written = try String(contentsOfFile: path, encoding: .utf8)
      #expect(written == runCLI(["simulate", prior("falling"), "-n", "3"]).output)
    }
  }

  @Test func usageErrorsNameTheOption() {
    let steps = runCLI(["simulate", prior("pendulum"), "--steps", "-1"])
    #expect(steps.status == 64)
    #expect(
      steps.error.hasPrefix(
        "error: invalid value '-1' for '--steps <n>': expected an integer between 0 and"))
    let unknown = runCLI(["simulate", prior("pendulum"), "--set", "kk=2"])
    #expect(unknown.status == 64)
    #expect(unknown.error.contains("'--set <name=value>': unknown param 'kk'"))
    #expect(unknown.error.contains("did you mean 'k'?"))
    #expect(unknown.error.hasSuffix("See 'vidlat simulate --help'.\n"))
    let large = runCLI(["simulate", prior("pendulum"), "--steps", "100000000"])
    #expect(large.status == 64)
    let huge = runCLI(["simulate", prior("pendulum"), "-n", "10000", "-s", "10000"])
    #expect(huge.status == 64)
    #expect(huge.error.contains("too large"))
  }

  @Test func brokenFileFailsWithDiagnostics() throws {
    try withTemporaryFile("broken.prior", "x'' = -k*sin(x)\n") { path in
      let result = runCLI(["simulate", path])
      #expect(result.status == 1)
      #expect(result.output.isEmpty)
      #expect(result.error.contains("\(path):1:8: error:"))
    }
  }

  @Test func aRolloutThatOverflowsFailsNamingTheFileAndTheStep() throws {
    try withTemporaryFile(
      "blowup.prior", "x' = exp(x*x)\ninit x ~ uniform(1, 2)\ndt = 0.5\n"
    ) { path in
      let out = URL(fileURLWithPath: path).deletingLastPathComponent().path + "/traj.csv"
      let result = runCLI(["simulate", path, "--out", out])
      #expect(result.status == 1)
      #expect(
        result.error.contains(
          "error: \(path): the simulation is not finite: x = inf at t = 0.5 (step 1 of sample 0)"))
      #expect(!FileManager.default.fileExists(atPath: out))
      let huge = runCLI(["simulate", prior("pendulum"), "--set", "dt=1e300", "-n", "3"])
      #expect(huge.status == 1)
      #expect(huge.output.isEmpty)
      #expect(huge.error.contains("the simulation is not finite"))
    }
  }

  @Test func unwritableOutputFailsWithTheReason() {
    let result = runCLI(["simulate", prior("pendulum"), "--out", "/proc/vidlat/traj.csv"])
    #expect(result.status == 1)
    #expect(result.error.hasPrefix("error: /proc/vidlat/traj.csv: "))
  }
}
