import Engine
import Foundation
import Testing
import VidlatSupport

/// `LSTM.forward(sequence:batch:)` and `backward(sequence:)` against stepping
/// (`step`/`backwardStep`, gradient-checked in `RecurrentGradientTests`): the same outputs,
/// input gradients and parameter gradients, up to rounding.
@Suite struct RecurrentSequenceTests {
  @Test(arguments: [(1, 1), (1, 5), (2, 5), (3, 4)])
  func sequenceMatchesStepping(layers: Int, steps: Int) {
    var generator = SeededGenerator(seed: 41)
    let (batch, inputSize, hiddenSize) = (3, 5, 4)
    var lstm = LSTM<Double>(
      inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, generator: &generator)
    lstm.visitParameters { name, parameter in
      if name.hasSuffix("bias") {
        parameter.value = .randomNormal(shape: parameter.value.shape, using: &generator)
      }
    }
    let input = Tensor<Double>.randomNormal(
      shape: [steps * batch, inputSize], using: &generator)
    let outputGradient = Tensor<Double>.randomNormal(
      shape: [steps * batch, hiddenSize], using: &generator)
    func block(_ tensor: Tensor<Double>, _ t: Int) -> Tensor<Double> {
      let width = tensor.shape[1]
      return Tensor(
        shape: [batch, width],
        scalars: Array(tensor.scalars[(t * batch * width)..<((t + 1) * batch * width)]))
    }

    func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
      a.count == b.count ? zip(a, b).map { abs($0 - $1) }.max() ?? 0 : .infinity
    }

    var stepped = lstm
    stepped.zeroGradients()
    stepped.reset(batch: batch)
    var outputs: [Double] = []
    for t in 0..<steps { outputs += stepped.step(block(input, t)).scalars }
    var inputGradients = [[Double]](repeating: [], count: steps)
    for t in (0..<steps).reversed() {
      inputGradients[t] = stepped.backwardStep(block(outputGradient, t)).scalars
    }

    var sequence = lstm
    sequence.zeroGradients()
    let output = sequence.forward(sequence: input, batch: batch)
    #expect(output.shape == [steps * batch, hiddenSize])
    #expect(
      maxDifference(sequence.hidden.flatMap(\.scalars), stepped.hidden.flatMap(\.scalars)) < 1e-12)
    #expect(
      maxDifference(sequence.cell.flatMap(\.scalars), stepped.cell.flatMap(\.scalars)) < 1e-12)
    let inputGradient = sequence.backward(sequence: outputGradient)

    #expect(maxDifference(output.scalars, outputs) < 1e-12)
    #expect(maxDifference(inputGradient.scalars, inputGradients.flatMap { $0 }) < 1e-12)
    var expected: [String: Tensor<Double>] = [:]
    stepped.visitParameters { name, parameter in expected[name] = parameter.gradient }
    sequence.visitParameters { name, parameter in
      #expect(
        maxDifference(parameter.gradient.scalars, expected[name]!.scalars) < 1e-12,
        "\(layers) layers, \(steps) steps, \(name)")
    }
  }
}
