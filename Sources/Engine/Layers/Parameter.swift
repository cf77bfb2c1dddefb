/// A trainable tensor together with the gradient accumulated for it by `backward` passes.
public struct Parameter<Scalar: BLASScalar>: Sendable {
  /// The current value.
  public var value: Tensor<Scalar>
  /// The accumulated gradient of the loss with respect to `value` (same shape).
  public var gradient: Tensor<Scalar>

  /// A parameter with the given value and a zero gradient.
  public init(_ value: Tensor<Scalar>) {
    self.value = value
    self.gradient = Tensor(zeros: value.shape)
  }
}

/// Anything holding named parameters: layers, `Sequential`, or a user's own model struct
/// that forwards to its parts with name prefixes (e.g. `"encoder."`).
///
/// Optimizers, gradient clipping and checkpoints see a model only through this protocol,
/// keyed by the parameter names, which must be unique within a model.
public protocol ParameterContainer<Scalar> {
  associatedtype Scalar: BLASScalar

  /// Calls `body` with every parameter's full name (prefixed by `prefix`) in a fixed order.
  mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Scalar>) throws -> Void) rethrows
}

extension ParameterContainer {
  /// Calls `body` with every parameter and its name.
  public mutating func visitParameters(
    _ body: (String, inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    try visitParameters(prefix: "", body)
  }

  /// The names and values of all parameters, in visiting order.
  public var namedParameters: [(name: String, value: Tensor<Scalar>)] {
    var copy = self
    var result: [(name: String, value: Tensor<Scalar>)] = []
    copy.visitParameters { name, parameter in result.append((name, parameter.value)) }
    return result
  }

  /// The total number of trainable scalars.
  public var parameterCount: Int {
    namedParameters.reduce(0) { $0 + $1.value.count }
  }

  /// Resets every accumulated gradient to zero; call before each step's backward passes.
  public mutating func zeroGradients() {
    visitParameters { _, parameter in parameter.gradient.scale(by: 0) }
  }
}

/// A layer whose parameters are one weight and one bias, named `weight` and `bias` in that
/// order (Dense and the convolutions).
public protocol WeightAndBiasLayer<Scalar>: Layer {
  var weight: Parameter<Scalar> { get set }
  var bias: Parameter<Scalar> { get set }
}

extension WeightAndBiasLayer {
  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    try body(prefix + "weight", &weight)
    try body(prefix + "bias", &bias)
  }

  /// The initial parameters: a weight of `shape` drawn from `initializer` with the given
  /// fans (nil: `Initializer.default(for: activation)`), and a zero bias as long as the last
  /// dimension of `shape`, the outputs.
  static func initialParameters(
    shape: [Int], fanIn: Int, fanOut: Int, activation: Activation, initializer: Initializer?,
    using generator: inout some RandomNumberGenerator
  ) -> (weight: Parameter<Scalar>, bias: Parameter<Scalar>) {
    let scheme = initializer ?? .default(for: activation)
    let weight: Tensor<Scalar> = scheme.tensor(
      shape: shape, fanIn: fanIn, fanOut: fanOut, using: &generator)
    return (Parameter(weight), Parameter(Tensor(zeros: [shape.last!])))
  }
}
