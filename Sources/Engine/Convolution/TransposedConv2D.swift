/// A 2-D transposed convolution on NHWC batches (the adjoint of `Conv2D`'s input map, used
/// for upsampling): y = activation(convT(x, W) + b).
///
/// Input `[batch, height, width, inputChannels]`, output
/// `[batch, (height - 1) * stride - 2 * padding + kernelSize, (same for width), outputChannels]`;
/// `weight` is `[inputChannels, kernelSize, kernelSize, outputChannels]`, `bias` is
/// `[outputChannels]`. (4x4, stride 2, padding 1 doubles the size.)
///
/// Forward: one gemm C = x W over the whole batch (x viewed as `[P, inputChannels]`, P =
/// batch * input pixels, C is `[P, kernelSize^2 * outputChannels]`), then col2im adds each
/// row of C onto the output window it belongs to. Backward, with G the gradient with
/// respect to the pre-activation: db = sums of G over pixels, D = im2col(G),
/// dW = x^T D, dx = D W^T.
public struct TransposedConv2D<Scalar: BLASScalar>: ConvolutionLayer {
  public var weight: Parameter<Scalar>
  public var bias: Parameter<Scalar>
  public let stride: Int
  public let padding: Int
  public let activation: Activation
  public static var kind: String { "TransposedConv2D" }
  /// The weight's axes: `[inputChannels, kernelSize, kernelSize, outputChannels]`.
  public static var weightAxes: ConvolutionWeightAxes { ConvolutionWeightAxes(input: 0, kernel: 1) }
  private var pass = ConvolutionPass<Scalar>()
  private var input: Tensor<Scalar>?

  public init(
    weight: Parameter<Scalar>, bias: Parameter<Scalar>, stride: Int, padding: Int,
    activation: Activation
  ) {
    (self.weight, self.bias) = (weight, bias)
    (self.stride, self.padding, self.activation) = (stride, padding, activation)
  }

  /// Each output pixel receives about (kernelSize / stride)^2 * inputChannels terms.
  public static func fanIn(inputChannels: Int, kernelSize: Int, stride: Int) -> Int {
    max(1, kernelSize * kernelSize * inputChannels / (stride * stride))
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    checkInput(input)
    let outputHeight = (input.shape[1] - 1) * stride - 2 * padding + kernelSize
    let outputWidth = (input.shape[2] - 1) * stride - 2 * padding + kernelSize
    precondition(outputHeight > 0 && outputWidth > 0, "\(name): empty output for \(input.shape)")
    let geometry = ConvolutionGeometry(
      imageHeight: outputHeight, imageWidth: outputWidth, channels: outputChannels,
      kernelSize: kernelSize, stride: stride, padding: padding)
    let batch = input.shape[0]
    let rows = batch * input.shape[1] * input.shape[2]
    let k = inputChannels
    let n = geometry.windowLength
    resize(&pass.columns, to: rows * n)
    var output = Tensor.reusing(
      &pass.output, shape: [batch, outputHeight, outputWidth, outputChannels])
    output.scale(by: 0)
    if rows > 0 {
      input.scalars.withUnsafeBufferPointer { x in
        weight.value.scalars.withUnsafeBufferPointer { w in
          pass.columns.withUnsafeMutableBufferPointer { c in
            Scalar.gemmSplittingRows(
              transposeB: false, m: rows, n: n, k: k, alpha: 1,
              a: x.baseAddress!, lda: k, b: w.baseAddress!, ldb: n, beta: 0, c: c.baseAddress!,
              ldc: n)
          }
        }
      }
      pass.columns.withUnsafeBufferPointer { c in
        output.scalars.withUnsafeMutableBufferPointer { y in
          geometry.fold(columns: c.baseAddress!, batch: batch, into: y.baseAddress!)
        }
      }
    }
    output.addToRows(bias.value)
    activation.apply(to: &output)
    pass.geometry = geometry
    pass.output = output
    self.input = input
    return output
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
    let (geometry, gradient) = pass.beginBackward(
      outputGradient, activation: activation, bias: &bias, layer: name)
    guard let input else { preconditionFailure("\(name): backward twice after one forward") }
    let batch = input.shape[0]
    let rows = batch * input.shape[1] * input.shape[2]
    let k = inputChannels
    let n = geometry.windowLength
    var inputGradient = Tensor.reusing(&pass.inputGradient, shape: input.shape)
    // The input belongs to the caller; keep only this layer's own buffers.
    self.input = nil
    defer { pass.inputGradient = inputGradient }
    guard rows > 0 else {
      inputGradient.scale(by: 0)
      return inputGradient
    }
    pass.columns.withUnsafeMutableBufferPointer { d in
      gradient.scalars.withUnsafeBufferPointer { g in
        geometry.unfold(image: g.baseAddress!, batch: batch, into: d.baseAddress!)
      }
      input.scalars.withUnsafeBufferPointer { x in
        weight.gradient.scalars.withUnsafeMutableBufferPointer { dw in
          Scalar.addTransposedProduct(
            rows: rows, m: k, n: n, a: x.baseAddress!, b: d.baseAddress!, into: dw.baseAddress!)
        }
      }
      weight.value.scalars.withUnsafeBufferPointer { w in
        inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
          Scalar.gemmSplittingRows(
            transposeB: true, m: rows, n: k, k: n, alpha: 1,
            a: d.baseAddress!, lda: n, b: w.baseAddress!, ldb: n, beta: 0, c: dx.baseAddress!,
            ldc: k)
        }
      }
    }
    return inputGradient
  }
}
