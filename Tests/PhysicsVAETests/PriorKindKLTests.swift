import Engine
import PriorLanguage
import Testing
import VidlatSupport

@testable import PhysicsVAE

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The i.i.d. and Gaussian-process KL terms and the GP posterior: values against the
/// textbook formulas, every gradient against central differences.
@Suite struct PriorKindKLTests {
  /// theta = (lengthscale, period, variance): params 0-2; coordinate 0 se with a learned
  /// lengthscale, 1 periodic with all three, 2 matern32 with a learned variance.
  static let kernels = [
    Kernel(family: .se, hyperparameters: [.parameter(0), .fixed(1.3)]),
    Kernel(family: .periodic, hyperparameters: [.fixed(1.1), .parameter(1), .parameter(2)]),
    Kernel(family: .matern32, hyperparameters: [.fixed(2.5), .parameter(2)]),
  ]
  static let theta = [3.0, 4.5, 0.8]
  static let timeStep = 0.7

  static func posteriors(sequences: Int = 2, frames: Int = 6, seed: UInt64 = 3)
    -> FramePosteriors
  {
    var generator = SeededGenerator(seed: seed)
    let count = sequences * frames * 3
    return FramePosteriors(
      sequenceCount: sequences, frameCount: frames, dimension: 3,
      means: (0..<count).map { _ in generator.nextStandardNormal() },
      logVariances: (0..<count).map { _ in -1 + generator.nextStandardNormal() })
  }

  static func posterior(_ q: FramePosteriors, theta: [Double] = theta) throws
    -> GaussianProcessPosterior
  {
    var generator = SeededGenerator(seed: 11)
    return try GaussianProcessPosterior(
      posteriors: q, kernels: kernels, timeStep: timeStep, parameters: theta,
      using: &generator)
  }

  /// The central difference of `f` in each coordinate of `x`, step 1e-6.
  static func differences(_ x: [Double], _ f: ([Double]) throws -> Double) rethrows -> [Double] {
    try x.indices.map { i in
      var (up, down) = (x, x)
      up[i] += 1e-6
      down[i] -= 1e-6
      return (try f(up) - f(down)) / 2e-6
    }
  }

  static func expectClose(
    _ a: [Double], _ b: [Double], tolerance: Double = 1e-6,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    #expect(a.count == b.count, sourceLocation: sourceLocation)
    let worst = zip(a, b).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
    #expect(worst < tolerance, "largest relative error \(worst)", sourceLocation: sourceLocation)
  }

  @Test func kernelDerivativesMatchDifferences() {
    for kernel in Self.kernels {
      let h = kernel.values(Self.theta)
      for tau in [0.0, 0.4, 1.7, 5.2] {
        let analytic = kernel.covariance(at: tau, hyperparameters: h).gradient
        let numeric = Self.differences(h) { kernel.covariance(at: tau, hyperparameters: $0).value }
        Self.expectClose(analytic, numeric)
      }
    }
  }

  @Test func posteriorIsTheRegressionPosterior() throws {
    let q = Self.posteriors(sequences: 1, frames: 4)
    var generator = SeededGenerator(seed: 1)
    let posterior = try GaussianProcessPosterior(
      posteriors: q, kernels: Self.kernels, timeStep: Self.timeStep, parameters: Self.theta,
      deterministic: true, using: &generator)
    #expect(posterior.sample == posterior.means)
    // m = K (K + D)^-1 y by Gauss-Jordan elimination, coordinate by coordinate.
    for k in 0..<3 {
      let t = 4
      let h = Self.kernels[k].values(Self.theta)
      let matrix = Self.kernels[k].covarianceMatrix(
        frames: t, timeStep: Self.timeStep, hyperparameters: h
      ).matrix
      var a = matrix
      var y = (0..<t).map { q.means[$0 * 3 + k] }
      for i in 0..<t { a[i * t + i] += exp(q.logVariances[i * 3 + k]) }
      for pivot in 0..<t {
        let p = a[pivot * t + pivot]
        for column in 0..<t { a[pivot * t + column] /= p }
        y[pivot] /= p
        for row in 0..<t where row != pivot {
          let f = a[row * t + pivot]
          for column in 0..<t { a[row * t + column] -= f * a[pivot * t + column] }
          y[row] -= f * y[pivot]
        }
      }
      let expected = (0..<t).map { i in (0..<t).reduce(0.0) { $0 + matrix[i * t + $1] * y[$1] } }
      Self.expectClose((0..<t).map { posterior.means[$0 * 3 + k] }, expected, tolerance: 1e-12)
    }
  }

