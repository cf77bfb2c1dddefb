import Testing
import VidlatCLI

@Suite struct VidlatCLISmokeTests {
  @Test func moduleLoads() {}
}
