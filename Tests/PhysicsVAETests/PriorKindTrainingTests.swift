import Engine
import Foundation
import PriorLanguage
import Testing
import Video
import VidlatSupport

@testable import PhysicsVAE

/// The i.i.d. and Gaussian-process priors in the loss, the trainer and a trained run, on a
/// synthetic video: a bright 5 x 5 square moving along a smooth path in 32 x 32 frames.
@Suite struct PriorKindTrainingTests {
  static let gaussianProcess = """
    param ell = 2 in [0.5, 20] learn
    dt = 1
    gp x ~ se(lengthscale = ell, variance = 1)
    gp y ~ matern32(lengthscale = 3, variance = 1)
    """
  static let independent = """
    latent x ~ normal(0, 1)
    latent y ~ normal(0, 1)
    """

  /// `count` sequences of `length` frames, with the square's centre as truth (`x`, `y` in
  /// [-1, 1]) when `truth` is asked for.
  static func squares(count: Int, length: Int, seed: UInt64) -> (VideoSequences, GroundTruth) {
    var generator = SeededGenerator(seed: seed)
    var pixels = [Float](repeating: 0, count: count * length * 32 * 32)
    var rows: [[Double]] = []
    for s in 0..<count {
      let (x0, y0) = (
        generator.nextUnitDouble() * 1.2 - 0.6, generator.nextUnitDouble() * 1.2 - 0.6
      )
      let (vx, vy) = (
        generator.nextUnitDouble() * 0.2 - 0.1, generator.nextUnitDouble() * 0.2 - 0.1
      )
      for t in 0..<length {
        let (x, y) = (x0 + vx * Double(t), y0 + vy * Double(t))
        rows.append([Double(s), Double(t), x, y])
        let (cx, cy) = (Int((x + 1) * 16), Int((y + 1) * 16))
        for row in max(0, cy - 2)...min(31, cy + 2) {
          for column in max(0, cx - 2)...min(31, cx + 2) {
            pixels[((s * length + t) * 32 + row) * 32 + column] = 1
          }
        }
      }
    }
    return (
      VideoSequences(
        count: count, length: length, height: 32, width: 32, framesPerSecond: 10,
        pixels: pixels, startFrames: Array(repeating: 0, count: count)),
      GroundTruth(columns: ["sequence", "frame", "x", "y"], rows: rows)
    )
  }

  static func trainer(_ source: String, folder: String, epochs: Int, resume: Bool) throws
    -> Trainer
  {
    let prior = try Prior(source: source)
    var configuration = tinyConfiguration(epochs: epochs)
    configuration.schedule.variancesHeldFor = 0
    let (train, _) = squares(count: 4, length: 4, seed: 1)
    let (validation, truth) = squares(count: 2, length: 4, seed: 2)
    let data = TrainingData(
      train: train, validation: validation, validationTruth: truth, summary: "squares")
    try RunFolder(path: folder).writeSetup(
      priorSource: source,
      settings: RunSettings(
        configuration: configuration, priorFile: "test.prior", dataFiles: [], scene: nil,
        dataSummary: "squares"))
    return try Trainer(
      run: RunFolder(path: folder), description: prior.model,
      transition: CompiledPrior(prior.model), data: data, configuration: configuration,
      resume: resume)
  }

  /// The learned lengthscale's gradient through the whole loss equals a central difference
  /// (KL terms only, so that the Float decoder does not blur the difference), and the
  /// KL_marg slot is empty for both kinds.
  @Test func lossCarriesTheKindsKL() throws {
    let (video, _) = Self.squares(count: 2, length: 4, seed: 3)
    let plan = LossPlan(
      weights: KLWeights(transition: 0.7, marginal: 1.3), reconstruction: .reportedOnly)
    for source in [Self.gaussianProcess, Self.independent] {
      let model = try Prior(source: source).model
      let compiled = CompiledPrior(model)
      var generator = SeededGenerator(seed: 0)
      let network = VAE(
        stateDimension: 2, observationDimension: 2, size: 32, using: &generator)
      func loss(_ theta: [Double]) throws -> (terms: LossTerms, parameterGradient: [Double]) {
        var copy = network
        var noise = SeededGenerator(seed: 9)
        return try copy.loss(
          frames: video.pixels, sequences: 2, frameCount: 4,
          prior: KLPrior(
            model: model, transition: compiled, parameters: theta, mixtureChains: 2,
            mixtureSamples: 4),
          plan: plan, pass: .backward, using: &noise)
      }
      let theta = model.parameters.map(\.value)
      let (terms, gradient) = try loss(theta)
      #expect(terms.isFinite && terms.transitionKL > 0 && terms.marginalKL == 0)
      #expect(abs(terms.total - 0.7 * terms.transitionKL) < 1e-12)
      if !theta.isEmpty {
        let step = 1e-6
        let numeric =
          (try loss([theta[0] + step]).terms.total - loss([theta[0] - step]).terms.total)
          / (2 * step)
        #expect(abs(gradient[0] - numeric) < 1e-6 * (1 + abs(numeric)))
      }
    }
  }

