import Foundation
import PriorLanguage
import Testing
import Video
import VidlatSupport

@testable import PhysicsVAE

/// The samplers of `predict --samples` on physics runs: the ODE prior's additive-noise
/// rollout from a posterior draw, and the Gaussian process's joint forecast draws.
@Suite struct FutureSamplingTests {
  /// Two sequences' last context states, (x, x') of the pendulum.
  static let last = [0.4, -0.3, -1.1, 0.8]

  /// With Q = 0 and a posterior of zero variance every sample is the mean rollout, exactly.
  @Test func noNoiseGivesTheMeanPredictionForEverySample() {
    let model = PendulumModel(noise: [0, 0])
    let theta = [9.81, 0.2]
    var generator = SeededGenerator(seed: 3)
    let states = TrainedRun.sampleFutureStates(
      last: Self.last, logVariances: [Double](repeating: -.infinity, count: 4),
      transition: model, parameters: theta, horizon: 4, samples: 5, generator: &generator)
    var noNoise: SeededGenerator? = nil
    let mean = TrainedRun.rollout(
      initialStates: Self.last, transition: model, parameters: theta, steps: 5,
      generator: &noNoise)
    #expect(states.count == 5 * 2 * 4 * 2)
    for n in 0..<5 {
      for b in 0..<2 {
        for h in 0..<4 {
          for k in 0..<2 {
            #expect(states[((n * 2 + b) * 4 + h) * 2 + k] == mean[(b * 5 + h + 1) * 2 + k])
          }
        }
      }
    }
  }

  /// With the process noise the samples spread: from a posterior of zero variance, the first
  /// step z_K = F(mu) + eps has the standard deviation sqrt(Q) of each component, and mean
  /// F(mu) (4000 draws: the sample standard deviation is within 5%, the mean within 4
  /// standard errors); the second step spreads further.
  @Test func processNoiseSpreadsTheFirstStepBySqrtQ() {
    let model = PendulumModel()  // noise 0.01 rad, 0.1 rad/s
    let theta = [9.81, 0.2]
    let samples = 4000
    var generator = SeededGenerator(seed: 11)
    let states = TrainedRun.sampleFutureStates(
      last: Array(Self.last[0..<2]), logVariances: [-.infinity, -.infinity], transition: model,
      parameters: theta, horizon: 2, samples: samples, generator: &generator)
    let next = model.step(
      states: Array(Self.last[0..<2]), count: 1, parameters: theta,
      jacobians: false
    ).next
    for k in 0..<2 {
      let first = (0..<samples).map { states[($0 * 2) * 2 + k] - next[k] }
      let second = (0..<samples).map { states[($0 * 2 + 1) * 2 + k] }
      let (mean, sd) = Self.moments(first)
      #expect(abs(sd / model.noise[k] - 1) < 0.05, "component \(k): sd \(sd)")
      #expect(abs(mean) < 4 * model.noise[k] / Double(samples).squareRoot())
      #expect(Self.moments(second).sd > sd)
    }
  }

  /// The posterior's variance spreads the draws too: with Q = 0 and sigma = 0.05 on x only,
  /// the first step's spread is |dF/dz| applied to sigma (the map is nearly linear over
  /// 0.05): sd(x_K) = |J_xx| sigma, sd(x'_K) = |J_x'x| sigma within 5%.
  @Test func posteriorVarianceSpreadsTheStart() {
    let model = PendulumModel(noise: [0, 0])
    let theta = [9.81, 0.2]
    let sigma = 0.05
    var generator = SeededGenerator(seed: 5)
    let states = TrainedRun.sampleFutureStates(
      last: [0.4, -0.3], logVariances: [2 * log(sigma), -.infinity], transition: model,
      parameters: theta, horizon: 1, samples: 4000, generator: &generator)
    let jacobian = model.step(states: [0.4, -0.3], count: 1, parameters: theta, jacobians: true)
      .stateJacobian
    for k in 0..<2 {
      let sd = Self.moments((0..<4000).map { states[$0 * 2 + k] }).sd
      #expect(abs(sd / (abs(jacobian[k * 2]) * sigma) - 1) < 0.05, "component \(k): sd \(sd)")
    }
  }

