import Engine
import Foundation
import PriorLanguage
import Testing
import VidlatSupport

@testable import PhysicsVAE

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct LatentAlignmentTests {
  func beacon() throws -> (model: CompiledPrior, description: PriorModel, parameters: [Double]) {
    let prior = try Prior(source: pulsarLikePriorSource)
    return (CompiledPrior(prior.model), prior.model, prior.model.parameters.map(\.value))
  }

  /// Frames linear in h leave no residual (up to the ridge, relative 1e-8); with h constant over the frames the fit is each
  /// pixel's mean, and the residual is the frames' variance about it.
  @Test func linearResidualOfExactAndConstantFits() {
    let pixels = 5
    let h = (0..<40).map { Double($0 % 7) / 7 }
    let pattern: [Float] = [0.1, 0.5, 0.9, 0.3, 0.7]
    let frames = h.flatMap { value in pattern.map { 0.2 + Float(value) * $0 } }
    let exact = LatentAlignment.linearResidual(
      observations: h, observationDimension: 1, frames: frames, pixels: pixels)
    let total = frames.reduce(0) { $0 + Double($1) * Double($1) }
    #expect(exact <= 1e-8 * total)

    let constant = LatentAlignment.linearResidual(
      observations: [Double](repeating: 0.4, count: h.count), observationDimension: 1,
      frames: frames, pixels: pixels)
    var variance = 0.0
    for p in 0..<pixels {
      let column = stride(from: p, to: frames.count, by: pixels).map { Double(frames[$0]) }
      let mean = column.reduce(0, +) / Double(column.count)
      variance += column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    }
    #expect(abs(constant - variance) <= 1e-6 * variance)
  }

  /// Means turned 1.3 rad ahead of the true phase: the choice turns them back, to the nearest
  /// of its 36 angles, because only then do the pulses of h fall on the bright frames.
  @Test func choiceTurnsTheLatentBackOntoThePulses() throws {
    let (model, _, parameters) = try beacon()
    var generator = SeededGenerator(seed: 2)
    let count = 300
    let phases = (0..<count).map { _ in 2 * Double.pi * generator.nextUnitDouble() - Double.pi }
    let radii = (0..<count).map { _ in 0.5 + 0.5 * generator.nextUnitDouble() }
    let truth = model.observe(
      states: phases.flatMap { [cos($0), sin($0)] }, count: count, parameters: parameters,
      jacobians: false
    ).observations
    let pattern: [Float] = (0..<16).map { Float($0) / 16 }
    let frames = truth.flatMap { b in
      pattern.map { 0.1 + 0.7 * Float(b) * $0 + 0.01 * Float(generator.nextStandardNormal()) }
    }
    let offset = 1.3
    let means = zip(phases, radii).flatMap { phase, r in
      [r * cos(phase + offset), r * sin(phase + offset)]
    }
    let choice = try #require(
      LatentAlignment.choose(
        means: means, frames: frames, pixels: pattern.count, model: model,
        parameters: parameters, planes: [StatePlane(first: 0, second: 1)]))
    #expect(choice.plane == StatePlane(first: 0, second: 1))
    let error = remainder(choice.angle + offset, 2 * Double.pi)
    #expect(abs(error) <= Double.pi / 36 + 1e-12, "turned by \(choice.angle)")
    #expect(choice.residual < 0.2 * choice.unrotatedResidual)
  }

  @Test func rotateMeansTurnsTheEncodersMeansOnly() throws {
    var generator = SeededGenerator(seed: 3)
    var model = VAE(stateDimension: 2, observationDimension: 1, size: 32, using: &generator)
    let frames = (0..<(2 * 3 * 32 * 32)).map { _ in Float(generator.nextUnitDouble()) }
    let before = try model.encode(frames: frames, sequences: 2, frameCount: 3)
    model.rotateMeans(plane: StatePlane(first: 0, second: 1), angle: 2)
    let after = try model.encode(frames: frames, sequences: 2, frameCount: 3)
    let expected = StatePlane(first: 0, second: 1).rotate(before.means, dimension: 2, angle: 2)
    #expect(largestRelativeError(after.means, expected) < 1e-4)
    #expect(after.logVariances == before.logVariances)
  }

  /// The trainer aligns the latent of a prior with a rotating plane when the reconstruction
  /// joins after a dynamics-first phase and when window cuts begin, says so, and logs it;
  /// with neither, nothing is turned.
  @Test(
    arguments: [
      (0.0, nil, nil), (1.0, nil, "the reconstruction joins"), (0.0, 1.0, "window cuts begin"),
    ] as [(Double, Double?, String?)])
  func trainerAlignsWhenTheReconstructionJoinsOrCutsBegin(
    dynamicsFirst: Double, cutsFrom: Double?, occasion: String?
  ) throws {
    let folder = temporaryFolder("alignment-\(dynamicsFirst)-\(cutsFrom ?? -1)")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let (model, description, _) = try beacon()
    var configuration = tinyConfiguration(epochs: 2)
    configuration.schedule.klOnlyFor = dynamicsFirst
    configuration.schedule.windowCutsFrom = cutsFrom
    let data = try TrainingData.scene(for: description, configuration: configuration)
    let trainer = try Trainer(
      run: RunFolder(path: folder), description: description, transition: model, data: data,
      configuration: configuration, resume: false)
    var messages: [String] = []
    var epochsBefore: [Int] = []
    try trainer.train(report: { event in
      if case .aligned(let message) = event {
        messages.append(message)
        epochsBefore.append(trainer.state.progress.records.count)
      }
    })
    // training.log exists only once something is logged.
    let log =
      (try? String(contentsOfFile: RunFolder(path: folder).logPath, encoding: .utf8)) ?? ""
    if let occasion {
      #expect(epochsBefore == [1])
      #expect(messages.count == 1)
      #expect(messages.first?.hasPrefix("epoch 2: \(occasion); the latent (u, v)") == true)
      #expect(log.contains("the latent (u, v) turned by"))
    } else {
      #expect(messages.isEmpty)
      #expect(!log.contains("turned by"))
    }
  }
}
