import Engine
import Testing
import VidlatSupport

@testable import VideoPrediction

/// A tiny configuration for tests: 16 x 16 grey frames (two encoder stages), 2 filters,
/// g = 4, z = 2, LSTMs of 4 units (2 layers in the predictor), 2 context frames of 4.
func tinyConfiguration(_ variant: SVGVariant, imageSize: Int = 16) -> SVGConfiguration {
  var c = SVGConfiguration(variant: variant)
  c.imageSize = imageSize
  c.filters = 2
  c.encodingSize = 4
  c.latentSize = 2
  c.predictorHidden = 4
  c.posteriorHidden = 4
  c.priorHidden = 4
  c.contextFrames = 2
  c.futureFrames = 2
  return c
}

/// Sequences `[frames, batch, size, size, 1]` of a bright square of side size / 4 moving on
/// black at one pixel per frame in a random direction from a random place, bouncing off the
/// edges.
func movingSquares<Scalar: BLASScalar>(
  frames: Int, batch: Int, size: Int, generator: inout SeededGenerator
) -> Tensor<Scalar> {
  let side = size / 4
  var video = Tensor<Scalar>(zeros: [frames, batch, size, size, 1])
  for b in 0..<batch {
    var (x, y) = (
      Int.random(in: 0...(size - side), using: &generator),
      Int.random(in: 0...(size - side), using: &generator)
    )
    var (dx, dy) = (
      Bool.random(using: &generator) ? 1 : -1, Bool.random(using: &generator) ? 1 : -1
    )
    for t in 0..<frames {
      for row in y..<(y + side) {
        for column in x..<(x + side) { video[t, b, row, column, 0] = 1 }
      }
      if x + dx < 0 || x + dx > size - side { dx = -dx }
      if y + dy < 0 || y + dy > size - side { dy = -dy }
      x += dx
      y += dy
    }
  }
  return video
}

@Suite struct SVGTests {
  @Test(arguments: SVGVariant.allCases)
  func lossGradientMatchesCentralDifferences(variant: SVGVariant) {
    // beta = 1 so that the KL's gradients weigh as much as the reconstruction's; tanh in
    // place of the leaky ReLU, whose kinks spoil central differences (it has its own test,
    // LayerGradientTests.denseGradients). For every
    // parameter tensor, the derivative of the whole loss along a random direction (every
    // entry of the gradient weighs in) against central differences (same noise seed in
    // every evaluation), relative to max(|value|, 1e-3).
    var configuration = tinyConfiguration(variant)
    configuration.beta = 1
    configuration.hiddenActivation = .tanh
    var generator = SeededGenerator(seed: 51)
    let model = SVGModel<Double>(configuration: configuration, generator: &generator)
    let frames = Tensor<Double>.randomUniform(
      shape: [4, 2, 16, 16, 1], lower: 0, upper: 1, using: &generator)

    func loss(_ model: SVGModel<Double>) -> Double {
      var copy = model
      var noise = SeededGenerator(seed: 52)
      return copy.loss(frames: frames, generator: &noise).value
    }
    var analytic = model
    analytic.zeroGradients()
    var noise = SeededGenerator(seed: 52)
    let value = analytic.loss(frames: frames, generator: &noise)
    #expect(abs(value.value - loss(model)) == 0)
    #expect(value.kl > 0 || variant == .deterministic)
    let gradients = Dictionary(uniqueKeysWithValues: analytic.namedGradients)

    let step = 1e-6
    var worst = (error: 0.0, name: "")
    for (name, parameter) in model.namedParameters {
      let gradient = gradients[name]!
      let direction = Tensor<Double>.randomNormal(shape: parameter.shape, using: &generator)
      func lossAt(_ offset: Double) -> Double {
        var changed = model
        changed.visitParameters { other, p in
          if other == name { p.value = p.value + offset * direction }
        }
        return loss(changed)
      }
      let numeric = (lossAt(step) - lossAt(-step)) / (2 * step)
      let exact = (gradient * direction).sum()
      let error = abs(numeric - exact) / max(abs(numeric), abs(exact), 1e-3)
      if error > worst.error { worst = (error, name) }
    }
    #expect(worst.error < 1e-5, "\(variant): worst relative error \(worst.error) at \(worst.name)")
  }
}

