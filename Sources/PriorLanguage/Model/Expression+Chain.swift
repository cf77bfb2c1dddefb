extension Expression {
  /// The operators of a chain of one precedence: `+` and `-`, or `*` and `/`.
  enum ChainOperator: Sendable {
    case add, subtract, multiply, divide

    /// The operator that undoes this one (`-` for `+`, `/` for `*`, and back).
    var inverse: ChainOperator {
      switch self {
      case .add: .subtract
      case .subtract: .add
      case .multiply: .divide
      case .divide: .multiply
      }
    }

    /// `a op b`.
    func apply(_ a: Expression, _ b: Expression) -> Expression {
      switch self {
      case .add: .add(a, b)
      case .subtract: .subtract(a, b)
      case .multiply: .multiply(a, b)
      case .divide: .divide(a, b)
      }
    }
  }

  /// The longest run of a chain folded left to right, as written.
  static let chainRun = 32

  /// `first op1 e1 op2 e2 ...` for operators of one precedence, as a tree whose depth grows
  /// with the logarithm of the chain's length, not with the length: a flat sum of thousands
  /// of terms must not become a tree thousands deep, which every later stage (simplifying,
  /// differentiating, compiling, even freeing it) would walk by recursion.
  ///
  /// Chains of up to ``chainRun`` operands are folded left to right exactly as written
  /// (`((first op1 e1) op2 e2) ...`), so every short expression keeps its tree and its
  /// floating-point rounding. A longer chain is cut into runs of ``chainRun`` links; each run
  /// after the first, `op_k e_k op e ...`, becomes one group starting at e_k, with its other
  /// operators inverted when op_k is `-` or `/` (a - b - c + d = a - (b + c - d), and
  /// a / b / c * d = a / (b * c / d)), and the groups are chained the same way, so the depth
  /// is about ``chainRun`` times the logarithm base ``chainRun`` of the length (96 for
  /// 5,000 terms). The value is the same for real numbers; in floating point only the
  /// association of long chains changes.
  ///
  /// `combine` builds one node (the checker's also counts and bounds sizes); nil from it is
  /// returned at once.
  static func chain<Part>(
    _ first: Part, _ links: [(ChainOperator, Part)],
    combine: (Part, ChainOperator, Part) -> Part?
  ) -> Part? {
    guard links.count >= chainRun else {
      var result = first
      for (op, part) in links {
        guard let next = combine(result, op, part) else { return nil }
        result = next
      }
      return result
    }
    // The first run stays as written; every later run is one group.
    let head = Array(links.prefix(chainRun - 1))
    guard let start = chain(first, head, combine: combine) else { return nil }
    var groups: [(ChainOperator, Part)] = []
    var index = chainRun - 1
    while index < links.count {
      let run = links[index..<min(index + chainRun, links.count)]
      guard let lead = run.first else { break }
      let inverted = lead.0 == .subtract || lead.0 == .divide
      let rest = run.dropFirst().map { (inverted ? $0.0.inverse : $0.0, $0.1) }
      guard let group = chain(lead.1, rest, combine: combine) else { return nil }
      groups.append((lead.0, group))
      index += chainRun
    }
    return chain(start, groups, combine: combine)
  }

  /// ``chain(_:_:combine:)`` of expressions.
  static func chain(_ first: Expression, _ links: [(ChainOperator, Expression)]) -> Expression {
    // A combination that always succeeds.
    chain(first, links) { a, op, b in op.apply(a, b) } ?? first
  }
}
