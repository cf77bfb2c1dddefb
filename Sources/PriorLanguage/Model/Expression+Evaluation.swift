#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Expression {
  /// The value of the expression for one state `z` and parameter vector `theta`, by walking
  /// the tree. Use it for constants, the REPL and tests; the training loop uses the compiled
  /// form, which computes the same values.
  public func evaluate(states z: [Double], parameters theta: [Double]) -> Double {
    switch self {
    case .constant(let value): return value
    case .state(let i): return z[i]
    case .parameter(let i): return theta[i]
    case .negate(let a): return -a.evaluate(states: z, parameters: theta)
    case .add(let a, let b):
      return a.evaluate(states: z, parameters: theta) + b.evaluate(states: z, parameters: theta)
    case .subtract(let a, let b):
      return a.evaluate(states: z, parameters: theta) - b.evaluate(states: z, parameters: theta)
    case .multiply(let a, let b):
      return a.evaluate(states: z, parameters: theta) * b.evaluate(states: z, parameters: theta)
    case .divide(let a, let b):
      return a.evaluate(states: z, parameters: theta) / b.evaluate(states: z, parameters: theta)
    case .power(let a, let b):
      return pow(a.evaluate(states: z, parameters: theta), b.evaluate(states: z, parameters: theta))
    case .call(let function, let arguments):
      return function.apply(arguments.map { $0.evaluate(states: z, parameters: theta) })
    }
  }
}

extension BuiltinFunction {
  /// The function's value at `arguments` (exactly `arity` of them).
  ///
  /// `sign` is -1, 0 or 1; `clamp(a, lo, hi)` is `min(max(a, lo), hi)`; `wrap(a)` is the
  /// angle congruent to `a` modulo 2 pi in (-pi, pi].
  public func apply(_ arguments: [Double]) -> Double {
    builtinValue(self, arguments)
  }

  /// `a` wrapped to (-pi, pi].
  public static func wrapAngle(_ a: Double) -> Double {
    let twoPi = 2 * Double.pi
    var r = a - twoPi * (a / twoPi).rounded()
    if r <= -Double.pi { r += twoPi }
    if r > Double.pi { r -= twoPi }
    return r
  }
}

// A free function, so that `sin` and friends name the C library's functions rather than the
// enum cases of the same names.
private func builtinValue(_ function: BuiltinFunction, _ arguments: [Double]) -> Double {
  let a = arguments[0]
  switch function {
  case .sin: return sin(a)
  case .cos: return cos(a)
  case .tan: return tan(a)
  case .asin: return asin(a)
  case .acos: return acos(a)
  case .atan: return atan(a)
  case .atan2: return atan2(a, arguments[1])
  case .sinh: return sinh(a)
  case .cosh: return cosh(a)
  case .tanh: return tanh(a)
  case .exp: return exp(a)
  case .log: return log(a)
  case .sqrt: return a.squareRoot()
  case .abs: return Swift.abs(a)
  case .sign: return a > 0 ? 1 : (a < 0 ? -1 : 0)
  case .min: return Swift.min(a, arguments[1])
  case .max: return Swift.max(a, arguments[1])
  case .clamp: return Swift.min(Swift.max(a, arguments[1]), arguments[2])
  case .wrap: return BuiltinFunction.wrapAngle(a)
  }
}
