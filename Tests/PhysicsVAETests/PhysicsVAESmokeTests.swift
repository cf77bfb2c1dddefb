import Testing
import PhysicsVAE

@Suite struct PhysicsVAESmokeTests {
  @Test func moduleLoads() {}
}
