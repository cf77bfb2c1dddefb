import Testing
import Engine

@Suite struct EngineSmokeTests {
  @Test func moduleLoads() {}
}
