/// Weight initialisation schemes, seeded through the generator passed to each layer.
public enum Initializer: Sendable {
  /// He (Kaiming) normal: N(0, 2 / fanIn), for layers followed by ReLU.
  case he
  /// Glorot (Xavier) uniform: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)).
  case glorot

  /// The default for a layer with the given activation: He for ReLU, Glorot otherwise.
  public static func `default`(for activation: Activation) -> Initializer {
    activation == .relu ? .he : .glorot
  }

  /// A tensor of the given shape with this scheme's distribution.
  public func tensor<Scalar: BLASScalar>(
    shape: [Int], fanIn: Int, fanOut: Int, using generator: inout some RandomNumberGenerator
  ) -> Tensor<Scalar> {
    switch self {
    case .he:
      let deviation = (2.0 / Double(max(fanIn, 1))).squareRoot()
      return .randomNormal(
        shape: shape, standardDeviation: Scalar(deviation), using: &generator)
    case .glorot:
      let limit = (6.0 / Double(max(fanIn + fanOut, 1))).squareRoot()
      return .randomUniform(
        shape: shape, lower: Scalar(-limit), upper: Scalar(limit), using: &generator)
    }
  }
}
