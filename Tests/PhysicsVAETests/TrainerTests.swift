import Engine
import Foundation
import PriorLanguage
import Testing
import Video
import VidlatSupport

@testable import PhysicsVAE

/// The pendulum prior as the language would lower it (the tests do not depend on the
/// language's parser); its numbers come from `PendulumModel`.
let pendulumDescription = PriorModel(
  name: "pendulum",
  parameters: [
    PhysicalParameter(name: "k", value: 9.81, range: 0.1...100),
    PhysicalParameter(name: "c", value: 0, range: 0...10, isLearnable: true),
  ],
  variables: [ConfigurationVariable(name: "x", order: 2, firstStateIndex: 0)],
  states: [
    StateComponent(name: "x", variable: 0, derivativeOrder: 0),
    StateComponent(name: "x'", variable: 0, derivativeOrder: 1),
  ],
  dynamics: [
    .state(1),
    .subtract(
      .negate(.multiply(.parameter(0), .call(.sin, [.state(0)]))),
      .multiply(.parameter(1), .state(1))),
  ],
  observations: [Observation(name: "x", expression: .state(0))],
  noiseStandardDeviations: [0.01, 0.1], initial: PendulumModel.initial, dt: 0.05,
  integrator: .rk4)

/// A tiny configuration: 6 sequences of 4 frames at 32 x 32, batch 2; the learnable
/// parameters are held for the first epoch.
func tinyConfiguration(epochs: Int) -> TrainingConfiguration {
  var configuration = TrainingConfiguration()
  configuration.schedule.epochs = epochs
  configuration.schedule.parametersHeldFor = 1
  configuration.batchSize = 2
  configuration.frameCount = 4
  configuration.sceneSequences = 6
  configuration.mixtureChains = 4
  configuration.mixtureSamples = 32
  configuration.seed = 7
  return configuration
}

func temporaryFolder(_ name: String) -> String {
  let path = NSTemporaryDirectory() + "vidlat-method-\(name)-\(getpid())"
  try? FileManager.default.removeItem(atPath: path)
  return path
}

func makeTrainer(folder: String, configuration: TrainingConfiguration, resume: Bool) throws
  -> Trainer
{
  let data = try TrainingData.scene(for: pendulumDescription, configuration: configuration)
  return try Trainer(
    run: RunFolder(path: folder), description: pendulumDescription,
    transition: PendulumModel(), data: data, configuration: configuration, resume: resume)
}

