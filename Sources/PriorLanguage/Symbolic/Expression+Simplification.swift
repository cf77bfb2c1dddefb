#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Expression {
  /// The expression in a simplified canonical form with the same value.
  ///
  /// Sums are flattened into `constant + sum of coefficient * monomial`, like monomials are
  /// collected (`x - x` is 0, `x + 2*x` is `3*x`) and ordered canonically with the constant
  /// last. Products are flattened into `coefficient * product of base^exponent` with constant
  /// exponents, equal bases are merged (`x*x` is `x^2`, `x/x` is 1) and ordered canonically,
  /// negative exponents going to a denominator. Integer powers of products are distributed,
  /// `x^1` is `x`, `x^0` is 1, and calls and operations on constants are folded.
  ///
  /// The rules are algebraic identities of real numbers, not of IEEE arithmetic: `x*0` is 0
  /// and `x - x` is 0 and `x/x` is 1 even though they would be NaN for an infinite or NaN
  /// `x` (or 0/0 at `x = 0`). Priors describe finite physics, and derivatives would be
  /// unreadable without these rules. Constant folding never creates a non-finite constant:
  /// `1/0` and `log(0)` stay as written, so an error in the file stays visible.
  ///
  /// The result is idempotent: simplifying it again returns it unchanged.
  public func simplified() -> Expression {
    switch self {
    case .constant(let value): return .constant(value == 0 ? 0 : value)
    case .state, .parameter: return self
    case .negate(let a): return Expression.sum(.negate(a.simplified()))
    case .add(let a, let b): return Expression.sum(.add(a.simplified(), b.simplified()))
    case .subtract(let a, let b):
      return Expression.sum(.subtract(a.simplified(), b.simplified()))
    case .multiply(let a, let b):
      return Expression.product(.multiply(a.simplified(), b.simplified()))
    case .divide(let a, let b): return Expression.product(.divide(a.simplified(), b.simplified()))
    case .power(let a, let b): return Expression.simplifiedPower(a.simplified(), b.simplified())
    case .call(let function, let arguments):
      return Expression.simplifiedCall(function, arguments.map { $0.simplified() })
    }
  }

  /// True for the forms a simplified sum takes.
  var isSum: Bool {
    switch self {
    case .add, .subtract, .negate: true
    default: false
    }
  }

  /// The value of a constant expression, if it is one.
  var constantValue: Double? {
    if case .constant(let value) = self { return value }
    return nil
  }

  // MARK: Sums

  private static func sum(_ expression: Expression) -> Expression {
    var parts = SumParts()
    parts.add(expression, sign: 1)
    return parts.rebuilt()
  }

  /// `constant + sum of coefficient * monomial`, monomials kept in first-seen order.
  private struct SumParts {
    struct Term {
      var monomial: Expression
      var coefficient: Double
      var factors: [Factor]
    }

    var constant = 0.0
    var terms: [Term] = []
    var index: [Expression: Int] = [:]

    mutating func add(_ e: Expression, sign: Double) {
      switch e {
      case .constant(let value): constant += sign * value
      case .negate(let a): add(a, sign: -sign)
      case .add(let a, let b):
        add(a, sign: sign)
        add(b, sign: sign)
      case .subtract(let a, let b):
        add(a, sign: sign)
        add(b, sign: -sign)
      default:
        var product = ProductParts()
        product.add(e, exponent: 1)
        if product.hasNonFiniteConstant {
          append(e, coefficient: sign, factors: [(e, 1)])
          return
        }
        let factors = product.combinedFactors()
        if factors.count == 1, factors[0].exponent == 1, factors[0].base.isSum {
          // c*(a + b) in a sum is expanded, so that like terms inside it can collect.
          add(factors[0].base, sign: sign * product.coefficient)
          return
        }
        if factors.isEmpty {
          constant += sign * product.coefficient
          return
        }
        append(
          ProductParts.rebuild(coefficient: 1, factors: factors),
          coefficient: sign * product.coefficient, factors: factors)
      }
    }

    private mutating func append(_ monomial: Expression, coefficient: Double, factors: [Factor]) {
      if let i = index[monomial] {
        terms[i].coefficient += coefficient
      } else {
        index[monomial] = terms.count
        terms.append(Term(monomial: monomial, coefficient: coefficient, factors: factors))
      }
    }

    func rebuilt() -> Expression {
      let live = terms.filter { $0.coefficient != 0 }.sorted {
        Expression.canonicallyPrecedes($0.monomial, $1.monomial)
      }
      guard let head = live.first else { return .constant(constant == 0 ? 0 : constant) }
      // Chained (``Expression/chain(_:_:)``): left to right, a long sum grouped.
      var links: [(ChainOperator, Expression)] = live.dropFirst().map { term in
        let magnitude = ProductParts.rebuild(
          coefficient: Swift.abs(term.coefficient), factors: term.factors)
        return (term.coefficient < 0 ? .subtract : .add, magnitude)
      }
      if constant != 0 {
        links.append((constant < 0 ? .subtract : .add, .constant(Swift.abs(constant))))
      }
      return Expression.chain(
        ProductParts.rebuild(coefficient: head.coefficient, factors: head.factors), links)
    }
  }

  // MARK: Products

  private static func product(_ expression: Expression) -> Expression {
    var parts = ProductParts()
    parts.add(expression, exponent: 1)
    // A division by zero (or another non-finite constant factor) stays as written.
    if parts.hasNonFiniteConstant { return expression }
    let factors = parts.combinedFactors()
    if Swift.abs(parts.coefficient) == 1, factors.count == 1, factors[0].exponent == 1,
      factors[0].base.isSum
    {
      return sum(.multiply(.constant(parts.coefficient), factors[0].base))
    }
    return ProductParts.rebuild(coefficient: parts.coefficient, factors: factors)
  }

  /// A factor `base ^ exponent` of a product.
  fileprivate typealias Factor = (base: Expression, exponent: Double)

  /// `coefficient * product of base^exponent`.
  fileprivate struct ProductParts {
    var coefficient = 1.0
    var factors: [Factor] = []
    /// A constant factor such as `0^-1` could not be folded.
    var hasNonFiniteConstant = false

    /// Multiplies in `e ^ exponent`; `exponent` is an integer except for the exponent of an
    /// opaque power with a fractional exponent.
    mutating func add(_ e: Expression, exponent: Double) {
      switch e {
      case .constant(let value):
        let p = exponent == 1 ? value : pow(value, exponent)
        if p.isFinite { coefficient *= p } else { hasNonFiniteConstant = true }
      case .negate(let a):
        if exponent.truncatingRemainder(dividingBy: 2) != 0 { coefficient = -coefficient }
        add(a, exponent: exponent)
      case .multiply(let a, let b):
        add(a, exponent: exponent)
        add(b, exponent: exponent)
      case .divide(let a, let b):
        add(a, exponent: exponent)
        add(b, exponent: -exponent)
      case .power(let a, .constant(let k))
      where (k == k.rounded() && exponent == exponent.rounded()) || a.constantValue != nil:
        add(a, exponent: exponent * k)
      case .power(let a, .constant(let k)):
        factors.append((a, exponent * k))
      default:
        factors.append((e, exponent))
      }
    }

    /// The factors with equal bases merged, exponent-0 factors dropped, in canonical order;
    /// empty when the coefficient is 0.
    func combinedFactors() -> [Factor] {
      if coefficient == 0 { return [] }
      var merged: [Factor] = []
      var index: [Expression: Int] = [:]
      for factor in factors {
        if let i = index[factor.base] {
          merged[i].exponent += factor.exponent
        } else {
          index[factor.base] = merged.count
          merged.append(factor)
        }
      }
      return merged.filter { $0.exponent != 0 }.sorted {
        Expression.canonicallyPrecedes($0.base, $1.base)
      }
    }

    /// `coefficient * product of factors`, with negative exponents in one denominator and a
    /// coefficient whose reciprocal is an integer written as a division (`x/2`).
    static func rebuild(coefficient: Double, factors: [Factor]) -> Expression {
      if coefficient == 0 || factors.isEmpty {
        return .constant(coefficient == 0 ? 0 : coefficient)
      }
      if coefficient < 0 { return .negate(rebuild(coefficient: -coefficient, factors: factors)) }
      var numerator: [Expression] = []
      var denominator: [Expression] = []
      for (base, exponent) in factors {
        if exponent > 0 {
          numerator.append(exponent == 1 ? base : .power(base, .constant(exponent)))
        } else {
          denominator.append(exponent == -1 ? base : .power(base, .constant(-exponent)))
        }
      }
      let reciprocal = 1 / coefficient
      if coefficient < 1, reciprocal == reciprocal.rounded(), 1 / reciprocal == coefficient,
        !numerator.isEmpty
      {
        denominator.insert(.constant(reciprocal), at: 0)
      } else if coefficient != 1 || numerator.isEmpty {
        numerator.insert(.constant(coefficient), at: 0)
      }
      let top = Expression.chain(numerator[0], numerator.dropFirst().map { (.multiply, $0) })
      guard let first = denominator.first else { return top }
      return .divide(top, Expression.chain(first, denominator.dropFirst().map { (.multiply, $0) }))
    }
  }

  // MARK: Powers and calls

  private static func simplifiedPower(_ base: Expression, _ exponent: Expression) -> Expression {
    if let k = exponent.constantValue {
      if k == 0 { return .constant(1) }
      if base.constantValue == 0, k > 0 { return .constant(0) }
      return product(.power(base, exponent))
    }
    if base.constantValue == 1 { return .constant(1) }
    return .power(base, exponent)
  }

  private static func simplifiedCall(_ function: BuiltinFunction, _ arguments: [Expression])
    -> Expression
  {
    let values = arguments.compactMap(\.constantValue)
    if values.count == arguments.count {
      let value = function.apply(values)
      if value.isFinite { return .constant(value == 0 ? 0 : value) }
    }
    return .call(function, arguments)
  }
}
