/// A fully connected layer: y = activation(x W + b).
///
/// Input `[batch, inputSize]`, output `[batch, outputSize]`; `weight` is
/// `[inputSize, outputSize]`, `bias` is `[outputSize]`. One gemm for the whole batch.
/// Backward, with G the gradient with respect to the pre-activation:
/// dW = x^T G, db = sum over the batch of G, dx = G W^T.
public struct Dense<Scalar: BLASScalar>: WeightAndBiasLayer {
  public var weight: Parameter<Scalar>
  public var bias: Parameter<Scalar>
  public let activation: Activation
  private var input: Tensor<Scalar>?
  private var output: Tensor<Scalar>?
  private var preActivationGradient: Tensor<Scalar>?
  private var inputGradient: Tensor<Scalar>?

  /// A dense layer with weights drawn from `initializer` (He for ReLU, Glorot otherwise)
  /// and zero bias.
  public init(
    inputSize: Int, outputSize: Int, activation: Activation = .identity,
    initializer: Initializer? = nil, generator: inout some RandomNumberGenerator
  ) {
    (weight, bias) = Self.initialParameters(
      shape: [inputSize, outputSize], fanIn: inputSize, fanOut: outputSize,
      activation: activation, initializer: initializer, using: &generator)
    self.activation = activation
  }

  public var inputSize: Int { weight.value.shape[0] }
  public var outputSize: Int { weight.value.shape[1] }

  public var name: String { "Dense(\(inputSize)->\(outputSize), \(activation))" }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    precondition(
      input.rank == 2 && input.shape[1] == inputSize,
      "\(name) expects [batch, \(inputSize)], got \(input.shape)")
    let batch = input.shape[0]
    let (n, k) = (outputSize, inputSize)
    var output = Tensor.reusing(&self.output, shape: [batch, n])
    output.fillRows(with: bias.value)
    if batch > 0 && k > 0 {
      input.scalars.withUnsafeBufferPointer { x in
        weight.value.scalars.withUnsafeBufferPointer { w in
          output.scalars.withUnsafeMutableBufferPointer { y in
            Scalar.gemm(
              transposeA: false, transposeB: false, m: batch, n: n, k: k, alpha: 1,
              a: x.baseAddress!, lda: k, b: w.baseAddress!, ldb: n, beta: 1,
              c: y.baseAddress!, ldc: n)
          }
        }
      }
    }
    activation.apply(to: &output)
    self.input = input
    self.output = output
    return output
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
    guard let input, let output else { preconditionFailure("\(name): backward before forward") }
    precondition(outputGradient.shape == output.shape, "\(name): gradient shape mismatch")
    let gradient = outputGradient.preActivationGradient(
      activation, output: output, buffer: &preActivationGradient,
      addingColumnSumsInto: &bias.gradient)
    let batch = input.shape[0]
    let (n, k) = (outputSize, inputSize)
    var inputGradient = Tensor.reusing(&self.inputGradient, shape: input.shape)
    if batch > 0 && k > 0 {
      gradient.scalars.withUnsafeBufferPointer { g in
        input.scalars.withUnsafeBufferPointer { x in
          weight.gradient.scalars.withUnsafeMutableBufferPointer { dw in
            Scalar.addTransposedProduct(
              rows: batch, m: k, n: n, a: x.baseAddress!, b: g.baseAddress!,
              into: dw.baseAddress!)
          }
        }
        weight.value.scalars.withUnsafeBufferPointer { w in
          inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
            Scalar.gemm(
              transposeA: false, transposeB: true, m: batch, n: k, k: n, alpha: 1,
              a: g.baseAddress!, lda: n, b: w.baseAddress!, ldb: n, beta: 0,
              c: dx.baseAddress!, ldc: k)
          }
        }
      }
    } else {
      inputGradient.scale(by: 0)
    }
    // The input belongs to the caller; keep only this layer's own buffers.
    self.input = nil
    self.inputGradient = inputGradient
    return inputGradient
  }
}
