import Foundation
import PriorLanguage
import Testing
import VidlatSupport

@testable import PhysicsVAE

/// `Evaluation.parameterIntervals` on posteriors that are a known linear system's simulated
/// states: the spring with both k and c learnable, simulated with its process noise.
@Suite struct ParameterIntervalTests {
  static let spring = CompiledPrior(
    try! Prior(
      source: """
        prior spring
        param k = 16 in [0.1, 400] learn unit "1/s^2"
        param c = 0.3 in [0, 10] learn unit "1/s"
        x'' = -k*x - c*x'
        noise x ~ 0.005
        noise x' ~ 0.05
        init x ~ uniform(-0.8, 0.8)
        init x' ~ normal(0, 1)
        dt = 0.05
        """
    ).model)
  /// The true theta = (k, c).
  static let truth = spring.defaultParameters

  /// `sequences` simulated paths of `frames` frames with process noise, as posteriors with a
  /// variance (1e-8) far below the process noise's (2.5e-5 and 2.5e-3): the encoder of a
  /// perfect model.
  static func posteriors(sequences: Int, frames: Int, seed: UInt64) -> FramePosteriors {
    var generator = SeededGenerator(seed: seed)
    let initial = spring.sampleInitialStates(count: sequences, using: &generator)
    var noise: SeededGenerator? = generator
    let states = TrainedRun.rollout(
      initialStates: initial, transition: spring, parameters: truth, steps: frames,
      generator: &noise)
    return FramePosteriors(
      sequenceCount: sequences, frameCount: frames, dimension: 2, means: states,
      logVariances: [Double](repeating: log(1e-8), count: states.count))
  }

  static func intervals(_ posteriors: FramePosteriors, at theta: [Double]) -> [ParameterInterval] {
    Evaluation.parameterIntervals(
      of: [0, 1], posteriors: posteriors, transition: spring, parameters: theta)
  }

