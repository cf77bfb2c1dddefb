extension Expression {
  /// The expression as `.prior` source text, with states and parameters by name.
  ///
  /// Parentheses appear only where the grammar needs them to keep the tree's shape
  /// (`^` is right-associative and binds tighter than unary minus, which binds like `*`);
  /// constants print as the shortest decimal that reads back to the same `Double`, with
  /// `pi` and `e` by name.
  public func text(stateNames: [String], parameterNames: [String]) -> String {
    rendered { index, isState in
      let names = isState ? stateNames : parameterNames
      return names.indices.contains(index)
        ? names[index] : (isState ? "z[\(index)]" : "theta[\(index)]")
    }.text
  }

  /// How tightly a printed form binds, loosest first.
  private enum Precedence: Int, Comparable {
    case sum = 1
    case product
    case unary
    case power
    case atom

    static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  private func rendered(_ name: (Int, Bool) -> String) -> (text: String, precedence: Precedence) {
    func wrap(_ e: Expression, _ needsParentheses: (Precedence) -> Bool) -> String {
      let (text, precedence) = e.rendered(name)
      return needsParentheses(precedence) ? "(\(text))" : text
    }
    switch self {
    case .constant(let value):
      let text = Expression.numberText(value)
      return (text, text.hasPrefix("-") ? .unary : .atom)
    case .state(let i): return (name(i, true), .atom)
    case .parameter(let j): return (name(j, false), .atom)
    case .negate(let a):
      // `-(a + b)/c` would read as `(-(a + b))/c`, so that case keeps its parentheses.
      let (inner, precedence) = a.rendered(name)
      let needsParentheses =
        precedence < .product || precedence == .unary
        || (precedence == .product && inner.hasPrefix("("))
      return ("-" + (needsParentheses ? "(\(inner))" : inner), .unary)
    case .add(let a, let b):
      return (wrap(a) { $0 < .sum } + " + " + wrap(b) { $0 <= .sum || $0 == .unary }, .sum)
    case .subtract(let a, let b):
      return (wrap(a) { $0 < .sum } + " - " + wrap(b) { $0 <= .sum || $0 == .unary }, .sum)
    case .multiply(let a, let b):
      return (wrap(a) { $0 < .product } + "*" + wrap(b) { $0 <= .unary }, .product)
    case .divide(let a, let b):
      return (wrap(a) { $0 < .product } + "/" + wrap(b) { $0 <= .unary }, .product)
    case .power(let a, let b):
      return (wrap(a) { $0 <= .power } + "^" + wrap(b) { $0 < .power }, .power)
    case .call(let function, let arguments):
      let inner = arguments.map { $0.rendered(name).text }.joined(separator: ", ")
      return ("\(function.rawValue)(\(inner))", .atom)
    }
  }

  /// The shortest text of `value`: integers without a fraction, `pi` and `e` by name.
  static func numberText(_ value: Double) -> String {
    if value == Double.pi { return "pi" }
    if value == Double.pi * -1 { return "-pi" }
    if value == 2.718_281_828_459_045 { return "e" }
    if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
  }
}

extension PriorModel {
  /// `expression` as source text with this model's state and parameter names.
  public func text(of expression: Expression) -> String {
    expression.text(
      stateNames: states.map(\.name), parameterNames: parameters.map(\.name))
  }
}
