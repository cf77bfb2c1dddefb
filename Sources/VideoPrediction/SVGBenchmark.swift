import Dispatch
import Engine
import Foundation
import VidlatSupport

/// The training throughput of SVG (docs/experiments/svg-throughput.md): SVG training steps
/// (`SVGModel.loss`, forward and backward, then one Adam update) on random frames at the
/// paper's sizes, against the machine's sgemm rate measured in the same run.
///
/// Before every step an sgemm measurement runs (`EngineBenchmark.measureGemm`), so both see
/// the same machine load; the report gives the best of each, their ratio, and the wall time
/// of the step's parts (encoder, decoder, recurrent networks, other) summed over the timed
/// steps. The frames and the model come from fixed seeds, so the loss of the first step is
/// the same on every run of a build: it is printed to full precision, to check that an
/// optimisation kept the numerics.
public struct SVGBenchmark: Sendable {
  /// The model; the paper's SVG-LP at 64 x 64 by default.
  public var configuration: SVGConfiguration
  /// Sequences per step (the paper's batch: 16).
  public var sequences: Int
  /// Timed steps, after one untimed warm-up step.
  public var steps: Int
  /// Side of the square matrices of the sgemm measurement.
  public var gemmSize: Int

  public init(
    configuration: SVGConfiguration = SVGConfiguration(variant: .learnedPrior),
    sequences: Int = 16, steps: Int = 3, gemmSize: Int = 1024
  ) {
    self.configuration = configuration
    self.sequences = sequences
    self.steps = steps
    self.gemmSize = gemmSize
  }

  /// The paper's SVG-LP (filters 64, g 128, z 10, LSTMs of 256, 5 + 10 frames) at `imageSize`.
  public static func paperConfiguration(imageSize: Int) -> SVGConfiguration {
    var configuration = SVGConfiguration(variant: .learnedPrior)
    configuration.imageSize = imageSize
    return configuration
  }

  /// Matrix-product FLOPs of one training step, counted from the layer shapes, per part.
  ///
  /// Every layer is a gemm (M x K)(K x N) on a batch of rows, costing 2MKN forward, 2MKN
  /// for the weight gradient and 2MKN for the input gradient (not computed for the
  /// encoder's first stage, whose input is data). With T = C + F frames, B sequences,
  /// nf = filters, g, z, and 4 x 4 kernels:
  ///
  /// - encoder, on N = T B frames: stage i = 0 ..< stages (output side S / 2^(i+1),
  ///   channels in c_i = channels (i = 0) or nf 2^(i-1), out nf 2^i):
  ///   2 N (S / 2^(i+1))^2 16 c_i nf 2^i, times 3 (2 for i = 0); the head (4 x 4 valid to
  ///   1 x 1): 3 * 2 N 16 nf 2^(stages-1) g.
  /// - decoder, on M = (T - 1) B steps: the head (1 x 1 -> 4 x 4): 3 * 2 M g 16 nf
  ///   2^(stages-1); the stage reading encoder stage e (input side S / 2^(e+1), input
  ///   channels 2 nf 2^e, output nf 2^(e-1), or `channels` for e = 0):
  ///   3 * 2 M (S / 2^(e+1))^2 (2 nf 2^e) 16 out_e.
  /// - recurrent, on M rows each: per network with input n, hidden H, L layers, output o:
  ///   3 * 2 M (n H + (H + H) 4H L + H o) (the first layer reads the embedding, of size H);
  ///   the predictor has n = g + z, o = g; the posterior and the learned prior n = g,
  ///   o = 2z.
  ///
  /// Elementwise work (activations, the LSTM gates, the loss, Adam) is not counted.
  public static func trainingFLOPs(
    configuration c: SVGConfiguration, sequences: Int
  ) -> SVGStepFLOPs {
    let frames = Double(c.sequenceLength * sequences)
    let steps = Double((c.sequenceLength - 1) * sequences)
    var encoder = 0.0
    var inputChannels = c.channels
    for stage in 0..<c.stages {
      let side = Double(c.imageSize >> (stage + 1))
      let outputChannels = c.filters << stage
      let product = 2 * frames * side * side * 16 * Double(inputChannels * outputChannels)
      encoder += product * (stage == 0 ? 2 : 3)
      inputChannels = outputChannels
    }
    encoder += 3 * 2 * frames * 16 * Double(inputChannels * c.encodingSize)
    var decoder = 3 * 2 * steps * Double(c.encodingSize) * 16 * Double(inputChannels)
    for stage in (0..<c.stages).reversed() {
      let side = Double(c.imageSize >> (stage + 1))
      let stageInput = 2 * (c.filters << stage)
      let stageOutput = stage == 0 ? c.channels : c.filters << (stage - 1)
      decoder += 3 * 2 * steps * side * side * Double(stageInput) * 16 * Double(stageOutput)
    }
    func network(input: Int, hidden: Int, layers: Int, output: Int) -> Double {
      let perRow: Int = input * hidden + 2 * hidden * 4 * hidden * layers + hidden * output
      return 3 * 2 * steps * Double(perRow)
    }
    var recurrent = network(
      input: c.encodingSize + c.effectiveLatentSize, hidden: c.predictorHidden,
      layers: c.predictorLayers, output: c.encodingSize)
    if c.variant != .deterministic {
      recurrent += network(
        input: c.encodingSize, hidden: c.posteriorHidden, layers: c.posteriorLayers,
        output: 2 * c.latentSize)
    }
    if c.variant == .learnedPrior {
      recurrent += network(
        input: c.encodingSize, hidden: c.priorHidden, layers: c.priorLayers,
        output: 2 * c.latentSize)
    }
    return SVGStepFLOPs(encoder: encoder, decoder: decoder, recurrent: recurrent)
  }

