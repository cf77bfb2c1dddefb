import PriorLanguage
import Testing
import Video
import VidlatSupport

@testable import PhysicsVAE

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct LatentRecoveryTests {
  let truth = (0..<50).map { sin(Double($0) * 0.3) }

  @Test func rSquaredWithoutFitNeedsTheRightScale() {
    #expect(LatentRecovery.rSquared(estimate: truth, truth: truth) == 1)
    let mean = truth.reduce(0, +) / Double(truth.count)
    #expect(
      abs(LatentRecovery.rSquared(estimate: [Double](repeating: mean, count: 50), truth: truth))
        < 1e-12)
    // Half the scale: R^2 = 1 - 0.25 sum y^2 / sum (y - mean)^2, well below 1.
    #expect(LatentRecovery.rSquared(estimate: truth.map { $0 / 2 }, truth: truth) < 0.8)
    let flipped = truth.map { -$0 }
    #expect(LatentRecovery.rSquared(estimate: flipped, truth: truth) < -2)
    #expect(LatentRecovery.rSquared(estimate: flipped, truth: truth, allowSignFlip: true) == 1)
  }

  @Test func affineRSquaredRecoversAnAffineMap() {
    let affine = truth.map { 3 - 2 * $0 }
    #expect(
      abs(LatentRecovery.affineRSquared(regressors: affine, width: 1, truth: truth) - 1) < 1e-9)
    // An unrelated second regressor does not hurt.
    let two = (0..<50).flatMap { [affine[$0], cos(Double($0))] }
    #expect(abs(LatentRecovery.affineRSquared(regressors: two, width: 2, truth: truth) - 1) < 1e-9)
  }

  @Test func phaseRecoveryComparesUnitVectors() {
    let phase = (0..<60).map { Double($0) * 0.37 }
    // Any radius: only the direction counts.
    let means = phase.flatMap { [3 * cos($0), 3 * sin($0)] }
    let plane = StatePlane(first: 0, second: 1)
    let exact = LatentRecovery.phaseRecovery(
      name: "phase", means: means, dimension: 2, plane: plane, truthPhase: phase)
    #expect(exact.name == "phase" && abs(exact.rSquared - 1) < 1e-12)
    #expect(abs(exact.affineRSquared - 1) < 1e-9)
    let opposite = LatentRecovery.phaseRecovery(
      name: "phase", means: means.map { -$0 }, dimension: 2, plane: plane, truthPhase: phase)
    // The plane's order matters: (1, 0) reads the angle mirrored.
    let mirrored = LatentRecovery.phaseRecovery(
      name: "phase", means: means, dimension: 2, plane: StatePlane(first: 1, second: 0),
      truthPhase: phase)
    #expect(mirrored.rSquared < 0.5)
    #expect(opposite.rSquared < -2)
  }

  @Test func relativeError() {
    #expect(abs(LatentRecovery.relativeError(learned: 9.32, truth: 9.81) - 0.04995) < 1e-4)
    #expect(LatentRecovery.relativeError(learned: 0.02, truth: 0) == 0.02)
  }
}

@Suite struct ObservationRecoveryTests {
  func report(means: [Double], phases: [Double]) throws -> [VariableRecovery] {
    let prior = try Prior(source: pulsarLikePriorSource)
    let truth = GroundTruth(
      columns: ["u", "v", "s"], rows: phases.map { [cos($0), sin($0), 0.3] })
    let physics = KLPrior(
      transition: CompiledPrior(prior.model), initial: prior.model.initial,
      parameters: prior.model.parameters.map(\.value))
    return Evaluation.observationRecovery(
      means: means, prior: physics, description: prior.model, truth: truth)
  }

  @Test func theModelsBrightnessIsComparedWithTheTrueOne() throws {
    let phases = (0..<60).map { 2 * Double.pi * Double($0) / 60 - Double.pi + 0.01 }
    // The right phase at twice the radius: the same brightness, R^2 = 1.
    let right = try report(means: phases.flatMap { [2 * cos($0), 2 * sin($0)] }, phases: phases)
    #expect(right.map(\.name) == ["brightness"])
    #expect(abs(right[0].rSquared - 1) < 1e-12)
    // Half a turn off: the pulse where the truth is dark.
    let wrong = try report(means: phases.flatMap { [-cos($0), -sin($0)] }, phases: phases)
    #expect(wrong[0].rSquared < 0)
  }
}

@Suite struct ParameterScanTests {
  /// The scan's derivatives are those of its own KL values: central differences across two
  /// scan points h apart (KL_marg's draws are seeded, so it is a deterministic function).
  @Test func derivativesMatchTheScannedValues() throws {
    var generator = SeededGenerator(seed: 4)
    var model = VAE(stateDimension: 2, observationDimension: 1, size: 32, using: &generator)
    let configuration = tinyConfiguration(epochs: 1)
    let data = try TrainingData.scene(for: pendulumDescription, configuration: configuration)
    let prior = KLPrior(
      transition: PendulumModel(), initial: PendulumModel.initial, parameters: [9.81, 0.2],
      mixtureChains: 4, mixtureSamples: 32)
    let h = 1e-5
    let points = try Evaluation.parameterScan(
      model: &model, prior: prior, sequences: data.train, parameter: 0,
      values: [7 - h, 7, 7 + h], draws: 2)
    #expect(points.map(\.value) == [7 - h, 7, 7 + h])
    let transition = (points[2].transitionKL - points[0].transitionKL) / (2 * h)
    let marginal = (points[2].marginalKL - points[0].marginalKL) / (2 * h)
    #expect(abs(points[1].transitionGradient - transition) < 1e-5 * max(1, abs(transition)))
    #expect(abs(points[1].marginalGradient - marginal) < 1e-5 * max(1, abs(marginal)))
  }
}
