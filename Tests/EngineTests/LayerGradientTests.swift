import Engine
import Testing
import VidlatSupport

@Suite struct LayerGradientTests {
  func randomInput(_ shape: [Int], seed: UInt64 = 1) -> Tensor<Double> {
    var generator = SeededGenerator(seed: seed)
    return .randomNormal(shape: shape, using: &generator)
  }

  @Test(arguments: Activation.allCases)
  func denseGradients(activation: Activation) {
    var generator = SeededGenerator(seed: 3)
    var dense = Dense<Double>(
      inputSize: 5, outputSize: 4, activation: activation, generator: &generator)
    dense.bias.value = .randomNormal(shape: [4], using: &generator)
    checkLayerGradients(dense, input: randomInput([3, 5]))
  }

  @Test(arguments: [
    (kernel: 4, stride: 2, padding: 1, size: 6),
    (kernel: 3, stride: 1, padding: 1, size: 5),
    (kernel: 3, stride: 2, padding: 0, size: 7),
    (kernel: 2, stride: 3, padding: 2, size: 5),
    (kernel: 1, stride: 1, padding: 0, size: 3),
  ])
  func convolutionGradients(kernel: Int, stride: Int, padding: Int, size: Int) {
    var generator = SeededGenerator(seed: 4)
    var conv = Conv2D<Double>(
      inputChannels: 2, outputChannels: 3, kernelSize: kernel, stride: stride,
      padding: padding, activation: .tanh, generator: &generator)
    conv.bias.value = .randomNormal(shape: [3], using: &generator)
    checkLayerGradients(conv, input: randomInput([2, size, size + 1, 2]))
  }

  @Test(arguments: [
    (kernel: 4, stride: 2, padding: 1, size: 3),
    (kernel: 3, stride: 1, padding: 1, size: 4),
    (kernel: 3, stride: 2, padding: 0, size: 3),
    (kernel: 2, stride: 3, padding: 0, size: 2),
  ])
  func transposedConvolutionGradients(kernel: Int, stride: Int, padding: Int, size: Int) {
    var generator = SeededGenerator(seed: 5)
    var conv = TransposedConv2D<Double>(
      inputChannels: 3, outputChannels: 2, kernelSize: kernel, stride: stride,
      padding: padding, activation: .sigmoid, generator: &generator)
    conv.bias.value = .randomNormal(shape: [2], using: &generator)
    checkLayerGradients(conv, input: randomInput([2, size, size + 1, 3]))
  }

  @Test func sequentialWithReshapeGradients() {
    var generator = SeededGenerator(seed: 6)
    let model = Sequential<Double>([
      Conv2D(
        inputChannels: 1, outputChannels: 2, kernelSize: 4, stride: 2, padding: 1,
        activation: .relu, generator: &generator),
      Reshape([8]),
      Dense(inputSize: 8, outputSize: 8, activation: .tanh, generator: &generator),
      Reshape([2, 2, 2]),
      TransposedConv2D(
        inputChannels: 2, outputChannels: 1, kernelSize: 4, stride: 2, padding: 1,
        generator: &generator),
    ])
    checkLayerGradients(model, input: randomInput([2, 4, 4, 1]))
  }

  @Test func weightGradientOfALargeBatchMatchesOneProduct() {
    // 8192 rows: the weight gradient is split across cores (BLASScalar.addTransposedProduct).
    var generator = SeededGenerator(seed: 15)
    var dense = Dense<Double>(inputSize: 3, outputSize: 2, generator: &generator)
    let x = randomInput([8192, 3], seed: 16)
    let g = randomInput([8192, 2], seed: 17)
    _ = dense.forward(x)
    _ = dense.backward(g)
    let expected = Tensor.matmul(x, g, transposeA: true)
    #expect(zip(dense.weight.gradient.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-9 })
  }

