/// What `Conv2D` and `TransposedConv2D` share: a square `kernelSize` x `kernelSize` window
/// moved with `stride` over NHWC batches zero-padded by `padding` (see
/// `ConvolutionGeometry`), a bias per output channel, then `activation`. The two differ in
/// the layout of `weight` and in which side of the geometry, image or grid, is the input.
protocol ConvolutionLayer: WeightAndBiasLayer {
  /// The layer's type as its `name` begins, e.g. `"Conv2D"`.
  static var kind: String { get }
  var kernelSize: Int { get }
  var stride: Int { get }
  var padding: Int { get }
  var inputChannels: Int { get }
  var outputChannels: Int { get }
  var activation: Activation { get }
}

extension ConvolutionLayer {
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
