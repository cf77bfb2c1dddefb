import Engine
import PriorLanguage

/// The prior's learnable parameters as engine parameters (Double, one scalar each, named
/// `prior.<name>`), so that the engine's optimizer updates them and checkpoints save them.
/// Values are kept inside their declared ranges.
public struct LearnableParameters: ParameterContainer {
  public typealias Scalar = Double
  /// Indices into the prior's parameters of the learnable ones.
  public let indices: [Int]
  public let names: [String]
  public let ranges: [ClosedRange<Double>?]
  public var values: [Engine.Parameter<Double>]

  /// The learnable parameters of `model`, starting from `theta`.
  public init(model: PriorModel, parameters theta: [Double]) {
    let learnable = model.parameters.indices.filter { model.parameters[$0].isLearnable }
    indices = learnable
    names = learnable.map { model.parameters[$0].name }
    ranges = learnable.map { model.parameters[$0].range }
    values = learnable.map { Engine.Parameter(Tensor(theta[$0])) }
  }

  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Engine.Parameter<Double>) throws -> Void
  ) rethrows {
    for i in values.indices { try body(prefix + "prior." + names[i], &values[i]) }
  }

  /// Sets each gradient from the gradient with respect to all parameters.
  public mutating func setGradients(from all: [Double]) {
    for i in values.indices { values[i].gradient = Tensor(all[indices[i]]) }
  }

  /// Clamps every value into its declared range.
  public mutating func clampToRanges() {
    for i in values.indices {
      guard let range = ranges[i] else { continue }
      let value = values[i].value.scalars[0]
      values[i].value = Tensor(min(max(value, range.lowerBound), range.upperBound))
    }
  }

  /// `theta` with the learnable entries replaced by the current values.
  public func applied(to theta: [Double]) -> [Double] {
    var result = theta
    for i in values.indices { result[indices[i]] = values[i].value.scalars[0] }
    return result
  }
}