  /// A Gaussian-process run trains, checkpoints, resumes and reports the recovery of both
  /// latents; the run loads and evaluates on its path posterior means.
  @Test func gaussianProcessRunTrainsResumesAndEvaluates() throws {
    let folder = temporaryFolder("gp")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let first = try Self.trainer(Self.gaussianProcess, folder: folder, epochs: 1, resume: false)
    try first.train()
    let second = try Self.trainer(Self.gaussianProcess, folder: folder, epochs: 2, resume: true)
    try second.train()
    let records = second.state.progress.records
    #expect(records.count == 2)
    #expect(records.first?.validation == first.state.progress.records.first?.validation)
    #expect(records.allSatisfy { $0.train.isFinite && $0.validation.marginalKL == 0 })
    #expect(records.allSatisfy { $0.recovery.map(\.name) == ["x", "y"] })
    // The lengthscale is held for the first epoch, then learns.
    #expect(records.map { $0.parameters == [2] } == [true, false])

    var run = try TrainedRun(path: folder, checkpoint: .latest)
    let (validation, truth) = Self.squares(count: 2, length: 4, seed: 2)
    let report = try run.evaluate(sequences: validation, truth: truth)
    #expect(report.variables.map(\.name) == ["x", "y"])
    #expect(report.variables.allSatisfy { $0.affineRSquared.isFinite })
    let encoded = try run.encode(validation)
    let smoothed = try run.physicsPrior.latentPosteriors(encoded)
    #expect(smoothed.means != encoded.means)
    #expect(zip(smoothed.logVariances, encoded.logVariances).allSatisfy { $0 < $1 })

    // predict forecasts the GP from the context frames; sample draws GP paths.
    let prediction = try run.predict(video: validation.sequence(0), context: 3, horizon: 5)
    #expect(prediction.states.count == 8 * 2 && prediction.frames.length == 8)
    #expect(prediction.psnr.count == 1 && prediction.psnr[0].isFinite)
    let samples = try run.sample(count: 2, frames: 6, seed: 1)
    #expect(samples.count == 2 && samples.length == 6)
    #expect(throws: TrainingError.self) { try run.intervene(on: validation, Intervention()) }
  }

  @Test func independentRunTrains() throws {
    let folder = temporaryFolder("iid")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let trainer = try Self.trainer(Self.independent, folder: folder, epochs: 1, resume: false)
    try trainer.train()
    let record = try #require(trainer.state.progress.records.first)
    #expect(record.train.isFinite && record.train.marginalKL == 0 && record.train.transitionKL > 0)
    #expect(record.recovery.map(\.name) == ["x", "y"])
    try RunFolder(path: folder).writeSetup(
      priorSource: Self.independent,
      settings: try RunFolder(path: folder).readSettings())
    var run = try TrainedRun(path: folder, checkpoint: .latest)
    let (video, _) = Self.squares(count: 1, length: 4, seed: 4)
    #expect(
      throws: TrainingError.configuration(
        "an i.i.d. prior links no frame to the next, so it cannot carry the latent past the "
          + "context; extrapolate the latent linearly instead (--extrapolate linear)")
    ) { try run.predict(video: video.sequence(0), context: 2, horizon: 2) }
    let linear = try run.predict(
      video: video.sequence(0), context: 2, horizon: 2, extrapolation: .linear)
    #expect(linear.states.count == 4 * 2)
    #expect(try run.sample(count: 3, frames: 2, seed: 0).count == 3)
  }

  @Test func betaMIsRejectedForAPriorWithoutDynamics() {
    let settings = TrainingSettings(given: [.marginalWeight])
    #expect(settings.problem(for: .dynamics) == nil)
    #expect(
      settings.problem(for: .gaussianProcess([]))
        == "--beta-m weighs KL_marg, which only ODE priors have; this is a Gaussian-process "
        + "prior, whose one KL term --beta-t weighs")
  }
}
