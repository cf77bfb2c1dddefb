import PriorLanguage
import Testing
import VidlatSupport

@testable import PhysicsVAE

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct LatentSampleTests {
  /// h(z) = a u^2 + sin(v) and u v b: a nonlinear observation with two outputs and two
  /// parameters (a, b).
  struct Observed: TransitionModel {
    var stateDimension: Int { 2 }
    var parameterCount: Int { 2 }
    var observationDimension: Int { 2 }
    var processNoiseStandardDeviations: [Double] { [0.1, 0.1] }
    func step(states: [Double], count: Int, parameters: [Double], jacobians: Bool)
      -> StepEvaluation
    {
      StepEvaluation(next: states, stateJacobian: [], parameterJacobian: [])
    }
    func stepJacobianDerivatives(states: [Double], count: Int, parameters: [Double])
      -> [Double]
    {
      [Double](repeating: 0, count: count * 4 * 4)
    }
    func observe(states: [Double], count: Int, parameters theta: [Double], jacobians: Bool)
      -> ObservationEvaluation
    {
      var observations: [Double] = []
      var jacobian: [Double] = []
      var parameterJacobian: [Double] = []
      let (a, b) = (theta[0], theta[1])
      for n in 0..<count {
        let (u, v) = (states[2 * n], states[2 * n + 1])
        observations += [a * u * u + sin(v), u * v * b]
        jacobian += [2 * a * u, cos(v), v * b, u * b]
        parameterJacobian += [u * u, 0, 0, u * v]
      }
      return ObservationEvaluation(
        observations: observations, jacobian: jacobians ? jacobian : [],
        parameterJacobian: jacobians ? parameterJacobian : [])
    }
    func sampleInitialStates(count: Int, using generator: inout SeededGenerator) -> [Double] {
      [Double](repeating: 0, count: 2 * count)
    }
  }

  @Test func chainRuleMatchesFiniteDifferences() {
    let posteriors = pendulumPosteriors(sequences: 2, frames: 3, seed: 4)
    let upstream = (0..<12).map { 0.3 * Double($0 % 5) - 0.5 }
    let theta = [1.3, -0.7]
    func loss(_ p: FramePosteriors, _ theta: [Double] = theta) -> Double {
      var generator = SeededGenerator(seed: 77)
      let sample = LatentSample(
        posteriors: p, model: Observed(), parameters: theta, using: &generator)
      return zip(sample.observation.observations, upstream).reduce(0) { $0 + $1.0 * $1.1 }
    }
    var generator = SeededGenerator(seed: 77)
    let sample = LatentSample(
      posteriors: posteriors, model: Observed(), parameters: theta, using: &generator)
    let gradient = sample.backward(posteriors: posteriors, observationGradient: upstream)
    let byMean = centralDifferences(posteriors.means) {
      var moved = posteriors
      moved.means = $0
      return loss(moved)
    }
    let byLogVariance = centralDifferences(posteriors.logVariances) {
      var moved = posteriors
      moved.logVariances = $0
      return loss(moved)
    }
    #expect(largestRelativeError(gradient.means, byMean) < 1e-7)
    #expect(largestRelativeError(gradient.logVariances, byLogVariance) < 1e-7)
    let byParameter = centralDifferences(theta) { loss(posteriors, $0) }
    #expect(largestRelativeError(gradient.parameters, byParameter) < 1e-7)
  }

  @Test func deterministicSampleIsTheMean() {
    let posteriors = pendulumPosteriors(sequences: 1, frames: 4, seed: 2)
    var generator = SeededGenerator(seed: 1)
    let sample = LatentSample(
      posteriors: posteriors, model: PendulumModel(), parameters: [9.81, 0],
      deterministic: true, using: &generator)
    #expect(sample.states == posteriors.means)
    #expect(sample.observation.observations == (0..<4).map { posteriors.means[2 * $0] })
  }
}

