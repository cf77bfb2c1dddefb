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
  private var geometry: ConvolutionGeometry?
  private var columns: [Scalar] = []
  private var inputShape: [Int] = []
  private var output: Tensor<Scalar>?
  private var preActivationGradient: Tensor<Scalar>?
  private var inputGradient: Tensor<Scalar>?

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
    resize(&columns, to: rows * k)
    var output = Tensor.reusing(
      &self.output, shape: [batch, geometry.gridHeight, geometry.gridWidth, n])
    output.fillRows(with: bias.value)
    if rows > 0 {
      input.scalars.withUnsafeBufferPointer { x in
        columns.withUnsafeMutableBufferPointer { c in
          geometry.unfold(image: x.baseAddress!, batch: batch, into: c.baseAddress!)
        }
      }
      columns.withUnsafeBufferPointer { c in
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
    self.geometry = geometry
    self.inputShape = input.shape
    self.output = output
    return output
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
    guard let geometry, let output else {
      preconditionFailure("\(name): backward before forward")
    }
    precondition(outputGradient.shape == output.shape, "\(name): gradient shape mismatch")
    let gradient = outputGradient.preActivationGradient(
      activation, output: output, buffer: &preActivationGradient,
      addingColumnSumsInto: &bias.gradient)
    let batch = inputShape[0]
    let rows = batch * geometry.gridHeight * geometry.gridWidth
    let k = geometry.windowLength
    let n = outputChannels
    var inputGradient = Tensor.reusing(&self.inputGradient, shape: inputShape)
    inputGradient.scale(by: 0)
    defer { self.inputGradient = inputGradient }
    guard rows > 0 else { return inputGradient }
    gradient.scalars.withUnsafeBufferPointer { g in
      columns.withUnsafeMutableBufferPointer { c in
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
