import Testing
import PriorLanguage

@Suite struct PriorLanguageSmokeTests {
  @Test func moduleLoads() {}
}
