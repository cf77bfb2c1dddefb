/// A differentiable layer with an explicit forward and backward pass.
///
/// `forward` computes the output for a batch and caches what `backward` needs (inputs,
/// outputs, im2col matrices). `backward` takes the gradient of the loss with respect to the
/// last forward output, **adds** the parameter gradients into each `Parameter.gradient`, and
/// returns the gradient with respect to the last forward input. One backward per forward;
/// call `zeroGradients()` before a new step.
public protocol Layer<Scalar>: ParameterContainer {
  /// A short name used in error reports, e.g. `"Conv2D(32->64, 4x4, s2, p1)"`.
  var name: String { get }

  /// The output for a batch; the first dimension of `input` is the batch.
  mutating func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar>

  /// The gradient with respect to the last forward input, given the gradient with respect
  /// to its output; accumulates parameter gradients.
  mutating func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar>
}