@Suite struct FrameWindowsTests {
  @Test func windowsReplicateTheEdges() {
    // 1 sequence of 3 frames of 2 pixels: frame f has pixels (10 f, 10 f + 1).
    let frames: [Float] = [0, 1, 10, 11, 20, 21]
    let windows = FrameWindows.make(frames: frames, sequences: 1, frameCount: 3, pixels: 2)
    #expect(
      windows == [
        0, 0, 10, 1, 1, 11,
        0, 10, 20, 1, 11, 21,
        10, 20, 20, 11, 21, 21,
      ])
  }

  /// Past the ends, a window of more than 3 frames holds blank frames.
  @Test func longerWindowsAreCentredOnTheirFrame() {
    // 1 sequence of 4 frames of 1 pixel: frame f has the value 1 + f; windows of 5.
    let windows = FrameWindows.make(
      frames: [1, 2, 3, 4], sequences: 1, frameCount: 4, pixels: 1, window: 5)
    #expect(windows == [0, 0, 1, 2, 3, 0, 1, 2, 3, 4, 1, 2, 3, 4, 0, 2, 3, 4, 0, 0])
  }

  /// A reach cuts the window as a sequence's end does: blank beyond it for a window of 5,
  /// the last frame within it repeated for a window of 3.
  @Test func reachesCutTheWindowAsAtTheEnds() {
    // 1 sequence of 5 frames of 1 pixel: frame f has the value 1 + f.
    let reaches: [FrameWindows.Reach] = [
      .init(before: 2, after: 2), .init(before: 2, after: 0), .init(before: 0, after: 2),
      .init(before: 1, after: 1), .init(before: 2, after: 2),
    ]
    let windows = FrameWindows.make(
      frames: [1, 2, 3, 4, 5], sequences: 1, frameCount: 5, pixels: 1, window: 5,
      reaches: reaches)
    #expect(
      windows == [
        0, 0, 1, 2, 3,
        0, 1, 2, 0, 0,
        0, 0, 3, 4, 5,
        0, 3, 4, 5, 0,
        3, 4, 5, 0, 0,
      ])
    let narrow = FrameWindows.make(
      frames: [1, 2, 3], sequences: 1, frameCount: 3, pixels: 1, window: 3,
      reaches: [.init(before: 1, after: 0), .init(before: 0, after: 1), .init(before: 1, after: 1)])
    #expect(narrow == [1, 1, 1, 2, 2, 3, 2, 3, 3])
  }

  /// No cut at fraction 0; at fraction 1 every window is cut on exactly one side, to fewer
  /// than W/2 frames, both sides and every length occurring; in between, about that fraction.
  @Test func randomReachesCutTheAskedFraction() {
    var generator = SeededGenerator(seed: 4)
    let full = FrameWindows.Reach(before: 12, after: 12)
    #expect(
      FrameWindows.randomReaches(count: 100, window: 25, fraction: 0, using: &generator)
        .allSatisfy { $0 == full })
    let all = FrameWindows.randomReaches(count: 4000, window: 25, fraction: 1, using: &generator)
    #expect(all.allSatisfy { ($0.before == 12) != ($0.after == 12) })
    #expect(all.allSatisfy { min($0.before, $0.after) < 12 })
    #expect(Set(all.map { min($0.before, $0.after) }) == Set(0..<12))
    let before = all.filter { $0.before < 12 }.count
    #expect(abs(before - 2000) < 200)
    let some = FrameWindows.randomReaches(
      count: 10_000, window: 25, fraction: 0.3, using: &generator)
    #expect(abs(some.filter { $0 != full }.count - 3000) < 300)
    // A window of 1 has nothing to cut.
    #expect(
      FrameWindows.randomReaches(count: 10, window: 1, fraction: 1, using: &generator)
        .allSatisfy { $0 == FrameWindows.Reach(before: 0, after: 0) })
  }

  @Test func theEncoderTakesItsWindowAsChannels() throws {
    var generator = SeededGenerator(seed: 2)
    var model = VAE(
      stateDimension: 2, observationDimension: 1, size: 32, window: 5, using: &generator)
    let frames = [Float](repeating: 0.5, count: 2 * 6 * 32 * 32)
    let posteriors = try model.encode(frames: frames, sequences: 2, frameCount: 6)
    #expect(posteriors.count == 12)
    #expect(posteriors.means.allSatisfy { $0.isFinite })
  }
}
