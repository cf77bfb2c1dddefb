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

@Suite struct VAELossTests {
  let sequences = 2
  let frameCount = 3
  let size = 32

  func frames() -> [Float] {
    var generator = SeededGenerator(seed: 3)
    return (0..<(sequences * frameCount * size * size)).map { _ in
      Float(generator.nextUnitDouble())
    }
  }

  /// The falling body: F affine in z, so every gradient is exact (see `FallingModel`).
  func prior(_ theta: [Double] = [9.81]) -> KLPrior {
    KLPrior(
      transition: FallingModel(), initial: FallingModel.initial, parameters: theta,
      mixtureChains: 3, mixtureSamples: 16)
  }

  func evaluate(
    _ model: inout VAE, prior: KLPrior, variances: LossPlan.Variances = .encoded,
    reconstruction: LossPlan.Reconstruction = .trained, windowCuts: Double = 0,
    pass: NonFiniteError.Pass
  ) throws -> (terms: LossTerms, parameterGradient: [Double]) {
    var generator = SeededGenerator(seed: 42)
    let plan = LossPlan(
      weights: KLWeights(transition: 0.7, marginal: 1.3), reconstruction: reconstruction,
      variances: variances, windowCutFraction: windowCuts)
    return try model.loss(
      frames: frames(), sequences: sequences, frameCount: frameCount, prior: prior, plan: plan,
      pass: pass, using: &generator)
  }

  /// Network gradients against central differences of the (Float) loss, through the whole
  /// chain: decoder, h(z~), reparameterisation, both KL terms, encoder. Per parameter tensor,
  /// along the unit direction u of its gradient g: (L(w + h u) - L(w - h u)) / 2h = |g|.
  /// (Single entries are too noisy in Float at 32 x 32.) With `windowCuts` 1, every frame's
  /// window is cut (the same cuts for every evaluation: they come from the seeded generator).
  @Test(arguments: [0.0, 1.0]) func networkGradientsMatchFiniteDifferences(windowCuts: Double)
    throws
  {
    var generator = SeededGenerator(seed: 1)
    var model = VAE(stateDimension: 2, observationDimension: 1, size: size, using: &generator)
    model.zeroGradients()
    let base = try evaluate(&model, prior: prior(), windowCuts: windowCuts, pass: .backward)
    #expect(base.terms.isFinite)
    var analytic: [String: Tensor<Float>] = [:]
    model.visitParameters { name, parameter in analytic[name] = parameter.gradient }
    for name in [
      "encoder.0.weight", "encoder.2.bias", "encoder.4.weight", "encoder.5.weight",
      "encoder.5.bias", "decoder.0.weight", "decoder.1.bias", "decoder.3.weight", "decoder.5.bias",
    ] {
      let gradient = try #require(analytic[name]).scalars.map(Double.init)
      let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
      func lossWith(_ h: Double) throws -> Double {
        var moved = model
        moved.visitParameters { n, parameter in
          guard n == name else { return }
          for i in parameter.value.scalars.indices {
            parameter.value.scalars[i] += Float(h * gradient[i] / norm)
          }
        }
        return try evaluate(&moved, prior: prior(), windowCuts: windowCuts, pass: .forward)
          .terms.total
      }
      let h = 1e-2
      let plus = try lossWith(h)
      let minus = try lossWith(-h)
      let numeric = (plus - minus) / (2 * h)
      #expect(abs(numeric - norm) <= 2e-2 * norm, "\(name): \(numeric) vs \(norm)")
    }
  }

  /// Cut windows change what the encoder sees, hence the loss; no cuts is the plain loss.
  @Test func windowCutsChangeTheEncodersInput() throws {
    var generator = SeededGenerator(seed: 1)
    var model = VAE(stateDimension: 2, observationDimension: 1, size: size, using: &generator)
    let plain = try evaluate(&model, prior: prior(), pass: .forward).terms
    let uncut = try evaluate(&model, prior: prior(), windowCuts: 0, pass: .forward).terms
    let cut = try evaluate(&model, prior: prior(), windowCuts: 1, pass: .forward).terms
    #expect(uncut == plain)
    #expect(cut.reconstruction != plain.reconstruction)
  }

  /// Held variances: the loss is that of posteriors with log-variance
  /// `VAE.initialLogVariance`, whatever the encoder's log-variance outputs say, and those
  /// outputs get no gradient (the last layer's log-variance columns stay at zero) while the
  /// means still do.
  @Test func heldVariancesIgnoreTheEncodersVarianceOutputs() throws {
    var generator = SeededGenerator(seed: 1)
    var model = VAE(stateDimension: 2, observationDimension: 1, size: size, using: &generator)
    model.zeroGradients()
    let held = try evaluate(&model, prior: prior(), variances: .held, pass: .backward)
    var weight: Tensor<Float>?
    model.visitParameters { name, parameter in
      if name == "encoder.5.weight" { weight = parameter.gradient }
    }
    let gradient = try #require(weight)
    let outputs = gradient.shape[1]
    #expect(outputs == 4)
    let rows = (0..<gradient.shape[0])
    #expect(rows.allSatisfy { r in (2..<4).allSatisfy { gradient.scalars[r * outputs + $0] == 0 } })
    #expect(rows.contains { r in (0..<2).contains { gradient.scalars[r * outputs + $0] != 0 } })

    var shifted = model
    shifted.visitParameters { name, parameter in
      guard name == "encoder.5.bias" else { return }
      parameter.value.scalars[2] += 3
      parameter.value.scalars[3] -= 2
    }
    let again = try evaluate(&shifted, prior: prior(), variances: .held, pass: .forward)
    #expect(again.terms == held.terms)
    let free = try evaluate(&shifted, prior: prior(), pass: .forward)
    #expect(abs(free.terms.total - held.terms.total) > 1e-3 * abs(held.terms.total))
  }

