import Engine
import PriorLanguage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The prior's learnable parameters as engine parameters (Double, one scalar each, named
/// `prior.<name>`), so that the engine's optimizer updates them and checkpoints save them.
///
/// A parameter whose declared range is positive (`in [a, b]` with a > 0: a rate, a frequency,
/// a stiffness) is optimized on a log scale, phi = ln(theta), so that a step changes it by a
/// fraction of its value whatever its units; the others are optimized as they are,
/// phi = theta. Values are kept inside their declared ranges.
public struct LearnableParameters: ParameterContainer {
  public typealias Scalar = Double
  /// Indices into the prior's parameters of the learnable ones.
  public let indices: [Int]
  public let names: [String]
  public let ranges: [ClosedRange<Double>?]
  /// Whether each parameter is optimized on a log scale.
  public let isLogScale: [Bool]
  /// The optimizer's coordinates phi, one per learnable parameter.
  public var values: [Parameter<Double>]

  /// The learnable parameters of `model`, starting from `theta`.
  public init(model: PriorModel, parameters theta: [Double]) {
    let learnable = model.parameters.indices.filter { model.parameters[$0].isLearnable }
    indices = learnable
    names = learnable.map { model.parameters[$0].name }
    ranges = learnable.map { model.parameters[$0].range }
    isLogScale = ranges.map { ($0?.lowerBound ?? 0) > 0 }
    values = learnable.map { _ in Parameter(Tensor(0.0)) }
    setCurrent(learnable.map { theta[$0] })
  }

  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Double>) throws -> Void
  ) rethrows {
    for i in values.indices { try body(prefix + "prior." + names[i], &values[i]) }
  }

  /// The current values theta of the learnable parameters.
  public var current: [Double] {
    values.indices.map {
      let phi = values[$0].value.scalars[0]
      return isLogScale[$0] ? exp(phi) : phi
    }
  }

  /// Sets the learnable parameters to `theta` (one value per learnable parameter).
  public mutating func setCurrent(_ theta: [Double]) {
    for i in values.indices {
      values[i].value = Tensor(isLogScale[i] ? log(theta[i]) : theta[i])
    }
  }

  /// Sets each gradient dL/dphi from the gradient dL/dtheta with respect to all parameters
  /// (dL/dphi = theta dL/dtheta on a log scale).
  public mutating func setGradients(from all: [Double]) {
    let theta = current
    for i in values.indices {
      let gradient = all[indices[i]]
      values[i].gradient = Tensor(isLogScale[i] ? gradient * theta[i] : gradient)
    }
  }

  /// Clamps every value into its declared range.
  public mutating func clampToRanges() {
    for (i, value) in current.enumerated() {
      guard let range = ranges[i], !range.contains(value) else { continue }
      let clamped = min(max(value, range.lowerBound), range.upperBound)
      values[i].value = Tensor(isLogScale[i] ? log(clamped) : clamped)
    }
  }

  /// `theta` with the learnable entries replaced by the current values.
  public func applied(to theta: [Double]) -> [Double] {
    var result = theta
    for (i, value) in current.enumerated() { result[indices[i]] = value }
    return result
  }
}
