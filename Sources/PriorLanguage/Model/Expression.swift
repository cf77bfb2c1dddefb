/// A symbolic real-valued expression over state components and parameters.
///
/// This is the symbolic form a checked `.prior` is lowered to: `let` bindings and `def`
/// functions are inlined, names are resolved to indices, and `pow(a, b)` is `.power`.
/// The symbolic differentiator, the simplifier and the compiler all work on this type.
public indirect enum Expression: Hashable, Sendable {
  case constant(Double)
  /// State component `z[i]` (see `PriorModel.states`).
  case state(Int)
  /// Parameter `theta[i]` (see `PriorModel.parameters`).
  case parameter(Int)
  case negate(Expression)
  case add(Expression, Expression)
  case subtract(Expression, Expression)
  case multiply(Expression, Expression)
  case divide(Expression, Expression)
  /// `a ^ b`.
  case power(Expression, Expression)
  /// A built-in function applied to exactly `function.arity` arguments.
  case call(BuiltinFunction, [Expression])
}

/// The functions every `.prior` can call (besides `pow`, which is `Expression.power`).
public enum BuiltinFunction: String, CaseIterable, Hashable, Sendable {
  case sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, exp, log, sqrt, abs, sign
  case min, max, clamp
  /// `wrap(a)`: the angle `a` wrapped to (-pi, pi].
  case wrap

  /// The number of arguments the function takes.
  public var arity: Int {
    switch self {
    case .atan2, .min, .max: 2
    case .clamp: 3
    default: 1
    }
  }
}