  /// Dynamics first: L = beta_t KL_trans + beta_m KL_marg, with L_rec still reported. The
  /// decoder gets no gradient; the encoder's is that of the KL terms alone (checked along its
  /// direction against central differences of that L).
  @Test func dynamicsFirstLossLeavesOutTheReconstruction() throws {
    var generator = SeededGenerator(seed: 1)
    var model = VAE(stateDimension: 2, observationDimension: 1, size: size, using: &generator)
    let full = try evaluate(&model, prior: prior(), pass: .forward)
    model.zeroGradients()
    let dynamics = try evaluate(
      &model, prior: prior(), reconstruction: .reportedOnly, pass: .backward)
    #expect(dynamics.terms.reconstruction == full.terms.reconstruction)
    let expected = 0.7 * dynamics.terms.transitionKL + 1.3 * dynamics.terms.marginalKL
    #expect(abs(dynamics.terms.total - expected) <= 1e-12 * abs(expected))
    #expect(full.terms.total > dynamics.terms.total + 100)
    var gradients: [String: [Float]] = [:]
    model.visitParameters { name, parameter in gradients[name] = parameter.gradient.scalars }
    #expect(
      gradients.filter { $0.key.hasPrefix("decoder.") }.values.allSatisfy { g in
        g.allSatisfy { $0 == 0 }
      })
    let bias = try #require(gradients["encoder.5.bias"]).map(Double.init)
    let norm = bias.reduce(0) { $0 + $1 * $1 }.squareRoot()
    #expect(norm > 0)
    func lossWith(_ h: Double) throws -> Double {
      var moved = model
      moved.visitParameters { name, parameter in
        guard name == "encoder.5.bias" else { return }
        for i in parameter.value.scalars.indices {
          parameter.value.scalars[i] += Float(h * bias[i] / norm)
        }
      }
      return try evaluate(&moved, prior: prior(), reconstruction: .reportedOnly, pass: .forward)
        .terms.total
    }
    let h = 1e-2
    let numeric = (try lossWith(h) - lossWith(-h)) / (2 * h)
    #expect(abs(numeric - norm) <= 2e-2 * norm, "\(numeric) vs \(norm)")
  }

  @Test func parameterGradientMatchesFiniteDifferences() throws {
    var generator = SeededGenerator(seed: 1)
    var model = VAE(stateDimension: 2, observationDimension: 1, size: size, using: &generator)
    let base = try evaluate(&model, prior: prior(), pass: .backward)
    let numeric = centralDifferences([9.81], step: 1e-3) { theta in
      var copy = model
      return (try? evaluate(&copy, prior: prior(theta), pass: .forward).terms.total) ?? .nan
    }
    #expect(abs(base.parameterGradient[0] - numeric[0]) <= 1e-3 * max(1, abs(numeric[0])))
  }

  /// A parameter of the observation alone (here the width s of h = exp(-y^2 / (2 s^2)),
  /// which no KL term sees) gets the reconstruction's gradient (dh/ds)^T dL/dh.
  @Test func observationParameterGetsTheReconstructionGradient() throws {
    let source = """
      prior bump
      param g = 9.81
      param s = 1.5 in [0.1, 5] learn
      y'' = -g
      observe h = exp(-y^2/(2*s^2))
      noise y  ~ 0.01
      noise y' ~ 0.1
      init y  ~ uniform(-2, 2)
      init y' ~ uniform(7, 10)
      dt = 0.05
      """
    let compiled = CompiledPrior(try Prior(source: source).model)
    func bump(_ theta: [Double]) -> KLPrior {
      KLPrior(
        transition: compiled, initial: compiled.model.initial, parameters: theta,
        mixtureChains: 3, mixtureSamples: 16)
    }
    var generator = SeededGenerator(seed: 1)
    var model = VAE(stateDimension: 2, observationDimension: 1, size: size, using: &generator)
    let theta = [9.81, 1.5]
    let base = try evaluate(&model, prior: bump(theta), pass: .backward)
    let numeric = centralDifferences(theta, step: 1e-3) { theta in
      var copy = model
      return (try? evaluate(&copy, prior: bump(theta), pass: .forward).terms.total) ?? .nan
    }
    #expect(abs(numeric[1]) > 1e-3)
    for j in 0..<2 {
      #expect(
        abs(base.parameterGradient[j] - numeric[j]) <= 1e-2 * max(1e-2, abs(numeric[j])),
        "dL/dtheta\(j): \(base.parameterGradient[j]) vs \(numeric[j])")
    }
  }

  /// A non-finite loss names the term that was not finite: with g = NaN the frames (h = y)
  /// are still finite, and KL_trans is the first term to fail.
  @Test func aNonFiniteLossNamesItsTerm() throws {
    var generator = SeededGenerator(seed: 1)
    var model = VAE(stateDimension: 2, observationDimension: 1, size: size, using: &generator)
    do {
      _ = try evaluate(&model, prior: prior([.nan]), pass: .forward)
      Issue.record("a NaN parameter gave a finite loss")
    } catch let error as NonFiniteError {
      #expect(error.operation == "KL_trans")
    }
  }
}
