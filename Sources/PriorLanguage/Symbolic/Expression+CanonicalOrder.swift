extension Expression {
  /// A total order on expressions, used to put the operands of sums and products in one
  /// canonical order: constants, then parameters, states, function calls, powers, products,
  /// negations and sums; within a kind by index, function name, then operands.
  static func canonicalComparison(_ lhs: Expression, _ rhs: Expression) -> Int {
    let (lr, rr) = (lhs.canonicalRank, rhs.canonicalRank)
    if lr != rr { return lr < rr ? -1 : 1 }
    switch (lhs, rhs) {
    case (.constant(let a), .constant(let b)):
      return a == b ? 0 : (a < b ? -1 : 1)
    case (.parameter(let a), .parameter(let b)), (.state(let a), .state(let b)):
      return a == b ? 0 : (a < b ? -1 : 1)
    case (.call(let f, let a), .call(let g, let b)):
      if f != g { return f.rawValue < g.rawValue ? -1 : 1 }
      return lexicographic(a, b)
    default:
      return lexicographic(lhs.operands, rhs.operands)
    }
  }

  /// True when `lhs` comes before `rhs` in the canonical order.
  static func canonicallyPrecedes(_ lhs: Expression, _ rhs: Expression) -> Bool {
    canonicalComparison(lhs, rhs) < 0
  }

  private static func lexicographic(_ a: [Expression], _ b: [Expression]) -> Int {
    for (x, y) in zip(a, b) {
      let c = canonicalComparison(x, y)
      if c != 0 { return c }
    }
    return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
  }

  private var canonicalRank: Int {
    switch self {
    case .constant: 0
    case .parameter: 1
    case .state: 2
    case .call: 3
    case .power: 4
    case .multiply: 5
    case .divide: 6
    case .negate: 7
    case .add: 8
    case .subtract: 9
    }
  }

  /// The direct subexpressions, left to right.
  var operands: [Expression] {
    switch self {
    case .constant, .state, .parameter: []
    case .negate(let a): [a]
    case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b),
      .divide(let a, let b), .power(let a, let b):
      [a, b]
    case .call(_, let arguments): arguments
    }
  }
}
