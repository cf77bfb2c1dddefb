/// A pointwise nonlinearity, fused into `Dense`, `Conv2D` and `TransposedConv2D` (applied to
/// their output in place) or applied on its own.
///
/// Each derivative is written in terms of the output y, so layers only cache the output:
/// ReLU y = max(x, 0), y' = [y > 0]; leaky ReLU y = max(x, 0.2 x), y' = 1 if y > 0 else 0.2
/// (the sign of y is the sign of x); sigmoid y = 1 / (1 + e^-x), y' = y (1 - y);
/// tanh y' = 1 - y^2; identity y' = 1.
public enum Activation: String, Sendable, CaseIterable {
  case identity, relu, sigmoid, tanh
  /// Leaky ReLU with the slope 0.2 of DCGAN (Radford et al. 2016) and SVG for x < 0.
  case leakyRelu

  /// The slope of `leakyRelu` for negative inputs.
  public static let leakySlope = 0.2

  /// Applies the activation to every element in place.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func apply<Scalar: BLASScalar>(to values: inout Tensor<Scalar>) {
    if self == .identity { return }
    values.scalars.withUnsafeMutableBufferPointer { buffer in
      let y = buffer.baseAddress!
      parallelFor(buffer.count, minimumPerChunk: 1 << 16) { range in
        switch self {
        case .identity: break
        case .relu:
          for i in range { y[i] = max(y[i], 0) }
        case .leakyRelu:
          let slope = Scalar(Self.leakySlope)
          for i in range {
            let x = y[i]
            y[i] = x > 0 ? x : slope * x
          }
        case .sigmoid:
          for i in range {
            let x = y[i]
            // Stable for either sign: never exponentiates a large positive number.
            if x >= 0 {
              y[i] = 1 / (1 + Scalar.exp(-x))
            } else {
              let e = Scalar.exp(x)
              y[i] = e / (1 + e)
            }
          }
        case .tanh:
          for i in range { y[i] = Scalar.tanh(y[i]) }
        }
      }
    }
  }

  /// Writes into `result` the gradient with respect to the pre-activation: the gradient
  /// with respect to the output times the derivative at the given activation output.
  /// `result` must have as many elements as `output`; its previous contents are ignored.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func backward<Scalar: BLASScalar>(
    output: Tensor<Scalar>, outputGradient: Tensor<Scalar>, into result: inout Tensor<Scalar>
  ) {
    precondition(
      output.shape == outputGradient.shape && result.count == output.count,
      "activation gradient shape mismatch")
    output.scalars.withUnsafeBufferPointer { outputBuffer in
      outputGradient.scalars.withUnsafeBufferPointer { gradientBuffer in
        result.scalars.withUnsafeMutableBufferPointer { buffer in
          guard let y = outputBuffer.baseAddress, let g = gradientBuffer.baseAddress,
            let r = buffer.baseAddress
          else { return }
          parallelFor(buffer.count, minimumPerChunk: 1 << 16) { range in
            switch self {
            case .identity:
              for i in range { r[i] = g[i] }
            case .relu:
              // Both values loaded unconditionally: a select, not a branch, so it vectorises.
              for i in range {
                let (yi, gi) = (y[i], g[i])
                r[i] = yi > 0 ? gi : 0
              }
            case .leakyRelu:
              let slope = Scalar(Self.leakySlope)
              for i in range {
                let (yi, gi) = (y[i], g[i])
                r[i] = yi > 0 ? gi : slope * gi
              }
            case .sigmoid:
              for i in range { r[i] = g[i] * y[i] * (1 - y[i]) }
            case .tanh:
              for i in range { r[i] = g[i] * (1 - y[i] * y[i]) }
            }
          }
        }
      }
    }
  }
}