extension ParameterContainer {
  /// The names and gradients of all parameters.
  var namedGradients: [(String, Tensor<Scalar>)] {
    var copy = self
    var result: [(String, Tensor<Scalar>)] = []
    copy.visitParameters { name, parameter in result.append((name, parameter.gradient)) }
    return result
  }
}

@Suite struct SVGBehaviourTests {
  @Test func trainingOnMovingSquaresReducesTheLoss() {
    // SVG-LP at 16 x 16 (filters 4, g 16, z 2, LSTMs of 16), Adam 2e-3 as in the paper, 150
    // steps on 4 fresh sequences of 5 frames of a moving square (2 context) each; the loss of
    // a held-out batch (same noise seed) before and after.
    var configuration = tinyConfiguration(.learnedPrior)
    configuration.filters = 4
    configuration.encodingSize = 16
    configuration.predictorHidden = 16
    configuration.posteriorHidden = 16
    configuration.priorHidden = 16
    configuration.futureFrames = 3
    var generator = SeededGenerator(seed: 61)
    var model = SVGModel<Float>(configuration: configuration, generator: &generator)
    var adam = Adam<Float>(learningRate: 2e-3)
    let heldOut: Tensor<Float> = movingSquares(frames: 5, batch: 4, size: 16, generator: &generator)
    func heldOutLoss() -> Double {
      var copy = model
      var noise = SeededGenerator(seed: 62)
      return copy.loss(frames: heldOut, generator: &noise).value
    }
    let before = heldOutLoss()
    for _ in 0..<150 {
      let batch: Tensor<Float> = movingSquares(frames: 5, batch: 4, size: 16, generator: &generator)
      model.zeroGradients()
      _ = model.loss(frames: batch, generator: &generator)
      adam.update(&model)
    }
    let after = heldOutLoss()
    let blank = heldOut.rows(1..<5).squaredNorm() / Double(4 * 256)
    // Measured: 1.006 -> 0.219; an all-black prediction scores 0.25 (the square's share of
    // the pixels, 1/16, per frame): the model has learnt the background and begun to place
    // the square.
    #expect(after < 0.25 * before, "loss \(before) -> \(after)")
    #expect(after < 0.95 * blank, "loss \(after), all-black prediction \(blank)")
  }
}

@Suite struct SVGStructureTests {
  @Test(arguments: SVGVariant.allCases)
  func generationHasTheShapeAndIsFixedByTheSeed(variant: SVGVariant) {
    var generator = SeededGenerator(seed: 71)
    var model = SVGModel<Float>(configuration: tinyConfiguration(variant), generator: &generator)
    let context: Tensor<Float> = movingSquares(frames: 2, batch: 3, size: 16, generator: &generator)
    func generate(seed: UInt64) -> [Tensor<Float>] {
      var copy = model
      var noise = SeededGenerator(seed: seed)
      return copy.generate(context: context, samples: 2, futureFrames: 4, generator: &noise)
    }
    let first = generate(seed: 72)
    #expect(first.count == 2)
    #expect(first.allSatisfy { $0.shape == [4, 3, 16, 16, 1] })
    #expect(first.allSatisfy { $0.scalars.allSatisfy { $0 > 0 && $0 < 1 } })
    #expect(generate(seed: 72) == first)
    // Samples differ exactly when z is random.
    #expect((first[0] == first[1]) == (variant == .deterministic))
    #expect((generate(seed: 73) == first) == (variant == .deterministic))
    // Generation leaves the parameters and their gradients as they were.
    let parameters = model.namedParameters.map(\.value)
    _ = model.generate(context: context, samples: 1, futureFrames: 1, generator: &generator)
    #expect(model.namedParameters.map(\.value) == parameters)
    #expect(model.gradientNorm() == 0)
  }

