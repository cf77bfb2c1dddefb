/// Stochastic gradient descent with optional (heavy-ball) momentum:
///
///     velocity = momentum * velocity + g
///     theta -= rate * velocity
///
/// (with momentum 0 this is theta -= rate * g); rate is `learningRateSchedule(t)` if set,
/// else `learningRate`.
public struct SGD<Scalar: BLASScalar>: Optimizer {
  public var learningRate: Double
  public var momentum: Double
  /// Overrides `learningRate` when set.
  public var learningRateSchedule: LearningRateSchedule?
  public private(set) var step = 0
  private var velocities: [String: Tensor<Scalar>] = [:]
  private var order: [String] = []

  public init(
    learningRate: Double = 1e-2, momentum: Double = 0,
    learningRateSchedule: LearningRateSchedule? = nil
  ) {
    self.learningRate = learningRate
    self.momentum = momentum
    self.learningRateSchedule = learningRateSchedule
  }

  public mutating func update(_ model: inout some ParameterContainer<Scalar>) {
    step += 1
    let rate = Scalar(learningRateSchedule?(step) ?? learningRate)
    let mu = Scalar(momentum)
    model.visitParameters { name, parameter in
      if velocities[name] == nil {
        velocities[name] = Tensor(zeros: parameter.value.shape)
        order.append(name)
      }
      Self.applyUpdate(
        &parameter.value, gradient: parameter.gradient, velocity: &velocities[name]!,
        rate: rate, momentum: mu)
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  private static func applyUpdate(
    _ value: inout Tensor<Scalar>, gradient: Tensor<Scalar>, velocity: inout Tensor<Scalar>,
    rate: Scalar, momentum mu: Scalar
  ) {
    value.scalars.withUnsafeMutableBufferPointer { theta in
      gradient.scalars.withUnsafeBufferPointer { g in
        velocity.scalars.withUnsafeMutableBufferPointer { velocity in
          for i in 0..<theta.count {
            velocity[i] = mu * velocity[i] + g[i]
            theta[i] -= rate * velocity[i]
          }
        }
      }
    }
  }

  public var state: OptimizerState<Scalar> {
    OptimizerState(
      kind: "sgd", step: step,
      tensors: order.map { NamedTensor(name: "velocity/" + $0, tensor: velocities[$0]!) })
  }

  public mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
    guard state.kind == "sgd" else {
      throw OptimizerStateError("cannot restore SGD from \(state.kind) optimizer state")
    }
    var velocities: [String: Tensor<Scalar>] = [:]
    var order: [String] = []
    for entry in state.tensors {
      guard entry.name.hasPrefix("velocity/") else {
        throw OptimizerStateError("unexpected SGD state tensor \(entry.name)")
      }
      let name = String(entry.name.dropFirst("velocity/".count))
      velocities[name] = entry.tensor
      order.append(name)
    }
    self.step = state.step
    self.velocities = velocities
    self.order = order
  }
}
