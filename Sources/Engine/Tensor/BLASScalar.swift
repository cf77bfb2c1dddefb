import CBLAS
import Foundation

/// A floating-point scalar the engine computes with: `Float` for training, `Double` for
/// gradient checks and the small linear algebra of the KL terms.
///
/// Conforming types dispatch matrix products to the matching CBLAS routine
/// (`cblas_sgemm` or `cblas_dgemm`).
public protocol BLASScalar: BinaryFloatingPoint, Sendable
where Self.RawSignificand: FixedWidthInteger {
  /// C = alpha * op(A) * op(B) + beta * C for row-major matrices, where op(X) is X or X^T.
  ///
  /// op(A) is m x k, op(B) is k x n, C is m x n; `lda`, `ldb`, `ldc` are the row strides.
  static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Self, a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
    beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

  /// y = alpha * op(A) x + beta * y for a row-major m x n matrix A (op(A) = A^T when
  /// `transpose`), contiguous vectors x and y.
  static func gemv(
    transpose: Bool, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
    x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)

  /// The sum of absolute values of `count` contiguous scalars (BLAS `asum`).
  static func absoluteSum(_ x: UnsafePointer<Self>, count: Int) -> Self

  /// e^x, ln x, tanh x for this scalar type.
  static func exp(_ x: Self) -> Self
  static func log(_ x: Self) -> Self
  static func log1p(_ x: Self) -> Self
  static func tanh(_ x: Self) -> Self

  /// The element type tag used in checkpoint files (1 = Float32, 2 = Float64).
  static var checkpointTag: UInt8 { get }
  /// The scalar's IEEE 754 bits, widened to 64 bits, for serialisation.
  var bitPattern64: UInt64 { get }
  /// Rebuilds a scalar from `bitPattern64`.
  init(bitPattern64: UInt64)
}

@inline(__always)
private func transposeFlag(_ transpose: Bool) -> CBLAS_TRANSPOSE {
  transpose ? CblasTrans : CblasNoTrans
}

extension Float: BLASScalar {
  public static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    cblas_sgemm(
      CblasRowMajor, transposeFlag(transposeA), transposeFlag(transposeB),
      blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c,
      blasint(ldc))
  }

  public static func gemv(
    transpose: Bool, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
    x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
  ) {
    cblas_sgemv(
      CblasRowMajor, transposeFlag(transpose), blasint(m), blasint(n), alpha, a, blasint(lda),
      x, 1, beta, y, 1)
  }

  public static func absoluteSum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    cblas_sasum(blasint(count), x, 1)
  }

  public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
  public static func log(_ x: Float) -> Float { Foundation.log(x) }
  public static func log1p(_ x: Float) -> Float { Foundation.log1p(x) }
  public static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
  public static var checkpointTag: UInt8 { 1 }
  public var bitPattern64: UInt64 { UInt64(bitPattern) }
  public init(bitPattern64: UInt64) {
    self.init(bitPattern: UInt32(truncatingIfNeeded: bitPattern64))
  }
}

extension Double: BLASScalar {
  public static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    cblas_dgemm(
      CblasRowMajor, transposeFlag(transposeA), transposeFlag(transposeB),
      blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c,
      blasint(ldc))
  }

  public static func gemv(
    transpose: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
    x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>
  ) {
    cblas_dgemv(
      CblasRowMajor, transposeFlag(transpose), blasint(m), blasint(n), alpha, a, blasint(lda),
      x, 1, beta, y, 1)
  }

  public static func absoluteSum(_ x: UnsafePointer<Double>, count: Int) -> Double {
    cblas_dasum(blasint(count), x, 1)
  }

  public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
  public static func log(_ x: Double) -> Double { Foundation.log(x) }
  public static func log1p(_ x: Double) -> Double { Foundation.log1p(x) }
  public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
  public static var checkpointTag: UInt8 { 2 }
  public var bitPattern64: UInt64 { bitPattern }
  public init(bitPattern64: UInt64) { self.init(bitPattern: bitPattern64) }
}
