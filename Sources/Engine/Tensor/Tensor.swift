/// A dense, contiguous, row-major n-dimensional array of scalars.
///
/// The last dimension varies fastest. Image batches use the NHWC layout
/// `[batch, height, width, channels]` throughout the engine (see docs/engine.md).
/// `Tensor` is a value type with copy-on-write storage.
public struct Tensor<Scalar: BLASScalar>: Equatable, Sendable {
  /// The size of each dimension.
  public private(set) var shape: [Int]
  /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
  public var scalars: [Scalar]

  /// Creates a tensor from its shape and row-major elements.
  /// - Precondition: the element count matches the shape.
  public init(shape: [Int], scalars: [Scalar]) {
    precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
    precondition(
      shape.reduce(1, *) == scalars.count,
      "shape \(shape) needs \(shape.reduce(1, *)) elements, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor of the given shape with every element equal to `value`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public init(repeating value: Scalar, shape: [Int]) {
    self.init(shape: shape, scalars: Array(repeating: value, count: shape.reduce(1, *)))
  }

  /// A tensor of zeros.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public init(zeros shape: [Int]) {
    self.init(repeating: 0, shape: shape)
  }

  /// A rank-0 tensor holding one scalar.
  public init(_ value: Scalar) {
    self.init(shape: [], scalars: [value])
  }

  /// The number of elements.
  @inlinable public var count: Int { scalars.count }

  /// The number of dimensions.
  public var rank: Int { shape.count }

  /// The same elements under a new shape with the same element count.
  public func reshaped(to newShape: [Int]) -> Tensor {
    Tensor(shape: newShape, scalars: scalars)
  }

  /// Reshapes in place.
  public mutating func reshape(to newShape: [Int]) {
    precondition(
      newShape.reduce(1, *) == scalars.count,
      "cannot reshape \(shape) (\(scalars.count) elements) to \(newShape)")
    shape = newShape
  }

  /// The element at a multi-dimensional index.
  public subscript(index: Int...) -> Scalar {
    get { scalars[flatIndex(index)] }
    set { scalars[flatIndex(index)] = newValue }
  }

  private func flatIndex(_ index: [Int]) -> Int {
    precondition(index.count == shape.count, "index \(index) does not match shape \(shape)")
    var flat = 0
    for (i, size) in zip(index, shape) {
      precondition(i >= 0 && i < size, "index \(index) out of range for shape \(shape)")
      flat = flat * size + i
    }
    return flat
  }

  /// Converts every element to another scalar type.
  public func converted<Other: BLASScalar>(to: Other.Type = Other.self) -> Tensor<Other> {
    Tensor<Other>(shape: shape, scalars: scalars.map { Other($0) })
  }
}

extension Tensor: CustomStringConvertible {
  public var description: String {
    let preview = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
    return "Tensor\(shape)[\(preview)\(count > 8 ? ", ..." : "")]"
  }
}
