import Engine
import Testing
import VidlatSupport

@Suite struct TrainingTests {
  /// A small conv net on 4 fixed 4 x 4 binary images, each labelled by which quadrant is lit.
  func problem() -> (images: Tensor<Float>, labels: Tensor<Float>) {
    var images = Tensor<Float>(zeros: [4, 4, 4, 1])
    var labels = Tensor<Float>(zeros: [4, 4])
    for n in 0..<4 {
      let (qy, qx) = (n / 2 * 2, n % 2 * 2)
      for y in qy..<(qy + 2) {
        for x in qx..<(qx + 2) { images[n, y, x, 0] = 1 }
      }
      labels[n, n] = 1
    }
    return (images, labels)
  }

  func model(seed: UInt64) -> Sequential<Float> {
    var generator = SeededGenerator(seed: seed)
    return Sequential([
      Conv2D(
        inputChannels: 1, outputChannels: 4, kernelSize: 4, stride: 2, padding: 1,
        activation: .relu, generator: &generator),
      Reshape([16]),
      Dense(inputSize: 16, outputSize: 4, generator: &generator),
    ])
  }

  func train(_ model: inout Sequential<Float>, steps: Int) throws -> Double {
    let (images, labels) = problem()
    var adam = Adam<Float>(learningRate: 0.05)
    var loss = 0.0
    for _ in 0..<steps {
      model.zeroGradients()
      let logits = try model.checkedForward(images)
      let result = sigmoidCrossEntropy(logits: logits, labels: labels, reduction: .mean)
      loss = result.value
      _ = try model.checkedBackward(result.gradient)
      model.clipGradients(globalNorm: 10)
      adam.update(&model)
    }
    return loss
  }

  @Test func smallNetworkConvergesToNearZeroLoss() throws {
    var network = model(seed: 1)
    let loss = try train(&network, steps: 300)
    #expect(loss < 0.01)
  }

  @Test func sameSeedGivesBitIdenticalWeights() throws {
    // The batch of 4 images splits im2col and col2im across cores.
    var first = model(seed: 2)
    var second = model(seed: 2)
    _ = try train(&first, steps: 20)
    _ = try train(&second, steps: 20)
    #expect(first.namedParameters.map(\.value) == second.namedParameters.map(\.value))
    var other = model(seed: 3)
    _ = try train(&other, steps: 20)
    #expect(first.namedParameters.map(\.value) != other.namedParameters.map(\.value))
  }

  @Test func referenceArchitectureShapes() {
    for imageSize in [32, 64] {
      var generator = SeededGenerator(seed: 4)
      var encoder: Sequential<Float> = ReferenceArchitecture.encoder(
        imageSize: imageSize, outputSize: 6, generator: &generator)
      var decoder: Sequential<Float> = ReferenceArchitecture.decoder(
        observationSize: 2, imageSize: imageSize, generator: &generator)
      let frames = Tensor<Float>.randomUniform(
        shape: [2, imageSize, imageSize, 3], lower: 0, upper: 1, using: &generator)
      #expect(encoder.forward(frames).shape == [2, 6])
      let logits = decoder.forward(Tensor(zeros: [2, 2]))
      #expect(logits.shape == [2, imageSize, imageSize, 1])
      let gradient = decoder.backward(logits)
      #expect(gradient.shape == [2, 2])
    }
  }

  @Test func nonFiniteValuesAreReportedWithTheLayer() {
    var network = model(seed: 5)
    let (images, labels) = problem()
    network.visitParameters { name, parameter in
      if name == "2.bias" { parameter.value[1] = .infinity }
    }
    #expect {
      _ = try network.checkedForward(images, label: "classifier")
    } throws: { error in
      let error = error as? NonFiniteError
      return error?.pass == .forward && error?.operation == "classifier.2 Dense(16->4, identity)"
    }
    var healthy = model(seed: 5)
    _ = healthy.forward(images)
    var gradient = sigmoidCrossEntropy(logits: healthy.forward(images), labels: labels).gradient
    gradient[0, 0] = .nan
    #expect {
      _ = try healthy.checkedBackward(gradient)
    } throws: { error in
      (error as? NonFiniteError)?.pass == .backward
    }
  }
}
