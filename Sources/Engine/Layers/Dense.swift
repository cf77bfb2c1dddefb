/// A fully connected layer: y = activation(x W + b).
///
/// Input `[batch, inputSize]`, output `[batch, outputSize]`; `weight` is
/// `[inputSize, outputSize]`, `bias` is `[outputSize]`. One gemm for the whole batch.
/// Backward, with G the gradient with respect to the pre-activation:
/// dW = x^T G, db = sum over the batch of G, dx = G W^T.
public struct Dense<Scalar: BLASScalar>: Layer {
  public var weight: Parameter<Scalar>
  public var bias: Parameter<Scalar>
  public let activation: Activation
  private var input: Tensor<Scalar>?
  private var output: Tensor<Scalar>?

  /// A dense layer with weights drawn from `initializer` (He for ReLU, Glorot otherwise)
  /// and zero bias.
  public init(
    inputSize: Int, outputSize: Int, activation: Activation = .identity,
    initializer: Initializer? = nil, generator: inout some RandomNumberGenerator
  ) {
    let scheme = initializer ?? .default(for: activation)
    weight = Parameter(
      scheme.tensor(
        shape: [inputSize, outputSize], fanIn: inputSize, fanOut: outputSize,
        using: &generator))
    bias = Parameter(Tensor(zeros: [outputSize]))
    self.activation = activation
  }

  public var inputSize: Int { weight.value.shape[0] }
  public var outputSize: Int { weight.value.shape[1] }

  public var name: String { "Dense(\(inputSize)->\(outputSize), \(activation))" }

  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    try body(prefix + "weight", &weight)
    try body(prefix + "bias", &bias)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    precondition(
      input.rank == 2 && input.shape[1] == inputSize,
      "\(name) expects [batch, \(inputSize)], got \(input.shape)")
    let batch = input.shape[0]
    var output = Tensor<Scalar>(zeros: [batch, outputSize])
    let n = outputSize
    let k = inputSize
    output.scalars.withUnsafeMutableBufferPointer { y in
      bias.value.scalars.withUnsafeBufferPointer { b in
        for row in 0..<batch {
          (y.baseAddress! + row * n).update(from: b.baseAddress!, count: n)
        }
      }
      if batch > 0 && k > 0 {
        input.scalars.withUnsafeBufferPointer { x in
          weight.value.scalars.withUnsafeBufferPointer { w in
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
    var gradient = outputGradient
    activation.backward(output: output, gradient: &gradient)
    let batch = input.shape[0]
    let n = outputSize
    let k = inputSize
    var inputGradient = Tensor<Scalar>(zeros: input.shape)
    guard batch > 0 else { return inputGradient }
    gradient.scalars.withUnsafeBufferPointer { g in
      input.scalars.withUnsafeBufferPointer { x in
        weight.gradient.scalars.withUnsafeMutableBufferPointer { dw in
          Scalar.gemm(
            transposeA: true, transposeB: false, m: k, n: n, k: batch, alpha: 1,
            a: x.baseAddress!, lda: k, b: g.baseAddress!, ldb: n, beta: 1,
            c: dw.baseAddress!, ldc: n)
        }
      }
      bias.gradient.scalars.withUnsafeMutableBufferPointer { db in
        for row in 0..<batch {
          let base = row * n
          for j in 0..<n { db[j] += g[base + j] }
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
    return inputGradient
  }
}
