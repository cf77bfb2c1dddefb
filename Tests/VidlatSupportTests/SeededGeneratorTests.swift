import Foundation
import Testing
import VidlatSupport

@Suite struct SeededGeneratorTests {
  @Test func sameSeedSameSequence() {
    var a = SeededGenerator(seed: 42)
    var b = SeededGenerator(seed: 42)
    for _ in 0..<100 { #expect(a.next() == b.next()) }
    var c = SeededGenerator(seed: 43)
    #expect(SeededGenerator(seed: 42).state != c.state)
    _ = c.next()
  }

  @Test func restoredStateContinuesSequence() {
    var a = SeededGenerator(seed: 7)
    for _ in 0..<10 { _ = a.next() }
    var b = SeededGenerator(state: a.state)
    for _ in 0..<10 { #expect(a.next() == b.next()) }
  }

  @Test func normalSamplesHaveUnitMoments() {
    var g = SeededGenerator(seed: 1)
    let n = 200_000
    var sum = 0.0
    var sumSquares = 0.0
    for _ in 0..<n {
      let x = g.nextStandardNormal()
      sum += x
      sumSquares += x * x
    }
    let mean = sum / Double(n)
    let variance = sumSquares / Double(n) - mean * mean
    // Standard errors: 1/sqrt(n) ~ 0.0022 for the mean, sqrt(2/n) ~ 0.0032 for the variance.
    #expect(abs(mean) < 0.01)
    #expect(abs(variance - 1) < 0.015)
  }

  @Test func unitDoublesStayInRange() {
    var g = SeededGenerator(seed: 3)
    for _ in 0..<10_000 {
      let u = g.nextUnitDouble()
      #expect(u >= 0 && u < 1)
    }
  }
}

@Suite struct AtomicFileTests {
  @Test func writeReplacesWholeFile() throws {
    let directory = NSTemporaryDirectory() + "vidlat-atomic-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/sub/file.txt"
    try AtomicFile.write("first version, long", to: path)
    try AtomicFile.write("second", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory + "/sub")
    #expect(leftovers == ["file.txt"])
  }

  @Test func unwritableDirectoryNamesThePath() {
    #expect(throws: FileError.self) {
      try AtomicFile.write("x", to: "/proc/vidlat-cannot-write/file")
    }
  }
}
