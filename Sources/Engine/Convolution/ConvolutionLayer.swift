/// What `Conv2D` and `TransposedConv2D` share: a square `kernelSize` x `kernelSize` window
/// moved with `stride` over NHWC batches zero-padded by `padding` (see
/// `ConvolutionGeometry`), a bias per output channel, then `activation`. The two differ in
/// the layout of `weight` and in which side of the geometry, image or grid, is the input.
public protocol ConvolutionLayer: WeightAndBiasLayer {
  /// The layer's type as its `name` begins, e.g. `"Conv2D"`.
  static var kind: String { get }
  var stride: Int { get }
  var padding: Int { get }
  var activation: Activation { get }
  init(
    weight: Parameter<Scalar>, bias: Parameter<Scalar>, stride: Int, padding: Int,
    activation: Activation)
  /// Where the weight keeps its input channels and its two kernel axes; the output
  /// channels are its last axis.
  static var weightAxes: ConvolutionWeightAxes { get }
  /// The number of inputs each output sums, for the initializer.
  static func fanIn(inputChannels: Int, kernelSize: Int, stride: Int) -> Int
}

extension ConvolutionLayer {
  /// A layer with square kernels, He or Glorot initialised weights (`initializer`, nil: the
  /// default for `activation`) and zero bias.
  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1,
    padding: Int = 0, activation: Activation = .identity, initializer: Initializer? = nil,
    generator: inout some RandomNumberGenerator
  ) {
    precondition(kernelSize > 0 && stride > 0 && padding >= 0, "invalid convolution geometry")
    let (weight, bias) = Self.initialParameters(
      shape: Self.weightAxes.shape(
        inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: kernelSize),
      fanIn: Self.fanIn(inputChannels: inputChannels, kernelSize: kernelSize, stride: stride),
      fanOut: kernelSize * kernelSize * outputChannels, activation: activation,
      initializer: initializer, using: &generator)
    self.init(weight: weight, bias: bias, stride: stride, padding: padding, activation: activation)
  }

  public var kernelSize: Int { weight.value.shape[Self.weightAxes.kernel] }
  public var inputChannels: Int { weight.value.shape[Self.weightAxes.input] }
  public var outputChannels: Int { weight.value.shape[3] }

  public var name: String {
    "\(Self.kind)(\(inputChannels)->\(outputChannels), \(kernelSize)x\(kernelSize), "
      + "s\(stride), p\(padding), \(activation))"
  }

  /// Checks that `input` is a batch of images, `[batch, height, width, inputChannels]`.
  func checkInput(_ input: Tensor<Scalar>) {
    precondition(
      input.rank == 4 && input.shape[3] == inputChannels,
      "\(name) expects [batch, height, width, \(inputChannels)], got \(input.shape)")
  }
}

/// The axes of a convolution's 4-D weight: `input` holds the input channels, `kernel` and
/// `kernel + 1` the kernel's rows and columns, axis 3 the output channels.
public struct ConvolutionWeightAxes: Sendable {
  public var input: Int
  public var kernel: Int

  /// The weight's shape for these channels and kernel size.
  func shape(inputChannels: Int, outputChannels: Int, kernelSize: Int) -> [Int] {
    var shape = [0, 0, 0, outputChannels]
    shape[input] = inputChannels
    shape[kernel] = kernelSize
    shape[kernel + 1] = kernelSize
    return shape
  }
}

/// What a convolution layer keeps from its forward pass for its backward pass, and the
/// buffers both reuse from one batch to the next: the geometry of the last forward, the
/// unfolded (or to-be-folded) columns, the output, and the two gradients it hands on.
struct ConvolutionPass<Scalar: BLASScalar> {
  var geometry: ConvolutionGeometry?
  var columns: [Scalar] = []
  var output: Tensor<Scalar>?
  var preActivationGradient: Tensor<Scalar>?
  var inputGradient: Tensor<Scalar>?

  /// The start of every backward: the last forward's geometry and output, and the gradient
  /// with respect to the pre-activation; the bias gradient gains its column sums.
  mutating func beginBackward(
    _ outputGradient: Tensor<Scalar>, activation: Activation, bias: inout Parameter<Scalar>,
    layer name: String
  ) -> (geometry: ConvolutionGeometry, gradient: Tensor<Scalar>) {
    guard let geometry, let output else {
      preconditionFailure("\(name): backward before forward")
    }
    precondition(outputGradient.shape == output.shape, "\(name): gradient shape mismatch")
    let gradient = outputGradient.preActivationGradient(
      activation, output: output, buffer: &preActivationGradient,
      addingColumnSumsInto: &bias.gradient)
    return (geometry, gradient)
  }
}
