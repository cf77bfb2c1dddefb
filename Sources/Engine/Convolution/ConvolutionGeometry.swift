/// The index arithmetic shared by `Conv2D` and `TransposedConv2D`.
///
/// A square `kernelSize` x `kernelSize` window moves with `stride` over an image of
/// `imageHeight` x `imageWidth` pixels with `channels` channels, zero-padded by `padding`
/// on every side. Window position (oy, ox) covers image rows oy * stride - padding + ky,
/// ky in 0..<kernelSize (likewise columns), so there are
/// gridHeight = (imageHeight + 2 * padding - kernelSize) / stride + 1 positions per column.
/// For `Conv2D` the image is the input and the grid is the output; for
/// `TransposedConv2D` the image is the output and the grid is the input.
public struct ConvolutionGeometry: Equatable, Sendable {
  public var imageHeight: Int
  public var imageWidth: Int
  public var channels: Int
  public var kernelSize: Int
  public var stride: Int
  public var padding: Int

  public init(
    imageHeight: Int, imageWidth: Int, channels: Int, kernelSize: Int, stride: Int, padding: Int
  ) {
    self.imageHeight = imageHeight
    self.imageWidth = imageWidth
    self.channels = channels
    self.kernelSize = kernelSize
    self.stride = stride
    self.padding = padding
  }

  /// Window positions along the height.
  public var gridHeight: Int { (imageHeight + 2 * padding - kernelSize) / stride + 1 }
  /// Window positions along the width.
  public var gridWidth: Int { (imageWidth + 2 * padding - kernelSize) / stride + 1 }
  /// Length of one unfolded window: kernelSize^2 * channels, ordered (ky, kx, channel).
  public var windowLength: Int { kernelSize * kernelSize * channels }
}
