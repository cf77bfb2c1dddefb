import Foundation
import VidlatSupport

/// Measures the machine's sgemm rate and the engine's training throughput on the reference
/// architecture, in one run, so the ratio between them is meaningful on a busy machine.
///
/// The training step is what the method does per minibatch, without the physics: encoder
/// forward on `[B*T, S, S, 3]` frames, reparameterised sample of the `2d` outputs, decoder
/// forward on the first `observationSize` latent components, sigmoid cross-entropy against
/// the frames, backward through decoder, sample and encoder, one Adam update.
public struct EngineBenchmark: Sendable {
  public var sequences: Int
  public var framesPerSequence: Int
  public var imageSize: Int
  public var latentDimension: Int
  public var observationSize: Int
  /// Timed training steps (after one untimed warm-up step); an sgemm measurement runs
  /// before each, so both see the same machine load.
  public var steps: Int
  /// Side of the square matrices of the sgemm measurement.
  public var gemmSize: Int

  /// The configuration of the published figure: 16 sequences x 40 frames at 32 x 32,
  /// d = 2, o = 1.
  public init(
    sequences: Int = 16, framesPerSequence: Int = 40, imageSize: Int = 32,
    latentDimension: Int = 2, observationSize: Int = 1, steps: Int = 10, gemmSize: Int = 1024
  ) {
    self.sequences = sequences
    self.framesPerSequence = framesPerSequence
    self.imageSize = imageSize
    self.latentDimension = latentDimension
    self.observationSize = observationSize
    self.steps = steps
    self.gemmSize = gemmSize
  }

  /// The measured figures.
  public struct Report: Sendable, CustomStringConvertible {
    /// sgemm rate at `gemmSize` x `gemmSize` (best over all runs), in GFLOP/s.
    public var gemmGFLOPS: Double
    public var gemmSize: Int
    /// Frames in one training step (sequences x frames per sequence).
    public var framesPerStep: Int
    /// Matrix-product FLOPs of one training step (forward + backward), counted exactly
    /// from the layer shapes (2 per multiply-add).
    public var flopsPerStep: Double
    /// Best (shortest) wall time of a training step, in seconds: on a shared machine the
    /// best time is the one least disturbed by other processes, like the sgemm figure.
    public var secondsPerStep: Double
    /// Median wall time of a training step, in seconds.
    public var medianSecondsPerStep: Double

    public var framesPerSecond: Double { Double(framesPerStep) / secondsPerStep }
    public var trainingGFLOPS: Double { flopsPerStep / secondsPerStep / 1e9 }
    /// Achieved training GFLOP/s as a fraction of the measured sgemm rate.
    public var fractionOfGemm: Double { trainingGFLOPS / gemmGFLOPS }

    public var description: String {
      let cores = ProcessInfo.processInfo.activeProcessorCount
      return """
        sgemm \(gemmSize)x\(gemmSize): \(format(gemmGFLOPS)) GFLOP/s (\(cores) cores)
        training step (\(framesPerStep) frames, forward + backward + Adam): \
        best \(format(secondsPerStep * 1000)) ms (median \(format(medianSecondsPerStep * 1000)) ms), \
        \(format(framesPerSecond)) frames/s
        \(format(flopsPerStep / Double(framesPerStep) / 1e6)) MFLOP per frame, \
        \(format(trainingGFLOPS)) GFLOP/s = \(format(100 * fractionOfGemm))% of sgemm
        """
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
  }

