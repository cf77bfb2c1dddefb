/// How a per-element loss is reduced to one number.
public enum Reduction: Sendable {
  /// The sum over all elements.
  case sum
  /// The mean over all elements.
  case mean
  /// The sum over all elements divided by the batch size (the first dimension): a per-example
  /// loss summed over its pixels and averaged over examples.
  case batchMean

  func scale(count: Int, batch: Int) -> Double {
    switch self {
    case .sum: 1
    case .mean: 1 / Double(max(count, 1))
    case .batchMean: 1 / Double(max(batch, 1))
    }
  }
}

/// A reduced loss value and its gradient with respect to the loss's input.
public struct LossAndGradient<Scalar: BLASScalar>: Sendable {
  /// The loss, accumulated in Double.
  public var value: Double
  /// d value / d input, same shape as the input.
  public var gradient: Tensor<Scalar>
}

/// Binary cross-entropy between Bernoulli logits x and targets t in [0, 1], computed
/// without overflow as
///
///     l(x, t) = max(x, 0) - x t + log(1 + e^-|x|)
///
/// which equals -t log sigmoid(x) - (1 - t) log(1 - sigmoid(x)); dl/dx = sigmoid(x) - t.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func sigmoidCrossEntropy<Scalar: BLASScalar>(
  logits: Tensor<Scalar>, labels: Tensor<Scalar>, reduction: Reduction = .batchMean
) -> LossAndGradient<Scalar> {
  precondition(logits.shape == labels.shape, "logits \(logits.shape) vs labels \(labels.shape)")
  let scale = reduction.scale(count: logits.count, batch: logits.shape.first ?? 1)
  let typedScale = Scalar(scale)
  var gradient = logits
  // Partial sums per fixed chunk, added in chunk order: deterministic on a given machine.
  let chunkSize = 1 << 16
  var partials = [Double](repeating: 0, count: (logits.count + chunkSize - 1) / chunkSize)
  gradient.scalars.withUnsafeMutableBufferPointer { buffer in
    labels.scalars.withUnsafeBufferPointer { labels in
      partials.withUnsafeMutableBufferPointer { partials in
        let (g, t, sums) = (buffer.baseAddress!, labels.baseAddress!, partials.baseAddress!)
        let count = buffer.count
        parallelFor(partials.count) { chunks in
          for chunk in chunks {
            var total = 0.0
            for i in (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize) {
              let x = g[i]
              let e = Scalar.exp(-abs(x))
              total += Double(max(x, 0) - x * t[i] + Scalar.log1p(e))
              let sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e)
              g[i] = typedScale * (sigmoid - t[i])
            }
            sums[chunk] = total
          }
        }
      }
    }
  }
  let total = partials.reduce(0, +)
  return LossAndGradient(value: total * scale, gradient: gradient)
}