@Suite struct TrainerTests {
  @Test func tinyRunLowersTheLossAndWritesARunFolder() throws {
    let folder = temporaryFolder("tiny")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let trainer = try makeTrainer(
      folder: folder, configuration: tinyConfiguration(epochs: 3), resume: false)
    var steps = 0
    try trainer.train(report: { event in
      if case .step = event { steps += 1 }
    })
    #expect(steps == 3 * 3)
    let records = trainer.state.progress.records
    #expect(records.count == 3)
    #expect(records.allSatisfy { $0.train.isFinite && $0.validation.isFinite })
    #expect(records[2].train.total < records[0].train.total)
    #expect(records.allSatisfy { $0.recovery.count == 1 && $0.recovery[0].name == "x" })

    let run = RunFolder(path: folder)
    let metrics = try String(contentsOfFile: run.metricsPath, encoding: .utf8)
    let lines = metrics.split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines[0].hasPrefix("epoch,seconds,loss,reconstruction,transition_kl,marginal_kl"))
    #expect(lines[0].hasSuffix(",c,r2_x,r2_affine_x"))
    let latest = try Checkpoint<Float>.read(from: run.latestCheckpointPath)
    #expect(latest.parameters.allSatisfy { $0.tensor.scalars.allSatisfy(\.isFinite) })
    _ = try Checkpoint<Float>.read(from: run.bestCheckpointPath)
    let sheet = try PNG.decode(
      Array(try Data(contentsOf: URL(fileURLWithPath: run.reconstructionPath))))
    #expect(sheet.width > 32 && sheet.height > 32)
  }

  /// During `dynamicsFirstEpochs` the decoder waits while the encoder trains; afterwards
  /// both train.
  @Test func dynamicsFirstTrainsTheEncoderAlone() throws {
    let folder = temporaryFolder("dynamics-first")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var configuration = tinyConfiguration(epochs: 2)
    configuration.schedule.klOnlyFor = 1
    let trainer = try makeTrainer(folder: folder, configuration: configuration, resume: false)
    func weights(_ model: VAE, _ prefix: String) -> [Float] {
      var model = model
      var scalars: [Float] = []
      model.visitParameters { name, parameter in
        if name.hasPrefix(prefix) { scalars += parameter.value.scalars }
      }
      return scalars
    }
    let initial = trainer.state.model
    var afterFirstEpoch: VAE?
    try trainer.train(report: { event in
      if case .epoch(let record) = event, record.epoch == 1 {
        afterFirstEpoch = trainer.state.model
      }
    })
    let first = try #require(afterFirstEpoch)
    #expect(weights(first, "decoder.") == weights(initial, "decoder."))
    #expect(weights(first, "encoder.") != weights(initial, "encoder."))
    #expect(weights(trainer.state.model, "decoder.") != weights(first, "decoder."))
    let record = trainer.state.progress.records[0].train
    #expect(record.total < record.reconstruction)
  }

  @Test func resumedRunIsBitIdentical() throws {
    let straight = temporaryFolder("straight")
    let interrupted = temporaryFolder("interrupted")
    defer {
      try? FileManager.default.removeItem(atPath: straight)
      try? FileManager.default.removeItem(atPath: interrupted)
    }
    let configuration = tinyConfiguration(epochs: 2)
    let reference = try makeTrainer(folder: straight, configuration: configuration, resume: false)
    try reference.train()

    // Stop in the middle of the first epoch, then resume to the end.
    let first = try makeTrainer(folder: interrupted, configuration: configuration, resume: false)
    var steps = 0
    var stopped = false
    try first.train(
      shouldStop: { steps == 2 },
      report: { event in
        if case .step = event { steps += 1 }
        if case .stopped = event { stopped = true }
      })
    #expect(stopped)
    let second = try makeTrainer(folder: interrupted, configuration: configuration, resume: true)
    try second.train()

    #expect(second.state.progress.records.count == 2)
    for (a, b) in zip(reference.state.progress.records, second.state.progress.records) {
      #expect(a.train == b.train)
      #expect(a.validation == b.validation)
      #expect(a.parameters == b.parameters)
    }
    let left = try Checkpoint<Float>.read(from: RunFolder(path: straight).latestCheckpointPath)
    let right = try Checkpoint<Float>.read(from: RunFolder(path: interrupted).latestCheckpointPath)
    #expect(left.parameters == right.parameters)
    #expect(left.optimizerState == right.optimizerState)
  }

  @Test func priorWithoutSceneOrDataIsAClearError() {
    var description = pendulumDescription
    description.name = "double-pendulum"
    #expect(
      throws: TrainingError.noData(prior: "double-pendulum", scenes: Scene.allCases.map(\.rawValue))
    ) {
      try TrainingData.scene(for: description, configuration: tinyConfiguration(epochs: 1))
    }
  }
}

/// The pendulum, returning NaN from every step while `poisoned` is set.
final class Poison: @unchecked Sendable {
  var isSet = false
}

struct PoisonablePendulum: TransitionModel {
  let poison: Poison
  var stateDimension: Int { 2 }
  var parameterCount: Int { 2 }
  var observationDimension: Int { 1 }
  var processNoiseStandardDeviations: [Double] { [0.01, 0.1] }
  func step(states: [Double], count: Int, parameters: [Double], jacobians: Bool)
    -> StepEvaluation
  {
    var result = PendulumModel().step(
      states: states, count: count, parameters: parameters, jacobians: jacobians)
    if poison.isSet { result.next = result.next.map { _ in .nan } }
    return result
  }
  func stepJacobianDerivatives(states: [Double], count: Int, parameters: [Double]) -> [Double] {
    PendulumModel().stepJacobianDerivatives(states: states, count: count, parameters: parameters)
  }
  func observe(states: [Double], count: Int, parameters: [Double], jacobians: Bool)
    -> ObservationEvaluation
  {
    PendulumModel().observe(
      states: states, count: count, parameters: parameters, jacobians: jacobians)
  }
  func sampleInitialStates(count: Int, using generator: inout SeededGenerator) -> [Double] {
    PendulumModel().sampleInitialStates(count: count, using: &generator)
  }
}

