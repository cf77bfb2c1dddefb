import Engine
import Testing

@Suite struct EngineBenchmarkTests {
  @Test func smallBenchmarkRunsAndCountsFLOPs() {
    let report = EngineBenchmark(sequences: 1, framesPerSequence: 2, steps: 1, gemmSize: 64).run()
    #expect(report.framesPerStep == 2)
    // Reference architecture at 32 x 32, d = 2, o = 1: forward 2 * (multiply-adds) per frame.
    let forwardPerFrame =
      2.0
      * Double(
        16 * 16 * 48 * 32 + 8 * 8 * 512 * 64 + 4 * 4 * 1024 * 128 + 2048 * 256 + 256 * 4
          + 1 * 256 + 256 * 2048 + 4 * 4 * 128 * 16 * 64 + 8 * 8 * 64 * 16 * 32
          + 16 * 16 * 32 * 16 * 1)
    let firstConv = 2.0 * 16 * 16 * 48 * 32
    #expect(report.flopsPerStep == 2 * (3 * forwardPerFrame - firstConv))
    #expect(report.secondsPerStep > 0 && report.gemmGFLOPS > 0)
  }
}
