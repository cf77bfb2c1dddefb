import Engine
import Foundation
import Testing
import VidlatSupport

@Suite struct LossGradientTests {
  @Test(arguments: [Reduction.sum, .mean, .batchMean])
  func sigmoidCrossEntropyGradient(reduction: Reduction) {
    var generator = SeededGenerator(seed: 12)
    let logits = Tensor<Double>.randomNormal(
      shape: [3, 4], standardDeviation: 3, using: &generator)
    let labels = Tensor<Double>.randomUniform(shape: [3, 4], lower: 0, upper: 1, using: &generator)
    let result = sigmoidCrossEntropy(logits: logits, labels: labels, reduction: reduction)
    let numeric = numericalGradient(
      of: { sigmoidCrossEntropy(logits: $0, labels: labels, reduction: reduction).value },
      at: logits)
    expectClose(result.gradient, numeric, "sigmoid cross-entropy")
  }

  @Test func sigmoidCrossEntropyMatchesDefinitionAndIsStable() {
    let logits = Tensor<Double>(shape: [1, 4], scalars: [0.3, -2, 800, -800])
    let labels = Tensor<Double>(shape: [1, 4], scalars: [1, 0.25, 0, 1])
    let result = sigmoidCrossEntropy(logits: logits, labels: labels, reduction: .sum)
    func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
    let direct = -log(sigmoid(0.3)) - 0.25 * log(sigmoid(-2)) - 0.75 * log(1 - sigmoid(-2))
    // The saturated terms are |x| each: 800 + 800.
    #expect(abs(result.value - (direct + 1600)) < 1e-9)
    #expect(result.gradient.scalars.allSatisfy { $0.isFinite })
    #expect(result.gradient.scalars[2] == 1 && result.gradient.scalars[3] == -1)
  }

  @Test func reparameterizationGradient() {
    var generator = SeededGenerator(seed: 13)
    let mean = Tensor<Double>.randomNormal(shape: [3, 2], using: &generator)
    let logVariance = Tensor<Double>.randomNormal(shape: [3, 2], using: &generator)
    let noise = Tensor<Double>.randomNormal(shape: [3, 2], using: &generator)
    let weights = Tensor<Double>.randomNormal(shape: [3, 2], using: &generator)
    let z = Reparameterization.sample(mean: mean, logVariance: logVariance, noise: noise)
    #expect(abs(z[1, 0] - (mean[1, 0] + exp(logVariance[1, 0] / 2) * noise[1, 0])) < 1e-15)
    let gradients = Reparameterization.backward(
      logVariance: logVariance, noise: noise, sampleGradient: weights)
    func loss(_ m: Tensor<Double>, _ v: Tensor<Double>) -> Double {
      (Reparameterization.sample(mean: m, logVariance: v, noise: noise) * weights).sum()
    }
    expectClose(gradients.mean, numericalGradient(of: { loss($0, logVariance) }, at: mean), "mean")
    expectClose(
      gradients.logVariance, numericalGradient(of: { loss(mean, $0) }, at: logVariance),
      "log-variance")
  }

  @Test func elementwiseAdjoints() {
    // f(a, b) = sum(w * (a * b + a - b)) + 2 * sum(a): df/da = w * (b + 1) + 2, df/db = w * (a - 1).
    var generator = SeededGenerator(seed: 14)
    let a = Tensor<Double>.randomNormal(shape: [2, 3], using: &generator)
    let b = Tensor<Double>.randomNormal(shape: [2, 3], using: &generator)
    let w = Tensor<Double>.randomNormal(shape: [2, 3], using: &generator)
    func f(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double {
      (w * (a * b + a - b)).sum() + 2 * a.sum()
    }
    let ones = Tensor<Double>(repeating: 1, shape: [2, 3])
    expectClose(
      w * (b + ones) + 2 * ones, numericalGradient(of: { f($0, b) }, at: a), "elementwise a")
    expectClose(w * (a - ones), numericalGradient(of: { f(a, $0) }, at: b), "elementwise b")
    #expect(abs(a.mean() - a.sum() / 6) < 1e-15)
    #expect(
      a.sum(alongAxis: 0).scalars == [a[0, 0] + a[1, 0], a[0, 1] + a[1, 1], a[0, 2] + a[1, 2]])
  }

  @Test func splitAndConcatenateColumnsAreInverse() {
    let t = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let (left, right) = t.splitColumns(at: 1)
    #expect(left.scalars == [1, 4] && right.scalars == [2, 3, 5, 6])
    #expect(Tensor(concatenatingColumns: left, right) == t)
  }

  @Test func matmulMatchesDefinition() {
    let a = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let b = Tensor<Double>(shape: [3, 1], scalars: [1, 0, -1])
    #expect(Tensor.matmul(a, b).scalars == [-2, -2])
    #expect(Tensor.matmul(b, a, transposeA: true, transposeB: true).scalars == [-2, -2])
  }
}
