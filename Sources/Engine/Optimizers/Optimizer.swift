/// Updates a model's parameters from their accumulated gradients.
///
/// Per-parameter state (moments, velocities) is keyed by parameter name, so an optimizer
/// follows a model through checkpoints. `update` does not reset the gradients; call
/// `zeroGradients()` before the next backward pass.
public protocol Optimizer<Scalar> {
  associatedtype Scalar: BLASScalar

  /// The number of updates applied so far.
  var step: Int { get }

  /// Applies one update to every parameter of `model`.
  mutating func update(_ model: inout some ParameterContainer<Scalar>)

  /// Everything needed to resume: kind, step and named state tensors.
  var state: OptimizerState<Scalar> { get }

  /// Resumes from a saved state.
  /// - Throws: `OptimizerStateError` when the state is of another kind.
  mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError)
}

/// An optimizer's resumable state, as stored in checkpoints.
public struct OptimizerState<Scalar: BLASScalar>: Equatable, Sendable {
  /// The optimizer's kind, e.g. `"adam"` or `"sgd"`.
  public var kind: String
  /// The number of updates applied.
  public var step: Int
  /// Named state tensors, e.g. `"m/0.weight"`, in a fixed order.
  public var tensors: [NamedTensor<Scalar>]

  public init(kind: String, step: Int, tensors: [NamedTensor<Scalar>]) {
    self.kind = kind
    self.step = step
    self.tensors = tensors
  }
}

/// A tensor with a name (a parameter or a piece of optimizer state).
public struct NamedTensor<Scalar: BLASScalar>: Equatable, Sendable {
  public var name: String
  public var tensor: Tensor<Scalar>

  public init(name: String, tensor: Tensor<Scalar>) {
    self.name = name
    self.tensor = tensor
  }
}

/// A saved optimizer state that does not fit the optimizer it is restored into.
public struct OptimizerStateError: Error, CustomStringConvertible, Equatable, Sendable {
  public var description: String

  public init(_ description: String) {
    self.description = description
  }
}

/// The learning rate as a function of the 1-based update number, e.g. a warm-up or decay.
public typealias LearningRateSchedule = @Sendable (_ step: Int) -> Double
