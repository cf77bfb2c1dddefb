import VidlatSupport

extension Tensor {
  /// Independent N(mean, standardDeviation^2) elements drawn from `generator`, in
  /// row-major order (so the same generator state gives the same tensor).
  public static func randomNormal(
    shape: [Int], mean: Scalar = 0, standardDeviation: Scalar = 1,
    using generator: inout some RandomNumberGenerator
  ) -> Tensor {
    let count = shape.reduce(1, *)
    var values = [Scalar]()
    values.reserveCapacity(count)
    for _ in 0..<count {
      values.append(mean + standardDeviation * Scalar(generator.nextStandardNormal()))
    }
    return Tensor(shape: shape, scalars: values)
  }

  /// Independent uniform elements in [lower, upper) drawn from `generator`.
  public static func randomUniform(
    shape: [Int], lower: Scalar, upper: Scalar, using generator: inout some RandomNumberGenerator
  ) -> Tensor {
    let count = shape.reduce(1, *)
    var values = [Scalar]()
    values.reserveCapacity(count)
    for _ in 0..<count {
      values.append(Scalar(generator.nextUniform(Double(lower), Double(upper))))
    }
    return Tensor(shape: shape, scalars: values)
  }
}
