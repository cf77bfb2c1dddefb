/// A NaN or infinity produced during training, with the operation that produced it.
public struct NonFiniteError: Error, CustomStringConvertible, Equatable, Sendable {
  /// Which pass produced it.
  public enum Pass: String, Sendable {
    case forward, backward
  }

  /// The operation or layer, e.g. `"decoder.3 TransposedConv2D(128->64, 4x4, s2, p1, relu)"`.
  public var operation: String
  public var pass: Pass
  /// The first offending flat index and value.
  public var index: Int
  public var value: Double

  public init(operation: String, pass: Pass, index: Int, value: Double) {
    self.operation = operation
    self.pass = pass
    self.index = index
    self.value = value
  }

  public var description: String {
    "non-finite value \(value) at element \(index) in the \(pass.rawValue) pass of \(operation)"
  }
}

extension Tensor {
  /// Throws `NonFiniteError` naming `operation` if any element is NaN or infinite.
  ///
  /// Fast path: one BLAS `asum` (NaN and infinity propagate into the sum); only if that is
  /// not finite are the elements scanned to find the first culprit.
  public func checkFinite(operation: String, pass: NonFiniteError.Pass) throws(NonFiniteError) {
    if let error = nonFiniteError(operation: operation, pass: pass) { throw error }
  }

  /// The error `checkFinite` would throw, or nil if every element is finite.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func nonFiniteError(operation: String, pass: NonFiniteError.Pass) -> NonFiniteError? {
    let culprit: (Int, Scalar)? = scalars.withUnsafeBufferPointer { x in
      guard let base = x.baseAddress, x.count > 0 else { return nil }
      if Scalar.absoluteSum(base, count: x.count).isFinite { return nil }
      for i in 0..<x.count where !x[i].isFinite { return (i, x[i]) }
      return nil
    }
    guard let (index, value) = culprit else { return nil }
    return NonFiniteError(operation: operation, pass: pass, index: index, value: Double(value))
  }
}