  @Test func parameterNamesFollowTheVariant() {
    var generator = SeededGenerator(seed: 74)
    func prefixes(_ variant: SVGVariant) -> Set<String> {
      let model = SVGModel<Float>(configuration: tinyConfiguration(variant), generator: &generator)
      return Set(model.namedParameters.map { String($0.name.prefix { $0 != "." }) })
    }
    #expect(prefixes(.learnedPrior) == ["encoder", "decoder", "predictor", "posterior", "prior"])
    #expect(prefixes(.fixedPrior) == ["encoder", "decoder", "predictor", "posterior"])
    #expect(prefixes(.deterministic) == ["encoder", "decoder", "predictor"])
    let model = SVGModel<Float>(
      configuration: tinyConfiguration(.learnedPrior, imageSize: 32), generator: &generator)
    let names = model.namedParameters.map(\.name)
    #expect(names.contains("predictor.lstm.1.weight") && names.contains("prior.output.bias"))
    // 32 x 32: three stride-2 stages of 2, 4, 8 filters, then the 4x4 head to g = 4.
    #expect(model.encoder.skipChannels == [2, 4, 8])
    #expect(model.encoder.head.weight.value.shape == [4, 4, 8, 4])
    #expect(model.decoder.stages.map(\.inputChannels) == [16, 8, 4])
    #expect(model.decoder.stages.map(\.outputChannels) == [4, 2, 1])
  }

  @Test func klOfDiagonalGaussiansMatchesTheClosedFormAndItsDerivatives() {
    // KL(N(1, e^0.5) || N(0, 1)) = (0 - 0.5 + e^0.5 + 1 - 1) / 2.
    let one = { (x: Double) in Tensor<Double>(shape: [1], scalars: [x]) }
    let kl = DiagonalGaussianKL.divergence(
      mean: one(1), logVariance: one(0.5), priorMean: one(0), priorLogVariance: one(0))
    #expect(abs(kl.value - (-0.5 + 1.6487212707001282) / 2) < 1e-15)
    var generator = SeededGenerator(seed: 75)
    let parts = (0..<4).map { _ in Tensor<Double>.randomNormal(shape: [2, 3], using: &generator) }
    let analytic = DiagonalGaussianKL.divergence(
      mean: parts[0], logVariance: parts[1], priorMean: parts[2], priorLogVariance: parts[3])
    let gradients = [
      analytic.gradients.mean, analytic.gradients.logVariance, analytic.gradients.priorMean,
      analytic.gradients.priorLogVariance,
    ]
    for index in 0..<4 {
      let numeric = numericalGradient(at: parts[index]) { x in
        var changed = parts
        changed[index] = x
        return DiagonalGaussianKL.divergence(
          mean: changed[0], logVariance: changed[1], priorMean: changed[2],
          priorLogVariance: changed[3]
        ).value
      }
      let worst = zip(gradients[index].scalars, numeric.scalars).map { abs($0 - $1) }.max()!
      #expect(worst < 1e-7, "argument \(index): \(worst)")
    }
    #expect(
      DiagonalGaussianKL.divergence(
        mean: parts[0], logVariance: parts[1], priorMean: parts[0], priorLogVariance: parts[1]
      ).value == 0)
  }
}

/// Central differences of a scalar function of a tensor.
func numericalGradient(
  at x: Tensor<Double>, step: Double = 1e-6, _ f: (Tensor<Double>) -> Double
) -> Tensor<Double> {
  var gradient = Tensor<Double>(zeros: x.shape)
  for i in 0..<x.count {
    var (plus, minus) = (x, x)
    plus.scalars[i] += step
    minus.scalars[i] -= step
    gradient.scalars[i] = (f(plus) - f(minus)) / (2 * step)
  }
  return gradient
}
