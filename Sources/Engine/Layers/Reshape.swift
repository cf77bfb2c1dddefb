/// Reshapes each batch element: `[batch, a...]` becomes `[batch] + shape`, same element
/// count (e.g. the decoder's `[batch, 2048]` to `[batch, 4, 4, 128]`). No parameters.
public struct Reshape<Scalar: BLASScalar>: Layer {
  /// The per-element shape of the output.
  public let shape: [Int]
  private var inputShape: [Int] = []

  public init(_ shape: [Int]) {
    self.shape = shape
  }

  public var name: String { "Reshape(\(shape))" }

  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Scalar>) throws -> Void
  ) rethrows {}

  public mutating func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    precondition(input.rank >= 1, "\(name) needs a batch dimension")
    inputShape = input.shape
    return input.reshaped(to: [input.shape[0]] + shape)
  }

  public mutating func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
    outputGradient.reshaped(to: inputShape)
  }
}
