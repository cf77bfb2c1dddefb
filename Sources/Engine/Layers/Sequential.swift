/// Layers applied one after another; parameters are named `"<index>.<name>"`
/// (e.g. `"0.weight"`), and errors name the layer as `"<index> <layer name>"`.
public struct Sequential<Scalar: BLASScalar>: Layer {
  public var layers: [any Layer<Scalar>]
  /// When true (the default), `checkedForward`/`checkedBackward` test every layer's output
  /// for NaN and infinity.
  public var checksFiniteness = true

  public init(_ layers: [any Layer<Scalar>]) {
    self.layers = layers
  }

  public var name: String {
    "Sequential[" + layers.map(\.name).joined(separator: ", ") + "]"
  }

  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    for index in layers.indices {
      try layers[index].visitParameters(prefix: prefix + "\(index).", body)
    }
  }

  public mutating func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    var x = input
    for index in layers.indices { x = layers[index].forward(x) }
    return x
  }

  public mutating func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
    var g = outputGradient
    for index in layers.indices.reversed() { g = layers[index].backward(g) }
    return g
  }

  /// `forward`, throwing `NonFiniteError` naming the first layer whose output is not finite
  /// (prefixed by `label`, e.g. `"encoder"`) when `checksFiniteness` is on.
  public mutating func checkedForward(
    _ input: Tensor<Scalar>, label: String = ""
  ) throws(NonFiniteError) -> Tensor<Scalar> {
    var x = input
    for index in layers.indices {
      x = layers[index].forward(x)
      if checksFiniteness {
        try x.checkFinite(operation: layerLabel(index, label), pass: .forward)
      }
    }
    return x
  }

  /// `backward`, throwing `NonFiniteError` naming the first layer (walking backwards) whose
  /// input gradient or parameter gradients are not finite, when `checksFiniteness` is on.
  public mutating func checkedBackward(
    _ outputGradient: Tensor<Scalar>, label: String = ""
  ) throws(NonFiniteError) -> Tensor<Scalar> {
    var g = outputGradient
    for index in layers.indices.reversed() {
      g = layers[index].backward(g)
      guard checksFiniteness else { continue }
      let operation = layerLabel(index, label)
      try g.checkFinite(operation: operation, pass: .backward)
      var failure: NonFiniteError?
      layers[index].visitParameters { name, parameter in
        if failure == nil {
          failure = parameter.gradient.nonFiniteError(
            operation: "\(operation) \(name)", pass: .backward)
        }
      }
      if let failure { throw failure }
    }
    return g
  }

  private func layerLabel(_ index: Int, _ label: String) -> String {
    (label.isEmpty ? "" : label + ".") + "\(index) " + layers[index].name
  }
}
