/// A 2-D convolution (cross-correlation) on NHWC batches: y = activation(conv(x, W) + b).
///
/// Input `[batch, height, width, inputChannels]`, output
/// `[batch, gridHeight, gridWidth, outputChannels]` (see `ConvolutionGeometry`); `weight` is
/// `[kernelSize, kernelSize, inputChannels, outputChannels]`, `bias` is `[outputChannels]`.
///
/// Forward unfolds the whole batch (im2col) into C `[P, K]` (P = batch * output pixels,
/// K = kernelSize^2 * inputChannels) and makes one gemm y = C W. Backward, with G the
/// gradient with respect to the pre-activation viewed as `[P, outputChannels]`:
/// dW = C^T G, db = column sums of G, dx = fold(G W^T) (col2im).
public struct Conv2D<Scalar: BLASScalar>: ConvolutionLayer {
  public var weight: Parameter<Scalar>
  public var bias: Parameter<Scalar>
  public let stride: Int
  public let padding: Int
  public let activation: Activation
  public static var kind: String { "Conv2D" }
  /// The weight's axes: `[kernelSize, kernelSize, inputChannels, outputChannels]`.
  public static var weightAxes: ConvolutionWeightAxes { ConvolutionWeightAxes(input: 2, kernel: 0) }
  /// When false, `backward` skips the input gradient (returns zeros); set it on a first
  /// layer whose input is data, to save a gemm and a col2im.
  public var computesInputGradient = true
  private var pass = ConvolutionPass<Scalar>()
  private var inputShape: [Int] = []

  public init(
    weight: Parameter<Scalar>, bias: Parameter<Scalar>, stride: Int, padding: Int,
    activation: Activation
  ) {
    self.weight = weight
    self.bias = bias
    self.stride = stride
    self.padding = padding
    self.activation = activation
  }

  public static func fanIn(inputChannels: Int, kernelSize: Int, stride: Int) -> Int {
    kernelSize * kernelSize * inputChannels
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    checkInput(input)
    let geometry = ConvolutionGeometry(
      imageHeight: input.shape[1], imageWidth: input.shape[2], channels: inputChannels,
      kernelSize: kernelSize, stride: stride, padding: padding)
    precondition(
      geometry.gridHeight > 0 && geometry.gridWidth > 0,
      "\(name): input \(input.shape) is smaller than the kernel")
    let batch = input.shape[0]
    let rows = batch * geometry.gridHeight * geometry.gridWidth
    let k = geometry.windowLength
    let n = outputChannels
    resize(&pass.columns, to: rows * k)
    var output = Tensor.reusing(
      &pass.output, shape: [batch, geometry.gridHeight, geometry.gridWidth, n])
    output.fillRows(with: bias.value)
    if rows > 0 {
      input.scalars.withUnsafeBufferPointer { x in
        pass.columns.withUnsafeMutableBufferPointer { c in
          geometry.unfold(image: x.baseAddress!, batch: batch, into: c.baseAddress!)
        }
      }
      pass.columns.withUnsafeBufferPointer { c in
        weight.value.scalars.withUnsafeBufferPointer { w in
          output.scalars.withUnsafeMutableBufferPointer { y in
            Scalar.gemmSplittingRows(
              transposeB: false, m: rows, n: n, k: k, alpha: 1,
              a: c.baseAddress!, lda: k, b: w.baseAddress!, ldb: n, beta: 1, c: y.baseAddress!,
              ldc: n)
          }
        }
      }
    }
    activation.apply(to: &output)
    pass.geometry = geometry
    pass.output = output
    inputShape = input.shape
    return output
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
    let (geometry, gradient) = pass.beginBackward(
      outputGradient, activation: activation, bias: &bias, layer: name)
    let batch = inputShape[0]
    let rows = batch * geometry.gridHeight * geometry.gridWidth
    let k = geometry.windowLength
    let n = outputChannels
    var inputGradient = Tensor.reusing(&pass.inputGradient, shape: inputShape)
    inputGradient.scale(by: 0)
    defer { pass.inputGradient = inputGradient }
    guard rows > 0 else { return inputGradient }
    gradient.scalars.withUnsafeBufferPointer { g in
      pass.columns.withUnsafeMutableBufferPointer { c in
        weight.gradient.scalars.withUnsafeMutableBufferPointer { dw in
          Scalar.addTransposedProduct(
            rows: rows, m: k, n: n, a: c.baseAddress!, b: g.baseAddress!, into: dw.baseAddress!)
        }
        guard computesInputGradient else { return }
        // The unfolded input is no longer needed: reuse its buffer for dC = G W^T.
        weight.value.scalars.withUnsafeBufferPointer { w in
          Scalar.gemmSplittingRows(
            transposeB: true, m: rows, n: k, k: n, alpha: 1,
            a: g.baseAddress!, lda: n, b: w.baseAddress!, ldb: n, beta: 0, c: c.baseAddress!,
            ldc: k)
        }
        inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
          geometry.fold(columns: c.baseAddress!, batch: batch, into: dx.baseAddress!)
        }
      }
    }
    return inputGradient
  }
}
