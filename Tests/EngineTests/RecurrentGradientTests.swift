import Engine
import Foundation
import Testing
import VidlatSupport

@Suite struct RecurrentGradientTests {
  /// sum_t <w_t, lstm.step(x_t)> over a sequence, from a reset state.
  static func loss(
    _ lstm: LSTM<Double>, inputs: [Tensor<Double>], weights: [Tensor<Double>]
  ) -> Double {
    var copy = lstm
    copy.reset(batch: inputs[0].shape[0])
    var total = 0.0
    for (x, w) in zip(inputs, weights) { total += (copy.step(x) * w).sum() }
    return total
  }

  @Test(arguments: [1, 2])
  func gradientsOfEveryParameterAndEveryStepInput(layers: Int) {
    var generator = SeededGenerator(seed: 31)
    let (batch, inputSize, hiddenSize, steps) = (2, 3, 4, 5)
    var lstm = LSTM<Double>(
      inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, generator: &generator)
    // Random biases too, so no gate sits at its initial value.
    lstm.visitParameters { name, parameter in
      if name.hasSuffix("bias") {
        parameter.value = .randomNormal(shape: parameter.value.shape, using: &generator)
      }
    }
    let inputs = (0..<steps).map { _ in
      Tensor<Double>.randomNormal(shape: [batch, inputSize], using: &generator)
    }
    // The loss reads steps 0, 2, 3 and 4 (not 1): gradients must travel back through time
    // from later outputs, across a step whose output is unused.
    let weights = (0..<steps).map { step in
      step == 1
        ? Tensor<Double>(zeros: [batch, hiddenSize])
        : .randomNormal(shape: [batch, hiddenSize], using: &generator)
    }

    var analytic = lstm
    analytic.zeroGradients()
    analytic.reset(batch: batch)
    for x in inputs { _ = analytic.step(x) }
    var inputGradients = [Tensor<Double>](repeating: Tensor(zeros: []), count: steps)
    for step in (0..<steps).reversed() {
      inputGradients[step] = analytic.backwardStep(weights[step])
    }
    #expect(analytic.pendingSteps == 0)

    for step in 0..<steps {
      let numeric = numericalGradient(
        of: { x in
          var changed = inputs
          changed[step] = x
          return Self.loss(lstm, inputs: changed, weights: weights)
        }, at: inputs[step])
      expectClose(inputGradients[step], numeric, "\(layers) layers, input of step \(step)")
    }
    for (name, value) in lstm.namedParameters {
      var gradient: Tensor<Double>?
      analytic.visitParameters { other, parameter in
        if other == name { gradient = parameter.gradient }
      }
      let numeric = numericalGradient(
        of: { newValue in
          var model = lstm
          model.visitParameters { other, parameter in
            if other == name { parameter.value = newValue }
          }
          return Self.loss(model, inputs: inputs, weights: weights)
        }, at: value)
      expectClose(gradient!, numeric, "\(layers) layers, \(name)")
    }
    #expect(lstm.namedParameters.map(\.name).prefix(2) == ["0.weight", "0.bias"])
  }

