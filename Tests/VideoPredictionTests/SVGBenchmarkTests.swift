import Engine
import Testing
import VidlatSupport

@testable import VideoPrediction

@Suite struct SVGBenchmarkTests {
  /// SVG-LP at 8 x 8 (one encoder stage), 1 channel, filters 2, g 4, z 2, LSTMs of 3
  /// (predictor 2 layers), 1 + 1 frames of 1 sequence.
  static var tiny: SVGConfiguration {
    var c = SVGConfiguration(variant: .learnedPrior)
    c.imageSize = 8
    c.filters = 2
    c.encodingSize = 4
    c.latentSize = 2
    c.predictorHidden = 3
    c.posteriorHidden = 3
    c.priorHidden = 3
    c.contextFrames = 1
    c.futureFrames = 1
    return c
  }

  @Test func flopCountMatchesAHandCount() {
    // Multiply-adds (MACs) by hand; each costs 2 FLOPs. 2 frames through the encoder, 1 step
    // through the decoder and the recurrent networks.
    // Encoder stage: 8x8x1 -> 4x4x2, per frame 16 pixels x (4 x 4 x 1) inputs x 2 outputs =
    // 512 MACs; forward and weight gradient (no input gradient: the input is data).
    let stage = 2 * 512 * 2 * 2
    // Encoder head: 4x4x2 -> 1x1x4, 32 x 4 = 128 MACs per frame; three passes.
    let head = 2 * 128 * 2 * 3
    // Decoder head: 1x1x4 -> 4x4x2, 4 inputs x 16 x 2 = 128 MACs; stage: 4x4x(2 + 2) ->
    // 8x8x1, 16 input pixels x 4 channels x 16 x 1 = 1024 MACs; three passes each.
    let decoder = (128 + 1024) * 2 * 3
    // Predictor: embed 6 -> 3 (18), LSTM layers [3 + 3] -> 12 (72 each, two), output 3 -> 4
    // (12); posterior and prior: embed 4 -> 3 (12), one layer (72), output 3 -> 4 (12).
    let recurrent = (18 + 72 + 72 + 12 + 2 * (12 + 72 + 12)) * 2 * 3
    let flops = SVGBenchmark.trainingFLOPs(configuration: Self.tiny, sequences: 1)
    #expect(flops.encoder == Double(stage + head))
    #expect(flops.decoder == Double(decoder))
    #expect(flops.recurrent == Double(recurrent))
    #expect(flops.total == Double(stage + head + decoder + recurrent))
  }

  @Test(arguments: [8, 32])
  func flopCountMatchesTheModelsLayers(imageSize: Int) {
    // Every layer's multiply-adds per row (output pixel of a convolution, input pixel of a
    // transposed convolution, row of a dense layer or LSTM cell) are its weight's size.
    var c = imageSize == 8 ? Self.tiny : SVGBenchmark.paperConfiguration(imageSize: 32)
    c.filters = imageSize == 8 ? c.filters : 4
    let sequences = 3
    var generator = SeededGenerator(seed: 1)
    let model = SVGModel<Float>(configuration: c, generator: &generator)
    let frames = Double(c.sequenceLength * sequences)
    let steps = Double((c.sequenceLength - 1) * sequences)
    var encoder = 0.0
    for (index, stage) in model.encoder.stages.enumerated() {
      let pixels = Double((c.imageSize >> (index + 1)) * (c.imageSize >> (index + 1)))
      encoder +=
        2 * frames * pixels * Double(stage.weight.value.count) * (index == 0 ? 2 : 3)
    }
    encoder += 6 * frames * Double(model.encoder.head.weight.value.count)
    var decoder = 6 * steps * Double(model.decoder.head.weight.value.count)
    for (index, stage) in model.decoder.stages.enumerated() {
      let side = 4 << index
      decoder += 6 * steps * Double(side * side * stage.weight.value.count)
    }
    var recurrent = 0.0
    for network in [model.predictor, model.posterior!.network, model.prior!.network] {
      let weights =
        network.embed.weight.value.count + network.output.weight.value.count
        + network.lstm.cells.map(\.weight.value.count).reduce(0, +)
      recurrent += 6 * steps * Double(weights)
    }
    let flops = SVGBenchmark.trainingFLOPs(configuration: c, sequences: sequences)
    #expect(flops == SVGStepFLOPs(encoder: encoder, decoder: decoder, recurrent: recurrent))
  }

  @Test func tinyBenchmarkRuns() {
    let report = SVGBenchmark(configuration: Self.tiny, sequences: 2, steps: 1, gemmSize: 64).run()
    #expect(report.framesPerStep == 4)
    #expect(report.flops == SVGBenchmark.trainingFLOPs(configuration: Self.tiny, sequences: 2))
    #expect(report.secondsPerStep > 0 && report.gemmGFLOPS > 0)
    #expect(report.timedSteps == 1 && report.times.total > 0)
    #expect(report.firstLoss.value.isFinite && report.firstLoss.value > 0)
    #expect(report.description.contains("first step loss: "))
  }

  @Test func partTimesDoNotChangeTheLoss() {
    var generator = SeededGenerator(seed: 3)
    var model = SVGModel<Double>(configuration: Self.tiny, generator: &generator)
    var copy = model
    let frames = Tensor<Double>.randomUniform(
      shape: [2, 2, 8, 8, 1], lower: 0, upper: 1, using: &generator)
    var (first, second) = (SeededGenerator(seed: 4), SeededGenerator(seed: 4))
    var times = SVGStepTimes()
    let plain = model.loss(frames: frames, generator: &first)
    let timed = copy.loss(frames: frames, generator: &second, times: &times)
    #expect(plain == timed)
    #expect(times.encoder > 0 && times.decoder > 0 && times.recurrent > 0 && times.other >= 0)
  }
}