  @Test func klMatchesTheGaussianFormula() throws {
    // KL(N(m, S) || N(0, K)) with K^-1: well defined for these short lengthscales.
    let q = Self.posteriors(sequences: 1, frames: 5)
    let posterior = try Self.posterior(q)
    let kl = GaussianProcessKL.evaluate(posterior, parameterCount: 3)
    let t = 5
    var direct = 0.0
    for k in 0..<3 {
      let prior = Tensor(
        shape: [1, t, t], scalars: Array(posterior.prior.scalars[(k * t * t)..<((k + 1) * t * t)]))
      let priorFactor = try BatchedMatrices.cholesky(prior)
      let priorInverse = BatchedMatrices.inverse(choleskyFactor: priorFactor).scalars
      let projected = Tensor(
        shape: [1, t, t],
        scalars: Array(posterior.projected.scalars[(k * t * t)..<((k + 1) * t * t)]))
      let covariance = prior - BatchedMatrices.matmul(projected, projected, transposeA: true)
      let covarianceFactor = try BatchedMatrices.cholesky(covariance)
      let m = (0..<t).map { posterior.means[$0 * 3 + k] }
      var trace = 0.0
      var quadratic = 0.0
      for i in 0..<t {
        for j in 0..<t {
          trace += priorInverse[i * t + j] * covariance.scalars[j * t + i]
          quadratic += m[i] * priorInverse[i * t + j] * m[j]
        }
      }
      direct +=
        0.5
        * (trace + quadratic - Double(t)
          + BatchedMatrices.logDeterminant(choleskyFactor: priorFactor).scalars[0]
          - BatchedMatrices.logDeterminant(choleskyFactor: covarianceFactor).scalars[0])
    }
    #expect(abs(kl.value - direct / Double(t)) < 1e-8)
    #expect(kl.value > 0)
  }

  @Test func klGradientsMatchDifferences() throws {
    let q = Self.posteriors()
    let kl = GaussianProcessKL.evaluate(try Self.posterior(q), parameterCount: 3)
    func value(_ q: FramePosteriors, _ theta: [Double] = Self.theta) throws -> Double {
      GaussianProcessKL.evaluate(try Self.posterior(q, theta: theta), parameterCount: 3).value
    }
    Self.expectClose(
      kl.meanGradient,
      try Self.differences(q.means) { means in
        var moved = q
        moved.means = means
        return try value(moved)
      })
    Self.expectClose(
      kl.logVarianceGradient,
      try Self.differences(q.logVariances) { logVariances in
        var moved = q
        moved.logVariances = logVariances
        return try value(moved)
      })
    Self.expectClose(kl.parameterGradient, try Self.differences(Self.theta) { try value(q, $0) })
  }

  @Test func sampleGradientsMatchDifferences() throws {
    // L = sum c . z~ with fixed weights c and fixed noise e.
    let q = Self.posteriors()
    var generator = SeededGenerator(seed: 5)
    let weights = q.means.map { _ in generator.nextStandardNormal() }
    func loss(_ q: FramePosteriors, _ theta: [Double] = Self.theta) throws -> Double {
      zip(try Self.posterior(q, theta: theta).sample, weights).reduce(0) { $0 + $1.0 * $1.1 }
    }
    let backward = try Self.posterior(q).backward(sampleGradient: weights, parameterCount: 3)
    Self.expectClose(
      backward.means,
      try Self.differences(q.means) { means in
        var moved = q
        moved.means = means
        return try loss(moved)
      })
    Self.expectClose(
      backward.logVariances,
      try Self.differences(q.logVariances) { logVariances in
        var moved = q
        moved.logVariances = logVariances
        return try loss(moved)
      }, tolerance: 1e-5)
    Self.expectClose(
      backward.parameters, try Self.differences(Self.theta) { try loss(q, $0) }, tolerance: 1e-5)
  }

