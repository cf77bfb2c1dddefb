#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A floating-point type a compiled prior evaluates in: `Double` or `Float`.
///
/// The elementary functions are those of the C library for the type (`sin` for `Double`,
/// `sinf` for `Float`), so that compiled code calls them directly.
public protocol CompiledScalar: BinaryFloatingPoint, Sendable {
  static func sin(_ x: Self) -> Self
  static func cos(_ x: Self) -> Self
  static func tan(_ x: Self) -> Self
  static func asin(_ x: Self) -> Self
  static func acos(_ x: Self) -> Self
  static func atan(_ x: Self) -> Self
  static func atan2(_ y: Self, _ x: Self) -> Self
  static func sinh(_ x: Self) -> Self
  static func cosh(_ x: Self) -> Self
  static func tanh(_ x: Self) -> Self
  static func exp(_ x: Self) -> Self
  static func log(_ x: Self) -> Self
  static func pow(_ x: Self, _ y: Self) -> Self
}

extension CompiledScalar {
  /// -1, 0 or 1 (0 for NaN).
  @inline(__always) static func sign(_ x: Self) -> Self { x > 0 ? 1 : (x < 0 ? -1 : 0) }

  /// `x` wrapped to (-pi, pi], as `BuiltinFunction.wrapAngle`.
  @inline(__always) static func wrap(_ x: Self) -> Self {
    let twoPi = 2 * Self.pi
    var r = x - twoPi * (x / twoPi).rounded()
    if r <= -Self.pi { r += twoPi }
    if r > Self.pi { r -= twoPi }
    return r
  }
}

extension Double: CompiledScalar {
  @inline(__always) public static func sin(_ x: Double) -> Double { Glibc.sin(x) }
  @inline(__always) public static func cos(_ x: Double) -> Double { Glibc.cos(x) }
  @inline(__always) public static func tan(_ x: Double) -> Double { Glibc.tan(x) }
  @inline(__always) public static func asin(_ x: Double) -> Double { Glibc.asin(x) }
  @inline(__always) public static func acos(_ x: Double) -> Double { Glibc.acos(x) }
  @inline(__always) public static func atan(_ x: Double) -> Double { Glibc.atan(x) }
  @inline(__always) public static func atan2(_ y: Double, _ x: Double) -> Double {
    Glibc.atan2(y, x)
  }
  @inline(__always) public static func sinh(_ x: Double) -> Double { Glibc.sinh(x) }
  @inline(__always) public static func cosh(_ x: Double) -> Double { Glibc.cosh(x) }
  @inline(__always) public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
  @inline(__always) public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
  @inline(__always) public static func log(_ x: Double) -> Double { Glibc.log(x) }
  @inline(__always) public static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
}

extension Float: CompiledScalar {
  @inline(__always) public static func sin(_ x: Float) -> Float { sinf(x) }
  @inline(__always) public static func cos(_ x: Float) -> Float { cosf(x) }
  @inline(__always) public static func tan(_ x: Float) -> Float { tanf(x) }
  @inline(__always) public static func asin(_ x: Float) -> Float { asinf(x) }
  @inline(__always) public static func acos(_ x: Float) -> Float { acosf(x) }
  @inline(__always) public static func atan(_ x: Float) -> Float { atanf(x) }
  @inline(__always) public static func atan2(_ y: Float, _ x: Float) -> Float { atan2f(y, x) }
  @inline(__always) public static func sinh(_ x: Float) -> Float { sinhf(x) }
  @inline(__always) public static func cosh(_ x: Float) -> Float { coshf(x) }
  @inline(__always) public static func tanh(_ x: Float) -> Float { tanhf(x) }
  @inline(__always) public static func exp(_ x: Float) -> Float { expf(x) }
  @inline(__always) public static func log(_ x: Float) -> Float { logf(x) }
  @inline(__always) public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}
