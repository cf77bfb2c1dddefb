import Engine
import Testing
import VidlatSupport

/// A model with one named parameter, for checking update rules by hand.
struct SingleParameter: ParameterContainer {
  var parameter: Parameter<Double>

  init(_ values: [Double]) {
    parameter = Parameter(Tensor(shape: [values.count], scalars: values))
  }

  mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Double>) throws -> Void
  ) rethrows {
    try body(prefix + "w", &parameter)
  }
}

@Suite struct OptimizerTests {
  @Test func adamMatchesHandComputedSteps() {
    // lr 0.1, gradients 2 then -1, from w = 1:
    // t=1: m = 0.2, v = 0.004, w = 1 - 0.1 * 2 / (2 + 1e-8) = 0.9000000005
    // t=2: m = 0.08, v = 0.004996, mhat = 0.08 / 0.19, vhat = 0.004996 / 0.001999,
    //      w = 0.9000000005 - 0.1 * mhat / (sqrt(vhat) + 1e-8) = 0.8733662967024315
    var model = SingleParameter([1])
    var adam = Adam<Double>(learningRate: 0.1)
    model.parameter.gradient = Tensor(shape: [1], scalars: [2])
    adam.update(&model)
    #expect(abs(model.parameter.value[0] - 0.9000000005) < 1e-15)
    model.parameter.gradient = Tensor(shape: [1], scalars: [-1])
    adam.update(&model)
    #expect(abs(model.parameter.value[0] - 0.8733662967024315) < 1e-15)
    #expect(adam.step == 2)
  }

  @Test func sgdWithMomentumMatchesHandComputedSteps() {
    // velocity 2, w = 1 - 0.5 * 2 = 0; velocity 0.5 * 2 + 1 = 2, w = 0 - 0.5 * 2 = -1.
    var model = SingleParameter([1])
    var sgd = SGD<Double>(learningRate: 0.5, momentum: 0.5)
    model.parameter.gradient = Tensor(shape: [1], scalars: [2])
    sgd.update(&model)
    #expect(model.parameter.value[0] == 0)
    model.parameter.gradient = Tensor(shape: [1], scalars: [1])
    sgd.update(&model)
    #expect(model.parameter.value[0] == -1)
  }

  @Test func learningRateScheduleIsUsedPerStep() {
    var model = SingleParameter([1])
    var sgd = SGD<Double>(learningRate: 99, learningRateSchedule: { step in step == 1 ? 0 : 0.25 })
    model.parameter.gradient = Tensor(shape: [1], scalars: [4])
    sgd.update(&model)
    #expect(model.parameter.value[0] == 1)
    sgd.update(&model)
    #expect(model.parameter.value[0] == 0)
  }

  @Test func clippingScalesToTheGlobalNorm() {
    var model = SingleParameter([0, 0])
    model.parameter.gradient = Tensor(shape: [2], scalars: [3, 4])
    #expect(model.clipGradients(globalNorm: 10) == 5)
    #expect(model.parameter.gradient.scalars == [3, 4])
    #expect(model.clipGradients(globalNorm: 1) == 5)
    #expect(abs(model.parameter.gradient[0] - 0.6) < 1e-15)
    #expect(abs(model.parameter.gradient[1] - 0.8) < 1e-15)
    model.zeroGradients()
    #expect(model.gradientNorm() == 0)
  }

  @Test func adamStateRoundTripsAndRejectsOtherKinds() throws {
    var model = SingleParameter([1, 2])
    var adam = Adam<Double>()
    model.parameter.gradient = Tensor(shape: [2], scalars: [1, -1])
    adam.update(&model)
    var restored = Adam<Double>()
    try restored.restore(adam.state)
    #expect(restored.state == adam.state)
    var sgd = SGD<Double>()
    #expect(throws: OptimizerStateError.self) { try sgd.restore(adam.state) }
  }
}
