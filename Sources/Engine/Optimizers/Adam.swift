import Foundation

/// Adam with bias correction (Kingma and Ba 2015), in the common (PyTorch) form. At update
/// t = 1, 2, ... with gradient g:
///
///     m = beta1 m + (1 - beta1) g
///     v = beta2 v + (1 - beta2) g^2
///     theta -= rate * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
///
/// where rate is `learningRateSchedule(t)` if set, else `learningRate`.
public struct Adam<Scalar: BLASScalar>: Optimizer {
  public var learningRate: Double
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  /// Overrides `learningRate` when set.
  public var learningRateSchedule: LearningRateSchedule?
  public private(set) var step = 0
  private var firstMoments: [String: Tensor<Scalar>] = [:]
  private var secondMoments: [String: Tensor<Scalar>] = [:]
  private var order: [String] = []

  public init(
    learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8, learningRateSchedule: LearningRateSchedule? = nil
  ) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.learningRateSchedule = learningRateSchedule
  }

  public mutating func update(_ model: inout some ParameterContainer<Scalar>) {
    step += 1
    let rate = learningRateSchedule?(step) ?? learningRate
    let correction1 = 1 - pow(beta1, Double(step))
    let correction2 = 1 - pow(beta2, Double(step))
    let (b1, b2) = (Scalar(beta1), Scalar(beta2))
    let stepSize = Scalar(rate / correction1)
    let inverseSqrtCorrection2 = Scalar(1 / correction2.squareRoot())
    let eps = Scalar(epsilon)
    model.visitParameters { name, parameter in
      if firstMoments[name] == nil {
        firstMoments[name] = Tensor(zeros: parameter.value.shape)
        secondMoments[name] = Tensor(zeros: parameter.value.shape)
        order.append(name)
      }
      precondition(
        firstMoments[name]!.shape == parameter.value.shape,
        "Adam: parameter \(name) changed shape")
      Self.applyUpdate(
        &parameter.value, gradient: parameter.gradient, firstMoment: &firstMoments[name]!,
        secondMoment: &secondMoments[name]!, beta1: b1, beta2: b2, stepSize: stepSize,
        inverseSqrtCorrection2: inverseSqrtCorrection2, epsilon: eps)
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  private static func applyUpdate(
    _ value: inout Tensor<Scalar>, gradient: Tensor<Scalar>, firstMoment: inout Tensor<Scalar>,
    secondMoment: inout Tensor<Scalar>, beta1 b1: Scalar, beta2 b2: Scalar, stepSize: Scalar,
    inverseSqrtCorrection2: Scalar, epsilon eps: Scalar
  ) {
    value.scalars.withUnsafeMutableBufferPointer { theta in
      gradient.scalars.withUnsafeBufferPointer { g in
        firstMoment.scalars.withUnsafeMutableBufferPointer { m in
          secondMoment.scalars.withUnsafeMutableBufferPointer { v in
            for i in 0..<theta.count {
              m[i] = b1 * m[i] + (1 - b1) * g[i]
              v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
              theta[i] -= stepSize * m[i] / (v[i].squareRoot() * inverseSqrtCorrection2 + eps)
            }
          }
        }
      }
    }
  }

  public var state: OptimizerState<Scalar> {
    var tensors: [NamedTensor<Scalar>] = []
    for name in order {
      tensors.append(NamedTensor(name: "m/" + name, tensor: firstMoments[name]!))
      tensors.append(NamedTensor(name: "v/" + name, tensor: secondMoments[name]!))
    }
    return OptimizerState(kind: "adam", step: step, tensors: tensors)
  }

  public mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
    guard state.kind == "adam" else {
      throw OptimizerStateError("cannot restore Adam from \(state.kind) optimizer state")
    }
    var first: [String: Tensor<Scalar>] = [:]
    var second: [String: Tensor<Scalar>] = [:]
    var order: [String] = []
    for entry in state.tensors {
      if entry.name.hasPrefix("m/") {
        let name = String(entry.name.dropFirst(2))
        first[name] = entry.tensor
        order.append(name)
      } else if entry.name.hasPrefix("v/") {
        second[String(entry.name.dropFirst(2))] = entry.tensor
      } else {
        throw OptimizerStateError("unexpected Adam state tensor \(entry.name)")
      }
    }
    for name in order where second[name]?.shape != first[name]?.shape {
      throw OptimizerStateError("Adam state for \(name) is incomplete")
    }
    self.step = state.step
    self.firstMoments = first
    self.secondMoments = second
    self.order = order
  }
}