  @Test func convolutionsOfALargeBatchMatchSmallBatches() {
    // 512 images of 8 x 8: 8192 gemm rows, so the gemms are split across cores
    // (BLASScalar.gemmSplittingRows); the first two images must come out as when alone.
    var generator = SeededGenerator(seed: 18)
    let conv = Conv2D<Double>(
      inputChannels: 2, outputChannels: 3, kernelSize: 4, stride: 2, padding: 1,
      generator: &generator)
    let transposed = TransposedConv2D<Double>(
      inputChannels: 2, outputChannels: 3, kernelSize: 4, stride: 2, padding: 1,
      generator: &generator)
    let large = randomInput([512, 8, 8, 2], seed: 19)
    let small = Tensor(shape: [2, 8, 8, 2], scalars: Array(large.scalars.prefix(2 * 8 * 8 * 2)))
    let transposedLarge = randomInput([512, 4, 4, 2], seed: 20)
    let transposedSmall = Tensor(
      shape: [2, 4, 4, 2], scalars: Array(transposedLarge.scalars.prefix(2 * 4 * 4 * 2)))
    for (layer, large, small) in [
      (conv as any Layer<Double>, large, small), (transposed, transposedLarge, transposedSmall),
    ] {
      var whole = layer
      var part = layer
      let y = whole.forward(large)
      let ySmall = part.forward(small)
      let g = randomInput(y.shape, seed: 21)
      let gSmall = Tensor(shape: ySmall.shape, scalars: Array(g.scalars.prefix(ySmall.count)))
      let dx = whole.backward(g)
      let dxSmall = part.backward(gSmall)
      #expect(zip(y.scalars, ySmall.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
      #expect(zip(dx.scalars, dxSmall.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
    }
  }

  @Test func convolutionMatchesDirectSum() {
    // y[n, oy, ox, o] = b[o] + sum_{ky,kx,c} x[n, oy*s-p+ky, ox*s-p+kx, c] W[ky, kx, c, o]
    var generator = SeededGenerator(seed: 8)
    var conv = Conv2D<Double>(
      inputChannels: 2, outputChannels: 3, kernelSize: 4, stride: 2, padding: 1,
      generator: &generator)
    conv.bias.value = .randomNormal(shape: [3], using: &generator)
    let x = randomInput([2, 6, 6, 2])
    let y = conv.forward(x)
    #expect(y.shape == [2, 3, 3, 3])
    var worst = 0.0
    for n in 0..<2 {
      for oy in 0..<3 {
        for ox in 0..<3 {
          for o in 0..<3 {
            var sum = conv.bias.value[o]
            for ky in 0..<4 {
              for kx in 0..<4 {
                let iy = oy * 2 - 1 + ky
                let ix = ox * 2 - 1 + kx
                guard iy >= 0, iy < 6, ix >= 0, ix < 6 else { continue }
                for c in 0..<2 { sum += x[n, iy, ix, c] * conv.weight.value[ky, kx, c, o] }
              }
            }
            worst = max(worst, abs(sum - y[n, oy, ox, o]))
          }
        }
      }
    }
    #expect(worst < 1e-12)
  }

  @Test func transposedConvolutionIsAdjointOfConvolution() {
    // <conv(x), u> = <x, convT(u)> for the same weights (no bias, identity activation).
    var generator = SeededGenerator(seed: 9)
    var conv = Conv2D<Double>(
      inputChannels: 2, outputChannels: 3, kernelSize: 4, stride: 2, padding: 1,
      generator: &generator)
    var transposed = TransposedConv2D<Double>(
      inputChannels: 3, outputChannels: 2, kernelSize: 4, stride: 2, padding: 1,
      generator: &generator)
    // W_T[o, ky, kx, c] = W[ky, kx, c, o]
    for ky in 0..<4 {
      for kx in 0..<4 {
        for c in 0..<2 {
          for o in 0..<3 {
            transposed.weight.value[o, ky, kx, c] = conv.weight.value[ky, kx, c, o]
          }
        }
      }
    }
    let x = randomInput([2, 8, 6, 2], seed: 10)
    let u = randomInput([2, 4, 3, 3], seed: 11)
    let lhs = (conv.forward(x) * u).sum()
    let rhs = (x * transposed.forward(u)).sum()
    #expect(abs(lhs - rhs) < 1e-10 * max(1, abs(lhs)))
  }
}
