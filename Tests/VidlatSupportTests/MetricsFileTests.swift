import Foundation
import Testing
import VidlatSupport

@Suite struct MetricsFileTests {
  @Test func theLastRowsValueOfAColumn() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "metrics-\(UUID().uuidString).csv"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try "epoch,seconds,loss\n1,12.5,3\n2,30.25,2\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    #expect(MetricsFile.lastValue(of: "seconds", inFile: path) == 30.25)
    #expect(MetricsFile.lastValue(of: "epoch", inFile: path) == 2)
    #expect(MetricsFile.lastValue(of: "missing", inFile: path) == nil)
    #expect(MetricsFile.lastValue(of: "seconds", inFile: path + ".absent") == nil)
    try "epoch,seconds\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(MetricsFile.lastValue(of: "seconds", inFile: path) == nil)
  }
}
