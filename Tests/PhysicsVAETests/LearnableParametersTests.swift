import Engine
import Foundation
import PriorLanguage
import Testing

@testable import PhysicsVAE

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct LearnableParametersTests {
  /// k in [0.1, 100] (positive: log scale), c in [0, 10] (linear), both learnable.
  let model: PriorModel = {
    var model = pendulumDescription
    model.parameters[0].isLearnable = true
    return model
  }()

  @Test func positiveRangesAreLearnedOnALogScale() {
    let learnable = LearnableParameters(model: model, parameters: [6.867, 0.4])
    #expect(learnable.names == ["k", "c"])
    #expect(learnable.isLogScale == [true, false])
    #expect(abs(learnable.values[0].value.scalars[0] - log(6.867)) < 1e-15)
    #expect(learnable.values[1].value.scalars[0] == 0.4)
    #expect(abs(learnable.current[0] - 6.867) < 1e-12)
    #expect(
      learnable.applied(to: [1, 2]).enumerated().allSatisfy { abs($1 - [6.867, 0.4][$0]) < 1e-12 })
  }

  /// dL/dphi = theta dL/dtheta on the log scale, against a central difference in phi.
  @Test func gradientsAreWithRespectToTheOptimizerCoordinates() {
    var learnable = LearnableParameters(model: model, parameters: [6.867, 0.4])
    func loss(_ theta: [Double]) -> Double { theta[0] * theta[0] + 3 * theta[1] }
    learnable.setGradients(from: [2 * 6.867, 3])
    let h = 1e-6
    let phi = learnable.values[0].value.scalars[0]
    let central =
      (loss([exp(phi + h), 0.4]) - loss([exp(phi - h), 0.4])) / (2 * h)
    #expect(abs(learnable.values[0].gradient.scalars[0] - central) < 1e-6 * central)
    #expect(learnable.values[1].gradient.scalars[0] == 3)
  }

  @Test func stepsStayInsideTheDeclaredRanges() {
    var learnable = LearnableParameters(model: model, parameters: [6.867, 0.4])
    learnable.values[0].value = Tensor(log(500.0))
    learnable.values[1].value = Tensor(-2.0)
    learnable.clampToRanges()
    #expect(abs(learnable.current[0] - 100) < 1e-12)
    #expect(learnable.current[1] == 0)
  }

  /// A config.json written before the parameter and variance warm-ups existed reads with
  /// neither, so that such a run resumes as it was trained.
  @Test func anOlderConfigurationReadsWithoutTheNewSettings() throws {
    var encoded =
      try JSONSerialization.jsonObject(
        with: JSONEncoder().encode(TrainingConfiguration())) as! [String: Any]
    encoded.removeValue(forKey: "parameterWarmupEpochs")
    encoded.removeValue(forKey: "varianceWarmupEpochs")
    encoded.removeValue(forKey: "dynamicsFirstEpochs")
    let older = try JSONDecoder().decode(
      TrainingConfiguration.self, from: JSONSerialization.data(withJSONObject: encoded))
    var expected = TrainingConfiguration()
    expected.schedule.parametersHeldFor = 0
    expected.schedule.variancesHeldFor = 0
    #expect(older == expected)
    #expect(
      try JSONDecoder().decode(
        TrainingConfiguration.self, from: JSONEncoder().encode(TrainingConfiguration()))
        == TrainingConfiguration())
    var withCuts = TrainingConfiguration()
    withCuts.schedule.windowCutsFrom = 30
    #expect(
      try JSONDecoder().decode(TrainingConfiguration.self, from: JSONEncoder().encode(withCuts))
        == withCuts)
  }

  /// Held during the warm-up epoch, updated after it.
  @Test func learnableParametersAreHeldDuringTheWarmUp() throws {
    let folder = temporaryFolder("param-warmup")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let configuration = tinyConfiguration(epochs: 2)
    let trainer = try Trainer(
      run: RunFolder(path: folder), description: model, transition: PendulumModel(),
      data: try TrainingData.scene(for: model, configuration: configuration),
      configuration: configuration, resume: false)
    try trainer.train()
    let records = trainer.state.progress.records
    #expect(abs(records[0].parameters[0] - 9.81) < 1e-12 && records[0].parameters[1] == 0)
    #expect(abs(records[1].parameters[0] - 9.81) > 1e-3)
  }
}
