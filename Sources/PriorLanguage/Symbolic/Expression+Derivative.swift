/// What an expression is differentiated with respect to.
public enum DifferentiationVariable: Hashable, Sendable {
  /// State component `z[i]`.
  case state(Int)
  /// Parameter `theta[j]`.
  case parameter(Int)
}

extension Expression {
  /// The exact partial derivative with respect to `variable`, simplified.
  ///
  /// Smooth functions use the usual rules (`tan' = 1/cos^2`, `atan2(y, x)' =
  /// (x y' - y x')/(x^2 + y^2)`, `(a^b)' = a^b (b' log(a) + b a'/a)`, with the cheaper forms
  /// `b a^(b-1) a'` for a constant exponent and `a^b log(a) b'` for a constant base).
  /// Piecewise functions get their derivative almost everywhere and, at a kink, the average
  /// of the two one-sided derivatives: `abs' = sign(a) a'` (0 at 0), `sign' = 0`,
  /// `min(a, b)' = (a' + b')/2 - sign(a - b) (a' - b')/2` (and `max` with `+`), `clamp`
  /// as `min(max(a, lo), hi)`, and `wrap' = a'` (its jumps by 2 pi are ignored).
  public func derivative(withRespectTo variable: DifferentiationVariable) -> Expression {
    rawDerivative(variable).simplified()
  }

  private func rawDerivative(_ v: DifferentiationVariable) -> Expression {
    switch self {
    case .constant: return .constant(0)
    case .state(let i): return .constant(v == .state(i) ? 1 : 0)
    case .parameter(let j): return .constant(v == .parameter(j) ? 1 : 0)
    case .negate(let a): return .negate(a.rawDerivative(v))
    case .add(let a, let b): return .add(a.rawDerivative(v), b.rawDerivative(v))
    case .subtract(let a, let b): return .subtract(a.rawDerivative(v), b.rawDerivative(v))
    case .multiply(let a, let b):
      return .add(.multiply(a.rawDerivative(v), b), .multiply(a, b.rawDerivative(v)))
    case .divide(let a, let b):
      // (a/b)' = a'/b - a b'/b^2
      return .subtract(
        .divide(a.rawDerivative(v), b),
        .divide(.multiply(a, b.rawDerivative(v)), .power(b, .constant(2))))
    case .power(let a, let b):
      let (da, db) = (a.rawDerivative(v).simplified(), b.rawDerivative(v).simplified())
      if db == .constant(0) {
        return .multiply(.multiply(b, .power(a, .subtract(b, .constant(1)))), da)
      }
      if da == .constant(0) {
        return .multiply(.multiply(self, .call(.log, [a])), db)
      }
      return .multiply(
        self, .add(.multiply(db, .call(.log, [a])), .divide(.multiply(b, da), a)))
    case .call(let function, let arguments):
      return Expression.callDerivative(function, arguments, arguments.map { $0.rawDerivative(v) })
    }
  }

  /// The derivative of `function(arguments)` given the arguments' derivatives `d`.
  private static func callDerivative(
    _ function: BuiltinFunction, _ arguments: [Expression], _ d: [Expression]
  ) -> Expression {
    let a = arguments[0]
    let da = d[0]
    func call(_ f: BuiltinFunction, _ x: Expression...) -> Expression { .call(f, x) }
    func square(_ x: Expression) -> Expression { .power(x, .constant(2)) }
    let one = Expression.constant(1)
    switch function {
    case .sin: return .multiply(call(.cos, a), da)
    case .cos: return .negate(.multiply(call(.sin, a), da))
    case .tan: return .divide(da, square(call(.cos, a)))
    case .asin: return .divide(da, call(.sqrt, .subtract(one, square(a))))
    case .acos: return .negate(.divide(da, call(.sqrt, .subtract(one, square(a)))))
    case .atan: return .divide(da, .add(one, square(a)))
    case .atan2:
      // atan2(y, x): (x y' - y x') / (x^2 + y^2)
      let (y, x, dy, dx) = (a, arguments[1], da, d[1])
      return .divide(
        .subtract(.multiply(x, dy), .multiply(y, dx)), .add(square(x), square(y)))
    case .sinh: return .multiply(call(.cosh, a), da)
    case .cosh: return .multiply(call(.sinh, a), da)
    case .tanh: return .multiply(.subtract(one, square(call(.tanh, a))), da)
    case .exp: return .multiply(call(.exp, a), da)
    case .log: return .divide(da, a)
    case .sqrt: return .divide(da, .multiply(.constant(2), call(.sqrt, a)))
    case .abs: return .multiply(call(.sign, a), da)
    case .sign: return .constant(0)
    case .min, .max:
      let b = arguments[1]
      let db = d[1]
      let mean = Expression.divide(.add(da, db), .constant(2))
      let jump = Expression.multiply(
        call(.sign, .subtract(a, b)), .divide(.subtract(da, db), .constant(2)))
      return function == .min ? .subtract(mean, jump) : .add(mean, jump)
    case .clamp:
      let inner = call(.max, a, arguments[1])
      let dInner = callDerivative(.max, [a, arguments[1]], [da, d[1]])
      return callDerivative(.min, [inner, arguments[2]], [dInner, d[2]])
    case .wrap: return da
    }
  }
}