  /// Runs both measurements.
  public func run() -> Report {
    var gemm = 0.0
    var generator = SeededGenerator(seed: 1)
    let frames = sequences * framesPerSequence
    let encoder: Sequential<Float> = ReferenceArchitecture.encoder(
      imageSize: imageSize, outputSize: 2 * latentDimension, generator: &generator)
    let decoder: Sequential<Float> = ReferenceArchitecture.decoder(
      observationSize: observationSize, imageSize: imageSize, generator: &generator)
    let input = Tensor<Float>.randomUniform(
      shape: [frames, imageSize, imageSize, 3], lower: 0, upper: 1, using: &generator)
    let targets = Tensor<Float>(
      shape: [frames, imageSize, imageSize, 1],
      scalars: input.scalars.enumerated().compactMap { $0.offset % 3 == 1 ? $0.element : nil })
    var model = TrainingPair(encoder: encoder, decoder: decoder)
    var optimizer = Adam<Float>(learningRate: 1e-4)
    var times: [Double] = []
    for index in 0...steps {
      gemm = max(gemm, measureGemm(repetitions: 3))
      let start = DispatchTime.now().uptimeNanoseconds
      model.zeroGradients()
      let encoded = model.encoder.forward(input)
      let (mean, logVariance) = encoded.splitColumns(at: latentDimension)
      let noise = Tensor<Float>.randomNormal(shape: mean.shape, using: &generator)
      let z = Reparameterization.sample(mean: mean, logVariance: logVariance, noise: noise)
      let (observation, rest) = z.splitColumns(at: observationSize)
      let logits = model.decoder.forward(observation)
      let loss = sigmoidCrossEntropy(logits: logits, labels: targets)
      let observationGradient = model.decoder.backward(loss.gradient)
      let zGradient = Tensor(
        concatenatingColumns: observationGradient, Tensor(zeros: rest.shape))
      let gradients = Reparameterization.backward(
        logVariance: logVariance, noise: noise, sampleGradient: zGradient)
      _ = model.encoder.backward(
        Tensor(concatenatingColumns: gradients.mean, gradients.logVariance))
      optimizer.update(&model)
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      if index > 0 { times.append(elapsed) }
    }
    let flops =
      Self.trainingFLOPs(of: encoder, batch: frames, imageSize: imageSize)
      + Self.trainingFLOPs(of: decoder, batch: frames, imageSize: 4)
    return Report(
      gemmGFLOPS: gemm, gemmSize: gemmSize, framesPerStep: frames, flopsPerStep: flops,
      secondsPerStep: times.min() ?? 0, medianSecondsPerStep: times.sorted()[times.count / 2])
  }

  /// The best sgemm rate over `repetitions` multiplications of `gemmSize` x `gemmSize`
  /// matrices, in GFLOP/s.
  public func measureGemm(repetitions: Int = 8) -> Double {
    let n = gemmSize
    var generator = SeededGenerator(seed: 2)
    let a = Tensor<Float>.randomNormal(shape: [n, n], using: &generator)
    let b = Tensor<Float>.randomNormal(shape: [n, n], using: &generator)
    var best = Double.infinity
    for _ in 0..<repetitions {
      let start = DispatchTime.now().uptimeNanoseconds
      _ = Tensor.matmul(a, b)
      best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return 2 * Double(n * n * n) / best / 1e9
  }

  /// Forward + backward matrix-product FLOPs of a sequential model on a batch: a layer
  /// whose product is (M x K)(K x N) costs 2MKN forward, 2MKN for the weight gradient and
  /// 2MKN for the input gradient (skipped where the input gradient is not computed).
  static func trainingFLOPs(of model: Sequential<Float>, batch: Int, imageSize: Int) -> Double {
    var total = 0.0
    var size = imageSize
    for layer in model.layers {
      if let dense = layer as? Dense<Float> {
        total += 3 * 2 * Double(batch * dense.inputSize * dense.outputSize)
      } else if let conv = layer as? Conv2D<Float> {
        size = (size + 2 * conv.padding - conv.kernelSize) / conv.stride + 1
        let product =
          2 * Double(batch * size * size) * Double(conv.kernelSize * conv.kernelSize)
          * Double(conv.inputChannels * conv.outputChannels)
        total += product * (conv.computesInputGradient ? 3 : 2)
      } else if let conv = layer as? TransposedConv2D<Float> {
        let product =
          2 * Double(batch * size * size) * Double(conv.kernelSize * conv.kernelSize)
          * Double(conv.inputChannels * conv.outputChannels)
        total += product * 3
        size = (size - 1) * conv.stride - 2 * conv.padding + conv.kernelSize
      } else if let reshape = layer as? Reshape<Float>, reshape.shape.count == 3 {
        size = reshape.shape[0]
      }
    }
    return total
  }
}

/// The benchmark's encoder and decoder as one parameter container for Adam.
private struct TrainingPair: ParameterContainer {
  var encoder: Sequential<Float>
  var decoder: Sequential<Float>

  mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Float>) throws -> Void
  ) rethrows {
    try encoder.visitParameters(prefix: prefix + "encoder.", body)
    try decoder.visitParameters(prefix: prefix + "decoder.", body)
  }
}
