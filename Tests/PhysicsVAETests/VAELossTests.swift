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
  let size = 8

  func frames() -> [Float] {
    var generator = SeededGenerator(seed: 3)
    return (0..<(sequences * frameCount * size * size)).map { _ in
      Float(generator.nextUnitDouble())
    }
  }

  /// The falling body: F affine in z, so every gradient is exact (see `FallingModel`).
  func prior(_ theta: [Double] = [9.81]) -> PhysicsPrior {
    PhysicsPrior(
      transition: FallingModel(), initial: FallingModel.initial, parameters: theta,
      mixtureChains: 3, mixtureSamples: 16)
  }

  func evaluate(_ model: inout VAE, prior: PhysicsPrior, backward: Bool) throws -> (
    terms: LossTerms, parameterGradient: [Double]
  ) {
    var generator = SeededGenerator(seed: 42)
    return try model.loss(
      frames: frames(), sequences: sequences, frameCount: frameCount, prior: prior,
      weights: (0.7, 1.3), backward: backward, using: &generator)
  }

  /// Network gradients against central differences of the (Float) loss, through the whole
  /// chain: decoder, h(z~), reparameterisation, both KL terms, encoder.
  @Test func networkGradientsMatchFiniteDifferences() throws {
    var generator = SeededGenerator(seed: 1)
    var model = VAE(stateDimension: 2, observationDimension: 1, size: size, using: &generator)
    model.zeroGradients()
    let base = try evaluate(&model, prior: prior(), backward: true)
    #expect(base.terms.isFinite)
    var analytic: [String: Tensor<Float>] = [:]
    model.visitParameters { name, parameter in analytic[name] = parameter.gradient }
    // A few entries of the first and last layers of each network.
    let probes: [(String, Int)] = [
      ("encoder.0.bias", 3), ("encoder.0.weight", 17), ("encoder.3.bias", 0),
      ("encoder.3.bias", 3), ("decoder.0.weight", 5), ("decoder.3.bias", 0),
    ]
    for (name, index) in probes {
      func lossWith(_ delta: Float) throws -> Double {
        var moved = model
        moved.visitParameters { n, parameter in
          if n == name { parameter.value.scalars[index] += delta }
        }
        return try evaluate(&moved, prior: prior(), backward: false).terms.total
      }
      let h: Float = 2e-3
      let plus = try lossWith(h)
      let minus = try lossWith(-h)
      let numeric = (plus - minus) / Double(2 * h)
      let exact = Double(try #require(analytic[name]).scalars[index])
      #expect(abs(numeric - exact) <= 5e-3 * max(1, abs(exact)), "\(name)[\(index)]")
    }
  }

  @Test func parameterGradientMatchesFiniteDifferences() throws {
    var generator = SeededGenerator(seed: 1)
    var model = VAE(stateDimension: 2, observationDimension: 1, size: size, using: &generator)
    let base = try evaluate(&model, prior: prior(), backward: true)
    let numeric = centralDifferences([9.81], step: 1e-3) { theta in
      var copy = model
      return (try? evaluate(&copy, prior: prior(theta), backward: false).terms.total) ?? .nan
    }
    #expect(abs(base.parameterGradient[0] - numeric[0]) <= 1e-3 * max(1, abs(numeric[0])))
  }

  @Test func bernoulliLossMatchesItsDefinition() {
    let logits: [Float] = [-30, -1, 0, 2, 40]
    let targets: [Float] = [0, 1, 0.5, 0.2, 1]
    let (value, gradient) = VAE.bernoulliLoss(logits: logits, targets: targets, frames: 1)
    var expected = 0.0
    for (l, x) in zip(logits.map(Double.init), targets.map(Double.init)) {
      // ln p = -ln(1 + e^-l), ln(1 - p) = -l - ln(1 + e^-l).
      let logP = -log1p(exp(-l))
      expected -= x * logP + (1 - x) * (-l + logP)
    }
    #expect(abs(value - expected) < 1e-4 * max(1, expected))
    #expect(gradient.allSatisfy { $0.isFinite })
    #expect(abs(gradient[3] - (Float(1 / (1 + exp(-2.0))) - 0.2)) < 1e-6)
  }
}