  /// The value KL_trans gives, one Newton step from the truth, is near the truth, and the
  /// interval around it covers the truth; a second step from 10% off lands on it too (the
  /// term is nearly quadratic in theta).
  @Test func theIntervalCoversTheTruthAndNewtonFindsIt() throws {
    let posteriors = Self.posteriors(sequences: 24, frames: 40, seed: 3)
    let fromTruth = Self.intervals(posteriors, at: Self.truth)
    for (index, interval) in fromTruth.enumerated() {
      let estimate = try #require(interval.transitionOnlyValue)
      let atEstimate = Self.intervals(
        posteriors, at: Self.truth.enumerated().map { $0 == index ? estimate : $1 })[index]
      let standardError = try #require(atEstimate.standardError)
      let halfWidth = try #require(atEstimate.halfWidth95)
      #expect(abs(estimate - Self.truth[index]) < halfWidth, "parameter \(index)")
      #expect(standardError < 0.2 * Self.truth[index], "parameter \(index) is pinned")
      var offset = Self.truth
      offset[index] *= 1.1
      let fromOffset = try #require(
        Self.intervals(posteriors, at: offset)[index].transitionOnlyValue)
      #expect(abs(fromOffset - estimate) < 0.05 * standardError, "parameter \(index)")
    }
  }

  /// Over independent data sets, the sandwich standard error matches the actual spread of
  /// the KL_trans estimate, and the 95% intervals cover the truth about as often as they
  /// claim.
  @Test func theStandardErrorMatchesTheSpreadOverDataSets() throws {
    let replications = 40
    var estimates: [Double] = []
    var standardErrors: [Double] = []
    var covered = 0
    for seed in 0..<replications {
      let posteriors = Self.posteriors(sequences: 12, frames: 20, seed: UInt64(100 + seed))
      let estimate = try #require(
        Evaluation.parameterIntervals(
          of: [1], posteriors: posteriors, transition: Self.spring, parameters: Self.truth
        )[0].transitionOnlyValue)
      var theta = Self.truth
      theta[1] = estimate
      let interval = Evaluation.parameterIntervals(
        of: [1], posteriors: posteriors, transition: Self.spring, parameters: theta)[0]
      let standardError = try #require(interval.standardError)
      estimates.append(estimate)
      standardErrors.append(standardError)
      let halfWidth = try #require(interval.halfWidth95)
      if abs(estimate - Self.truth[1]) <= halfWidth { covered += 1 }
    }
    let mean = estimates.reduce(0, +) / Double(replications)
    let spread =
      (estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(replications - 1))
      .squareRoot()
    let typicalError = standardErrors.reduce(0, +) / Double(replications)
    #expect(typicalError > 0.7 * spread && typicalError < 1.4 * spread, "\(typicalError) \(spread)")
    #expect(covered >= 34, "\(covered) of \(replications) intervals cover c")
  }

  /// The curvature (a central difference of the exact gradient) against the second
  /// difference of KL_trans's value.
  @Test func theCurvatureMatchesASecondDifferenceOfTheValue() {
    let posteriors = Self.posteriors(sequences: 4, frames: 12, seed: 9)
    let theta = [15.0, 0.4]
    for index in 0..<2 {
      let curvature = Evaluation.transitionCurvature(
        of: index, posteriors: posteriors, transition: Self.spring, parameters: theta)
      let step = 1e-3 * theta[index]
      func value(_ offset: Double) -> Double {
        var shifted = theta
        shifted[index] += offset
        return TransitionKL.evaluate(
          posteriors: posteriors, model: Self.spring, parameters: shifted
        )
        .value
      }
      let secondDifference = (value(step) - 2 * value(0) + value(-step)) / (step * step)
      #expect(curvature > 0)
      #expect(abs(curvature - secondDifference) < 1e-4 * abs(curvature), "parameter \(index)")
    }
  }

  @Test func noLearnableParameterNoInterval() {
    let posteriors = Self.posteriors(sequences: 3, frames: 5, seed: 1)
    #expect(
      Evaluation.parameterIntervals(
        of: [], posteriors: posteriors, transition: Self.spring, parameters: Self.truth
      ).isEmpty)
  }

  /// One sequence: a curvature and a Newton value, but no spread to estimate an error from.
  @Test func oneSequenceGivesTheNewtonValueButNoInterval() {
    let interval = Self.intervals(
      Self.posteriors(sequences: 1, frames: 30, seed: 2), at: Self.truth)[0]
    #expect(interval.standardError == nil)
    #expect(interval.halfWidth95 == nil)
    #expect(interval.transitionOnlyValue != nil)
    #expect(interval.whyNoInterval?.contains("one sequence") == true)
  }

  /// A parameter KL_trans does not depend on has zero curvature: no interval, said so.
  @Test func aFlatDirectionGivesNoInterval() throws {
    let prior = try Prior(
      source: """
        param k = 4 learn
        param width = 0.3 learn
        x'' = -k*x
        observe blur = x*width
        noise x ~ 0.01
        noise x' ~ 0.1
        init x ~ 1
        init x' ~ 0
        dt = 0.05
        """)
    let compiled = CompiledPrior(prior.model)
    let interval = Evaluation.parameterIntervals(
      of: [1], posteriors: Self.posteriors(sequences: 3, frames: 6, seed: 4),
      transition: compiled, parameters: compiled.defaultParameters)[0]
    #expect(interval.standardError == nil)
    #expect(interval.transitionOnlyValue == nil)
    #expect(interval.whyNoInterval?.contains("not convex") == true)
  }

  @Test func sequencesOfOneFrameGiveNoInterval() {
    let interval = Self.intervals(
      Self.posteriors(sequences: 4, frames: 1, seed: 5), at: Self.truth)[1]
    #expect(interval.standardError == nil)
    #expect(interval.whyNoInterval?.contains("two frames") == true)
  }
}
