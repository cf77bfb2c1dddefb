import Testing
import Video

@Suite struct VideoSmokeTests {
  @Test func moduleLoads() {}
}