  /// The measured figures.
  public struct Report: Sendable, CustomStringConvertible {
    public var configuration: SVGConfiguration
    /// sgemm rate at `gemmSize` x `gemmSize` (best over the run), in GFLOP/s.
    public var gemmGFLOPS: Double
    public var gemmSize: Int
    /// Training frames per step: sequences x (context + future).
    public var framesPerStep: Int
    public var flops: SVGStepFLOPs
    /// Best (shortest) wall time of a step (loss, backward, Adam), in seconds.
    public var secondsPerStep: Double
    /// Median wall time of a step, in seconds.
    public var medianSecondsPerStep: Double
    /// Wall time of the parts, summed over the timed steps (other includes zeroing the
    /// gradients and Adam).
    public var times: SVGStepTimes
    public var timedSteps: Int
    /// The loss of the first (warm-up) step: fixed by the seeds.
    public var firstLoss: SVGLoss

    public var framesPerSecond: Double { Double(framesPerStep) / secondsPerStep }
    public var trainingGFLOPS: Double { flops.total / secondsPerStep / 1e9 }
    /// Achieved training GFLOP/s as a fraction of the measured sgemm rate.
    public var fractionOfGemm: Double { trainingGFLOPS / gemmGFLOPS }

    public var description: String {
      let cores = ProcessInfo.processInfo.activeProcessorCount
      let c = configuration
      let steps = Double(max(timedSteps, 1))
      func part(_ name: String, _ seconds: Double, _ flops: Double) -> String {
        let rate = flops > 0 ? ", \(format(flops / max(seconds / steps, 1e-12) / 1e9)) GFLOP/s" : ""
        return "  \(name)\(format(1000 * seconds / steps)) ms/step "
          + "(\(format(100 * seconds / max(times.total, 1e-12)))%), "
          + "\(format(flops / 1e9)) GFLOP\(rate)"
      }
      return """
        sgemm \(gemmSize)x\(gemmSize): \(format(gemmGFLOPS)) GFLOP/s (\(cores) cores)
        SVG-\(c.variant.benchmarkName) \(c.imageSize) x \(c.imageSize) (filters \(c.filters), \
        g \(c.encodingSize), z \(c.latentSize), LSTMs \(c.predictorHidden)), \
        \(framesPerStep / c.sequenceLength) sequences x \(c.sequenceLength) frames: \
        best step \(format(secondsPerStep * 1000)) ms (median \
        \(format(medianSecondsPerStep * 1000)) ms), \(format(framesPerSecond)) frames/s
        \(format(flops.total / 1e9)) GFLOP per step (\(format(flops.total / Double(framesPerStep) / 1e6)) \
        MFLOP per frame), \(format(trainingGFLOPS)) GFLOP/s = \(format(100 * fractionOfGemm))% of sgemm
        parts (mean over \(timedSteps) steps):
        \(part("encoder    ", times.encoder, flops.encoder))
        \(part("decoder    ", times.decoder, flops.decoder))
        \(part("LSTMs      ", times.recurrent, flops.recurrent))
        \(part("other      ", times.other, 0))
        first step loss: \(String(format: "%.9g", firstLoss.value)) \
        (reconstruction \(String(format: "%.9g", firstLoss.reconstruction)), \
        kl \(String(format: "%.9g", firstLoss.kl)))
        """
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
  }

  /// Runs the measurement.
  public func run() -> Report {
    let c = configuration
    var generator = SeededGenerator(seed: 1)
    var model = SVGModel<Float>(configuration: c, generator: &generator)
    let frames = Tensor<Float>.randomUniform(
      shape: [c.sequenceLength, sequences, c.imageSize, c.imageSize, c.channels], lower: 0,
      upper: 1, using: &generator)
    var optimizer = Adam<Float>(learningRate: 2e-3)
    let gemm = EngineBenchmark(gemmSize: gemmSize)
    var gemmRate = 0.0
    var seconds: [Double] = []
    var times = SVGStepTimes()
    var firstLoss = SVGLoss(value: 0, reconstruction: 0, kl: 0)
    for index in 0...steps {
      gemmRate = max(gemmRate, gemm.measureGemm(repetitions: 3))
      var stepTimes = SVGStepTimes()
      let start = SVGStepTimes.now()
      model.zeroGradients()
      let loss = model.loss(frames: frames, generator: &generator, times: &stepTimes)
      optimizer.update(&model)
      let elapsed = SVGStepTimes.now() - start
      stepTimes.other += elapsed - stepTimes.total
      if index == 0 {
        firstLoss = loss
      } else {
        seconds.append(elapsed)
        times.encoder += stepTimes.encoder
        times.decoder += stepTimes.decoder
        times.recurrent += stepTimes.recurrent
        times.other += stepTimes.other
      }
    }
    return Report(
      configuration: c, gemmGFLOPS: gemmRate, gemmSize: gemmSize,
      framesPerStep: c.sequenceLength * sequences,
      flops: Self.trainingFLOPs(configuration: c, sequences: sequences),
      secondsPerStep: seconds.min() ?? 0, medianSecondsPerStep: seconds.sorted()[seconds.count / 2],
      times: times, timedSteps: steps, firstLoss: firstLoss)
  }
}

/// The matrix-product FLOPs of one SVG training step (forward and backward), per part.
public struct SVGStepFLOPs: Sendable, Equatable {
  public var encoder: Double
  public var decoder: Double
  /// The posterior, prior and predictor: dense embeddings, LSTM layers, output layers.
  public var recurrent: Double

  public var total: Double { encoder + decoder + recurrent }
}

extension SVGVariant {
  /// LP, FP or deterministic.
  var benchmarkName: String {
    switch self {
    case .learnedPrior: "LP"
    case .fixedPrior: "FP"
    case .deterministic: "deterministic"
    }
  }
}