  @Test func gateOrderIsInputForgetCandidateOutput() {
    // Zero weights, biases (a_i, a_f, a_g, a_o) = (1, 2, 3, 4) per block, one unit:
    // c1 = s(1) tanh(3), h1 = s(4) tanh(c1); c2 = s(2) c1 + s(1) tanh(3), h2 = s(4) tanh(c2).
    var generator = SeededGenerator(seed: 32)
    var lstm = LSTM<Double>(inputSize: 1, hiddenSize: 1, generator: &generator)
    #expect(lstm.cells[0].bias.value.scalars == [0, 1, 0, 0])  // forget bias 1
    lstm.cells[0].weight.value.scale(by: 0)
    lstm.cells[0].bias.value = Tensor(shape: [4], scalars: [1, 2, 3, 4])
    func s(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
    let c1 = s(1) * Foundation.tanh(3)
    let c2 = s(2) * c1 + s(1) * Foundation.tanh(3)
    lstm.reset(batch: 1)
    let h1 = lstm.step(Tensor(shape: [1, 1], scalars: [5]))
    let h2 = lstm.step(Tensor(shape: [1, 1], scalars: [-5]))
    #expect(abs(h1[0, 0] - s(4) * Foundation.tanh(c1)) < 1e-15)
    #expect(abs(h2[0, 0] - s(4) * Foundation.tanh(c2)) < 1e-15)
    #expect(abs(lstm.cell[0][0, 0] - c2) < 1e-15)
  }

  @Test func resetStartsTheSameSequenceAgain() {
    var generator = SeededGenerator(seed: 33)
    var lstm = LSTM<Float>(inputSize: 2, hiddenSize: 3, layers: 2, generator: &generator)
    let inputs = (0..<3).map { _ in
      Tensor<Float>.randomNormal(shape: [4, 2], using: &generator)
    }
    lstm.reset(batch: 4)
    let first = inputs.map { lstm.step($0) }
    lstm.reset(batch: 4)
    let second = inputs.map { lstm.step($0) }
    #expect(first == second)
    #expect(first[1] != first[2])
  }

  @Test func learnsToOutputItsInputDelayedByTwoSteps() {
    // y_t = x_{t-2} (0 for t < 2), x_t uniform in [-0.5, 0.5]: the LSTM must hold two
    // values in its state. A dense read-out after a 1 x 12 LSTM, Adam 0.01, 250 steps on
    // fresh batches; the MSE on a held-out batch must fall from about Var(x) = 1/12 = 0.083
    // (predicting 0; 0.060 counting the two zero targets at the start) to under a hundredth
    // of its start.
    var generator = SeededGenerator(seed: 34)
    var model = DelayModel(
      lstm: LSTM(inputSize: 1, hiddenSize: 12, generator: &generator),
      readout: Dense(inputSize: 12, outputSize: 1, generator: &generator))
    var adam = Adam<Float>(learningRate: 0.01)
    let (batch, steps, delay) = (16, 8, 2)

    func sequence() -> [Tensor<Float>] {
      (0..<steps).map { _ in
        .randomUniform(shape: [batch, 1], lower: -0.5, upper: 0.5, using: &generator)
      }
    }
    func meanSquaredError(_ inputs: [Tensor<Float>], train: Bool) -> Double {
      model.lstm.reset(batch: batch)
      var outputs: [Tensor<Float>] = []
      var errors: [Tensor<Float>] = []
      var total = 0.0
      for t in 0..<steps {
        let hidden = model.lstm.step(inputs[t])
        var readout = model.readout
        let y = readout.forward(hidden)
        let target = t >= delay ? inputs[t - delay] : Tensor(zeros: [batch, 1])
        let error = y - target
        total += error.squaredNorm()
        outputs.append(hidden)
        errors.append(error)
      }
      let count = Double(batch * steps)
      if train {
        model.zeroGradients()
        for t in (0..<steps).reversed() {
          _ = model.readout.forward(outputs[t])
          let gradient = model.readout.backward(Float(2 / count) * errors[t])
          _ = model.lstm.backwardStep(gradient)
        }
      }
      return total / count
    }

    let heldOut = sequence()
    let before = meanSquaredError(heldOut, train: false)
    for _ in 0..<250 {
      _ = meanSquaredError(sequence(), train: true)
      adam.update(&model)
    }
    let after = meanSquaredError(heldOut, train: false)
    #expect(before > 0.05)
    // Measured: 0.060 -> 0.00019.
    #expect(after < 0.01 * before, "MSE \(before) -> \(after)")
  }
}

/// An LSTM with a dense read-out, as one model for the optimizer.
private struct DelayModel: ParameterContainer {
  var lstm: LSTM<Float>
  var readout: Dense<Float>

  mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Float>) throws -> Void
  ) rethrows {
    try lstm.visitParameters(prefix: prefix + "lstm.", body)
    try readout.visitParameters(prefix: prefix + "readout.", body)
  }
}