@Suite struct NonFiniteStepTests {
  @Test func nonFiniteStepIsRejectedLoggedAndNeverCheckpointed() throws {
    let folder = temporaryFolder("nan")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let configuration = tinyConfiguration(epochs: 2)
    let poison = Poison()
    let trainer = try Trainer(
      run: RunFolder(path: folder), description: pendulumDescription,
      transition: PoisonablePendulum(poison: poison),
      data: try TrainingData.scene(for: pendulumDescription, configuration: configuration),
      configuration: configuration, resume: false)
    var rejections: [Double] = []
    var accepted = 0
    try trainer.train(report: { event in
      switch event {
      case .step:
        accepted += 1
        // Poison the step after the first one.
        poison.isSet = accepted == 1
      case .rejected(_, _, _, let rate):
        rejections.append(rate)
        poison.isSet = false
      default: break
      }
    })
    #expect(rejections == [configuration.learningRate / 2])
    // 2 epochs of 3 steps, one of them skipped.
    #expect(accepted == 5)
    let records = trainer.state.progress.records
    #expect(records.count == 2)
    #expect(records[0].rejectedSteps == 1 && records[1].rejectedSteps == 0)
    #expect(records.allSatisfy { $0.train.isFinite && $0.validation.isFinite })
    #expect(records[1].learningRate == configuration.learningRate / 2)
    let log = try String(contentsOfFile: folder + "/training.log", encoding: .utf8)
    #expect(log.contains("epoch 1 step 2: ") && log.contains("step rejected"))
    let checkpoint = try Checkpoint<Float>.read(from: RunFolder(path: folder).latestCheckpointPath)
    #expect(checkpoint.parameters.allSatisfy { $0.tensor.scalars.allSatisfy(\.isFinite) })
  }
}

@Suite struct TrainingDataTests {
  /// A `vidlat dataset` video records independent sequences: they are split whole between
  /// training and validation (one of four validates), training sequences every T / 4 frames
  /// and validation ones every T inside each, never joining two; the truth follows.
  @Test func aDatasetVideoIsSplitBySequence() throws {
    let folder = temporaryFolder("dataset-windows")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let (video, truth) = try Scene.pendulum.generate(sequences: 4, frames: 15, size: 8)
    try SceneDataset.write(video: video, truth: truth, to: folder)
    var configuration = TrainingConfiguration()
    configuration.frameCount = 8
    configuration.size = 8
    let data = try TrainingData.clips(paths: [folder], configuration: configuration)
    // Starts 0, 2, 4, 6 in each of 3 training sequences; 0 in the validation one.
    #expect(data.train.startFrames == [0, 2, 4, 6, 0, 2, 4, 6, 0, 2, 4, 6])
    #expect(data.validation.startFrames == [0])
    #expect(data.validationTruth?.rows.count == 8)
    let written = try Video.readY4M(path: folder + "/" + SceneDataset.videoFile)
    let sequences = (0..<4).map { written.frames(($0 * 15)..<($0 * 15 + 15)) }
    for s in 0..<data.train.count {
      let start = data.train.startFrames[s]
      let window = data.train.sequence(s).pixels
      #expect(sequences.contains { $0.frames(start..<(start + 8)).pixels == window })
    }
    let truthFrames = data.validationTruth?.column("frame") ?? []
    #expect(truthFrames == (0..<8).map(Double.init))
  }

  @Test func unreadableVideoNamesTheFile() {
    #expect {
      try TrainingData.clips(
        paths: ["/nonexistent/clip.y4m"], configuration: tinyConfiguration(epochs: 1))
    } throws: { error in
      "\(error)".contains("/nonexistent/clip.y4m")
    }
  }
}