  /// The GP's forecast covariance is K_ff - K_fc (K_cc + D)^-1 K_cf, checked against the
  /// explicit 2 x 2 inverse; its draws (20000) have the forecast's mean and covariance.
  @Test func gaussianProcessDrawsHaveTheForecastsMoments() throws {
    let kernels = [
      Kernel(family: .se, hyperparameters: [.fixed(3), .fixed(1.5)]),
      Kernel(family: .matern32, hyperparameters: [.fixed(2), .fixed(0.7)]),
    ]
    let (dt, horizon) = (1.0, 3)
    // Two context frames, two coordinates: means and log-variances of the encoder.
    let context = FramePosteriors(
      sequenceCount: 1, frameCount: 2, dimension: 2, means: [0.3, -0.2, 0.5, 0.1],
      logVariances: [log(0.04), log(0.09), log(0.01), log(0.25)])
    let forecast = try GaussianProcessPosterior.forecastDistribution(
      context: context, horizon: horizon, kernels: kernels, timeStep: dt, parameters: [])
    #expect(
      forecast.means
        == (try GaussianProcessPosterior.forecast(
          context: context, horizon: horizon, kernels: kernels, timeStep: dt, parameters: [])))
    for (c, kernel) in kernels.enumerated() {
      let k = kernel.covarianceMatrix(
        frames: 2 + horizon, timeStep: dt, hyperparameters: kernel.values([])
      ).matrix
      let total = 2 + horizon
      let v = [exp(context.logVariances[c]), exp(context.logVariances[2 + c])]
      let (a, b, d) = (k[0] + v[0], k[1], k[total + 1] + v[1])
      let det = a * d - b * b
      let inverse = [d / det, -b / det, -b / det, a / det]
      for i in 0..<horizon {
        for j in 0..<horizon {
          var explained = 0.0
          for p in 0..<2 {
            for q in 0..<2 {
              explained += k[(2 + i) * total + p] * inverse[p * 2 + q] * k[q * total + 2 + j]
            }
          }
          let expected = k[(2 + i) * total + 2 + j] - explained
          #expect(abs(forecast.covariances[c][i * horizon + j] - expected) < 1e-12)
        }
      }
    }
    let count = 20000
    var generator = SeededGenerator(seed: 2)
    let draws = try forecast.sample(count: count, using: &generator)
    #expect(draws.count == count * horizon * 2)
    for c in 0..<2 {
      for i in 0..<horizon {
        let xi = (0..<count).map { draws[($0 * horizon + i) * 2 + c] }
        let mean = forecast.means[(2 + i) * 2 + c]
        let variance = forecast.covariances[c][i * horizon + i]
        #expect(abs(Self.moments(xi).mean - mean) < 4 * (variance / Double(count)).squareRoot())
        for j in 0..<horizon {
          let xj = (0..<count).map { draws[($0 * horizon + j) * 2 + c] }
          let meanJ = forecast.means[(2 + j) * 2 + c]
          let covariance =
            zip(xi, xj).reduce(0) { $0 + ($1.0 - mean) * ($1.1 - meanJ) } / Double(count)
          let scale = (variance * forecast.covariances[c][j * horizon + j]).squareRoot()
          #expect(abs(covariance - forecast.covariances[c][i * horizon + j]) < 0.05 * scale)
        }
      }
    }
  }

  /// A trained run's sampled prediction: N tensors of the right shape scored best-of-N, the
  /// same seed the same scores, and the first sequence's videos for the GIF.
  @Test func trainedRunSamplesAndScoresFutures() throws {
    let folder = temporaryFolder("sampled-prediction")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let trainer = try Trainer.start(
      priorFile: ShippedPriorFiles.pendulum, dataFiles: [],
      settings: TrainingSettings(
        configuration: tinyConfiguration(epochs: 1), adaptation: .plainDefaults),
      runPath: folder)
    try trainer.train()
    var run = try TrainedRun(path: folder)
    let video = try run.heldOutSequences().video
    let prediction = try run.predict(sequences: video, context: 2, horizon: 2, samples: 3)
    #expect(prediction.scores.samples == 3 && prediction.scores.sequences == video.count)
    #expect(prediction.best.frameCount == 4 && prediction.others.count == 2)
    #expect(prediction.scores.bestSSIM.allSatisfy { $0.count == 2 })
    let again = try run.predict(sequences: video, context: 2, horizon: 2, samples: 3)
    #expect(again.scores == prediction.scores)
    #expect(throws: TrainingError.self) {
      try run.predict(sequences: video, context: 3, horizon: 2, samples: 3)
    }
  }

  static func moments(_ values: [Double]) -> (mean: Double, sd: Double) {
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    return (mean, variance.squareRoot())
  }
}

/// The shipped priors' paths, for tests that train a run.
enum ShippedPriorFiles {
  static var pendulum: String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Priors/pendulum.prior").path
  }
}