  @Test func forecastConditionsOnTheContextAndReturnsToThePriorMean() throws {
    let q = Self.posteriors(sequences: 1, frames: 4)
    var generator = SeededGenerator(seed: 1)
    let posterior = try GaussianProcessPosterior(
      posteriors: q, kernels: Self.kernels, timeStep: Self.timeStep, parameters: Self.theta,
      deterministic: true, using: &generator)
    let forecast = try GaussianProcessPosterior.forecast(
      context: q, horizon: 60, kernels: Self.kernels, timeStep: Self.timeStep,
      parameters: Self.theta)
    Self.expectClose(Array(forecast[0..<12]), posterior.means, tolerance: 1e-12)
    // Far past the context the se and matern32 paths are back at 0; the periodic one repeats.
    #expect(abs(forecast[63 * 3]) < 1e-6 && abs(forecast[63 * 3 + 2]) < 1e-3)
  }

  @Test func priorPathsHaveTheKernelsCovariance() throws {
    var generator = SeededGenerator(seed: 2)
    let count = 4000
    let paths = try GaussianProcessPosterior.priorPaths(
      count: count, frames: 3, kernels: Self.kernels, timeStep: Self.timeStep,
      parameters: Self.theta, using: &generator)
    for (c, kernel) in Self.kernels.enumerated() {
      let h = kernel.values(Self.theta)
      for lag in 0..<3 {
        var s = 0.0
        for sequence in 0..<count {
          s += paths[(sequence * 3) * 3 + c] * paths[(sequence * 3 + lag) * 3 + c]
        }
        let expected = kernel.covariance(at: Double(lag) * Self.timeStep, hyperparameters: h).value
        #expect(abs(s / Double(count) - expected) < 0.08 * h.last!)
      }
    }
  }

  @Test func independentKLIsExactWithItsGradients() {
    let q = Self.posteriors(sequences: 1, frames: 3)
    let latents = [
      IndependentLatent(name: "a", mean: 0, standardDeviation: 1),
      IndependentLatent(name: "b", mean: 0.5, standardDeviation: 2),
      IndependentLatent(name: "c", mean: -1, standardDeviation: 0.3),
    ]
    let kl = IndependentKL.evaluate(posteriors: q, latents: latents, parameterCount: 1)
    // At q = p the KL is 0.
    let matching = FramePosteriors(
      sequenceCount: 1, frameCount: 1, dimension: 3, means: [0, 0.5, -1],
      logVariances: [0, log(4), log(0.09)])
    #expect(
      abs(IndependentKL.evaluate(posteriors: matching, latents: latents, parameterCount: 0).value)
        < 1e-12)
    Self.expectClose(
      kl.meanGradient,
      Self.differences(q.means) { means in
        var moved = q
        moved.means = means
        return IndependentKL.evaluate(posteriors: moved, latents: latents, parameterCount: 1).value
      })
    Self.expectClose(
      kl.logVarianceGradient,
      Self.differences(q.logVariances) { logVariances in
        var moved = q
        moved.logVariances = logVariances
        return IndependentKL.evaluate(posteriors: moved, latents: latents, parameterCount: 1).value
      })
    #expect(kl.parameterGradient == [0])
  }
}

extension PriorKindKLTests {
  /// The sandwich interval of a learned lengthscale: finite, with the KL-only value one
  /// Newton step away, for sequences drawn from the GP itself.
  @Test func learnedHyperparametersGetIntervals() throws {
    var generator = SeededGenerator(seed: 8)
    let kernels = [Kernel(family: .se, hyperparameters: [.parameter(0), .fixed(1)])]
    let paths = try GaussianProcessPosterior.priorPaths(
      count: 24, frames: 10, kernels: kernels, timeStep: 1, parameters: [3],
      using: &generator)
    let encoded = FramePosteriors(
      sequenceCount: 24, frameCount: 10, dimension: 1,
      means: paths.map { $0 + 0.1 * generator.nextStandardNormal() },
      logVariances: Array(repeating: log(0.01), count: paths.count))
    let prior = KLPrior(
      transition: ScalingModel(), initial: [], parameters: [3],
      kind: .gaussianProcess([GaussianProcessLatent(name: "x", kernel: kernels[0])]))
    let interval = try #require(
      Evaluation.kindIntervals(of: [0], encoded: encoded, prior: prior)?.first)
    #expect(interval.whyNoInterval == nil)
    let error = try #require(interval.standardError)
    #expect(error > 0 && error < 3)
    let klOnly = try #require(interval.transitionOnlyValue)
    #expect(abs(klOnly - 3) < 3 * error)
    #expect(
      Evaluation.kindIntervals(
        of: [0], encoded: encoded,
        prior: KLPrior(
          transition: ScalingModel(), initial: [], parameters: [3])) == nil)
  }
}
