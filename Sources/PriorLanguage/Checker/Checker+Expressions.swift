/// A lowered expression with its size and depth, which inlining can make grow: both are
/// bounded so that no input makes the later stages slow or deeply recursive.
struct Lowered {
  var expression: Expression
  /// The number of nodes of the tree (shared subtrees counted each time).
  var size: Int
  var depth: Int

  static let maximumSize = 100_000
  static let maximumDepth = 400
}

/// Where an expression is lowered: what it may refer to.
struct Scope {
  /// A constant (param values, ranges, noise, init, dt): no state, no `let`.
  var isConstant: Bool
  /// What the expression is, for messages ("the value of param 'k'").
  var purpose: String
  /// Only params with a smaller index are visible (params use params declared above).
  var visibleParameters = Int.max
  /// The arguments of the `def` being inlined, by parameter name.
  var locals: [String: Lowered] = [:]
  /// The calls being inlined, innermost last, for notes.
  var callSites: [SourceRange] = []
  /// Whether calls of defs are inlined (false while checking def bodies on their own: a
  /// call then stands for an unknown, and is recorded as an edge of the call graph).
  var inlinesFunctions = true

  /// Anything goes: equations, lets, observations, REPL expressions.
  static let dynamic = Scope(isConstant: false, purpose: "")

  static func constant(_ purpose: String, visibleParameters: Int = Int.max) -> Scope {
    Scope(isConstant: true, purpose: purpose, visibleParameters: visibleParameters)
  }
}

extension Checker {
  /// The lowered form of `syntax`, or nil after reporting why not.
  func lower(_ syntax: ExpressionSyntax, in scope: Scope) -> Lowered? {
    // Inlining nests lets and defs: bound the recursion before it gets deep, not after.
    loweringDepth += 1
    work += 1
    defer { loweringDepth -= 1 }
    guard loweringDepth <= Lowered.maximumDepth else {
      report(
        .error(
          "expression is too large after inlining lets and defs (more than "
            + "\(Lowered.maximumSize) terms or \(Lowered.maximumDepth) levels)", at: syntax.range))
      return nil
    }
    switch syntax.kind {
    case .number(let value):
      // NaN marks a malformed number, which the lexer reported.
      guard !value.isNaN else { return nil }
      return Lowered(expression: .constant(value), size: 1, depth: 1)
    case .parenthesized(let inner):
      return lower(inner, in: scope)
    case .name(let name):
      return lowerName(name, in: scope)
    case .negate(let operand):
      guard let a = lower(operand, in: scope) else { return nil }
      // A negative number literal is a constant, not a negation.
      if case .number(let value) = operand.unparenthesized.kind {
        return Lowered(expression: .constant(-value), size: 1, depth: 1)
      }
      return combine(.negate(a.expression), [a], at: syntax.range)
    case .binary(let op, let lhs, let rhs):
      let a = lower(lhs, in: scope)
      let b = lower(rhs, in: scope)
      if op == .divide, Checker.isLiteralZero(rhs) {
        report(.error("division by zero", at: rhs.range))
        return nil
      }
      guard let a, let b else { return nil }
      let expression: Expression
      switch op {
      case .add: expression = .add(a.expression, b.expression)
      case .subtract: expression = .subtract(a.expression, b.expression)
      case .multiply: expression = .multiply(a.expression, b.expression)
      case .divide: expression = .divide(a.expression, b.expression)
      case .power: expression = .power(a.expression, b.expression)
      }
      return combine(expression, [a, b], at: syntax.range)
    case .chain(let first, let links):
      return lowerChain(first, links, at: syntax.range, in: scope)
    case .call(let name, let arguments):
      return lowerCall(name, arguments, at: syntax.range, in: scope)
    }
  }

  /// A chain of one precedence, its operands lowered one after another (not by recursion
  /// along the chain), then built by `Expression.chain`, whose tree grows with the
  /// logarithm of the chain's length.
  private func lowerChain(
    _ first: ExpressionSyntax, _ links: [(BinaryOperator, ExpressionSyntax)],
    at range: SourceRange, in scope: Scope
  ) -> Lowered? {
    let head = lower(first, in: scope)
    var lowered: [(Expression.ChainOperator, Lowered)] = []
    var failed = head == nil
    for (op, syntax) in links {
      let operand = lower(syntax, in: scope)
      if op == .divide, Checker.isLiteralZero(syntax) {
        report(.error("division by zero", at: syntax.range))
        failed = true
      }
      guard let operand else {
        failed = true
        continue
      }
      let chainOperator: Expression.ChainOperator =
        switch op {
        case .add: .add
        case .subtract: .subtract
        case .multiply: .multiply
        case .divide, .power: .divide
        }
      lowered.append((chainOperator, operand))
    }
    guard !failed, let head else { return nil }
    return Expression.chain(head, lowered) { a, op, b in
      combine(op.apply(a.expression, b.expression), [a, b], at: range)
    }
  }

  private static func isLiteralZero(_ syntax: ExpressionSyntax) -> Bool {
    switch syntax.unparenthesized.kind {
    case .number(let value): value == 0
    case .negate(let operand): isLiteralZero(operand)
    default: false
    }
  }

  /// A node over lowered children, unless it gets too big.
  private func combine(_ expression: Expression, _ children: [Lowered], at range: SourceRange)
    -> Lowered?
  {
    let size = children.reduce(1) { $0 + $1.size }
    let depth = (children.map(\.depth).max() ?? 0) + 1
    guard size <= Lowered.maximumSize, depth <= Lowered.maximumDepth else {
      report(
        .error(
          "expression is too large after inlining lets and defs (more than "
            + "\(Lowered.maximumSize) terms or \(Lowered.maximumDepth) levels)", at: range))
      return nil
    }
    return Lowered(expression: expression, size: size, depth: depth)
  }

  // MARK: Names

  func lowerName(_ name: NameSyntax, in scope: Scope) -> Lowered? {
    work += 1
    if name.primes == 0, let local = scope.locals[name.base] { return local }
    if name.primes == 0, name.base == "pi" {
      return Lowered(expression: .constant(.pi), size: 1, depth: 1)
    }
    if name.primes == 0, name.base == "e" {
      return Lowered(expression: .constant(2.718_281_828_459_045_235_36), size: 1, depth: 1)
    }
    guard let symbol = symbols[name.base] else {
      reportUnknownName(name, in: scope)
      return nil
    }
    if case .broken = symbol { return nil }
    if name.primes > 0, case .variable = symbol {
    } else if name.primes > 0 {
      report(
        .error(
          "'\(name.text)': '\(name.base)' is \(symbol.kindName), not a variable with an "
            + "equation, so it has no time derivative", at: name.range,
          notes: declarationNotes(name.base)))
      return nil
    }
    switch symbol {
    case .broken:
      return nil
    case .parameter(let index):
      guard index < scope.visibleParameters else {
        report(
          .error(
            "param '\(name.base)' is used before its declaration; \(scope.purpose) can only "
              + "use params declared above it", at: name.range,
            notes: declarationNotes(name.base)))
        return nil
      }
      return Lowered(expression: .parameter(index), size: 1, depth: 1)
    case .variable(let index):
      let variable = variables[index]
      guard name.primes < variable.order else {
        let allowed = (0..<variable.order).map {
          name.base + String(repeating: "'", count: $0)
        }
        report(
          .error(
            "'\(name.text)' is not part of the state: '\(name.base)' has a "
              + (variable.order == 1 ? "first" : "second")
              + "-order equation, so expressions can use "
              + allowed.map { "'\($0)'" }.joined(separator: " and "), at: name.range,
            notes: [.init("the equation of '\(name.base)' is here", at: variable.name.range)]))
        return nil
      }
      guard !scope.isConstant else {
        report(
          .error(
            "'\(name.text)' is a state component, but \(scope.purpose) must be a constant "
              + "(numbers, pi, e and params)", at: name.range, notes: callNotes(scope)))
        return nil
      }
      return Lowered(expression: .state(variable.firstState + name.primes), size: 1, depth: 1)
    case .binding(let index):
      guard !scope.isConstant else {
        report(
          .error(
            "'\(name.base)' is a let, but \(scope.purpose) must be a constant (numbers, pi, e "
              + "and params)", at: name.range, notes: callNotes(scope)))
        return nil
      }
      return lowerBinding(index, usedAt: name.range)
    case .function:
      report(
        .error(
          "'\(name.base)' is a def; call it with arguments, as in \(name.base)(...)",
          at: name.range))
      return nil
    }
  }

  private func reportUnknownName(_ name: NameSyntax, in scope: Scope) {
    if BuiltinFunction(rawValue: name.base) != nil || name.base == "pow" {
      report(
        .error(
          "'\(name.base)' is a built-in function; call it with arguments, as in "
            + "\(name.base)(...)", at: name.range))
      return
    }
    var candidates = Array(scope.locals.keys) + ["pi", "e"]
    candidates += symbols.compactMap { key, symbol in
      if case .function = symbol { return nil }
      if case .variable = symbol { return nil }
      return key
    }
    candidates += stateNames
    let suggestion = Suggestion.didYouMean(name.text, among: candidates.sorted())
    if name.primes > 0 {
      report(
        .error(
          "unknown name '\(name.text)': there is no equation for '\(name.base)'\(suggestion)",
          at: name.range))
    } else if overrides.contains(where: { $0.source === name.range.source }) {
      report(
        .error(
          "'\(name.text)' is not a number: \(scope.purpose) must be a number, such as 0.5, or "
            + "an expression of numbers and params\(suggestion)", at: name.range))
    } else {
      let hint =
        suggestion.isEmpty
        ? "; declare it with 'param \(name.base) = ...', 'let \(name.base) = ...' or an "
          + "equation such as \(name.base)' = ..." : suggestion
      report(.error("unknown name '\(name.text)'\(hint)", at: name.range))
    }
  }

  func declarationNotes(_ name: String) -> [Diagnostic.Note] {
    declarationRanges[name].map { [.init("'\(name)' is declared here", at: $0)] } ?? []
  }

  private func callNotes(_ scope: Scope) -> [Diagnostic.Note] {
    scope.callSites.reversed().map { .init("in the def called here", at: $0) }
  }

  /// A `let`, lowered once (in the dynamic scope) and reused.
  private func lowerBinding(_ index: Int, usedAt range: SourceRange) -> Lowered? {
    switch bindingStates[index] {
    case .done(let lowered):
      return lowered
    case .lowering:
      let start = bindingStack.firstIndex(of: index) ?? 0
      let cycle = bindingStack[start...].map { bindings[$0].name.base }
      let chain = (cycle + [bindings[index].name.base]).joined(separator: " -> ")
      reportCycle(
        cycle,
        .error(
          "let '\(bindings[index].name.base)' is defined in terms of itself: \(chain)",
          at: bindings[index].name.range, notes: [.init("the cycle closes here", at: range)]))
      return nil
    case .pending:
      bindingStates[index] = .lowering
      bindingStack.append(index)
      let lowered = lower(bindings[index].value, in: .dynamic)
      bindingStack.removeLast()
      bindingStates[index] = .done(lowered)
      return lowered
    }
  }

  /// Lowers every `let` (so that unused ones are checked too).
  func lowerBindings() {
    for index in bindings.indices {
      _ = lowerBinding(index, usedAt: bindings[index].name.range)
    }
  }

  // MARK: Calls

  private func lowerCall(
    _ name: NameSyntax, _ arguments: [ExpressionSyntax], at range: SourceRange, in scope: Scope
  ) -> Lowered? {
    let lowered = arguments.map { lower($0, in: scope) }
    if let builtin = BuiltinFunction(rawValue: name.base), scope.locals[name.base] == nil {
      guard checkArity(name, expected: builtin.arity, given: arguments.count, at: range) else {
        return nil
      }
      let values = lowered.compactMap { $0 }
      guard values.count == lowered.count else { return nil }
      return combine(.call(builtin, values.map(\.expression)), values, at: range)
    }
    if name.base == "pow" {
      guard checkArity(name, expected: 2, given: arguments.count, at: range) else { return nil }
      guard let base = lowered[0], let exponent = lowered[1] else { return nil }
      return combine(.power(base.expression, exponent.expression), [base, exponent], at: range)
    }
    if name.base == "uniform" || name.base == "normal" {
      report(
        .error(
          "'\(name.base)(...)' is an initial distribution and can only be the whole value of "
            + "an init, as in init x ~ \(name.base)(0, 1)", at: range))
      return nil
    }
    guard scope.locals[name.base] == nil, let symbol = symbols[name.base] else {
      if scope.locals[name.base] != nil {
        report(.error("'\(name.base)' is a parameter of the def, not a function", at: name.range))
        return nil
      }
      let candidates =
        BuiltinFunction.allCases.map(\.rawValue) + ["pow"]
        + functions.map(\.name.base)
      report(
        .error(
          "unknown function '\(name.base)'\(Suggestion.didYouMean(name.base, among: candidates))",
          at: name.range))
      return nil
    }
    if case .broken = symbol { return nil }
    guard case .function(let index) = symbol else {
      report(
        .error(
          "'\(name.base)' is \(symbol.kindName), not a function", at: name.range,
          notes: declarationNotes(name.base)))
      return nil
    }
    let function = functions[index]
    guard
      checkArity(name, expected: function.parameters.count, given: arguments.count, at: range)
    else { return nil }
    let values = lowered.compactMap { $0 }
    guard values.count == lowered.count else { return nil }
    guard scope.inlinesFunctions else {
      if let caller = functionStack.last {
        callGraph[caller, default: []].append((index, name.range))
      }
      return Lowered(expression: .constant(0), size: 1, depth: 1)
    }
    if let start = functionStack.firstIndex(of: index) {
      let cycle = functionStack[start...].map { functions[$0].name.base }
      let chain = (cycle + [name.base]).joined(separator: " -> ")
      reportCycle(
        cycle,
        .error(
          "def '\(name.base)' calls itself: \(chain); recursion is not allowed (defs are "
            + "inlined)", at: name.range,
          notes: [.init("'\(name.base)' is declared here", at: function.name.range)]))
      return nil
    }
    var inner = scope
    inner.locals = Dictionary(
      zip(function.parameters.map(\.base), values), uniquingKeysWith: { first, _ in first })
    inner.callSites.append(range)
    functionStack.append(index)
    defer { functionStack.removeLast() }
    return lower(function.body, in: inner)
  }

  private func checkArity(_ name: NameSyntax, expected: Int, given: Int, at range: SourceRange)
    -> Bool
  {
    guard expected != given else { return true }
    report(
      .error(
        "'\(name.base)' takes \(expected) argument\(expected == 1 ? "" : "s"), but \(given) "
          + "\(given == 1 ? "was" : "were") given", at: range,
        notes: declarationNotes(name.base)))
    return false
  }

  /// Checks the body of every `def` once, with its parameters standing for unknowns, so
  /// that errors in functions nobody calls are reported too.
  func checkFunctionBodies() {
    for (index, function) in functions.enumerated() {
      var scope = Scope.dynamic
      scope.inlinesFunctions = false
      for parameter in function.parameters {
        scope.locals[parameter.base] = Lowered(expression: .constant(0), size: 1, depth: 1)
      }
      functionStack = [index]
      _ = lower(function.body, in: scope)
      functionStack = []
    }
    reportRecursiveFunctions()
  }

  /// Finds the cycles of the call graph between defs by depth-first search, iteratively
  /// (the graph may be long), and reports each once with its chain.
  private func reportRecursiveFunctions() {
    enum Mark { case unvisited, active, finished }
    var marks = [Mark](repeating: .unvisited, count: functions.count)
    for root in functions.indices where marks[root] == .unvisited {
      // The path from the root: each def with the index of its next edge to follow.
      var path: [(function: Int, nextEdge: Int)] = [(root, 0)]
      marks[root] = .active
      while let (function, nextEdge) = path.last {
        let edges = callGraph[function] ?? []
        guard nextEdge < edges.count else {
          marks[function] = .finished
          path.removeLast()
          continue
        }
        path[path.count - 1].nextEdge += 1
        let (callee, range) = edges[nextEdge]
        switch marks[callee] {
        case .unvisited:
          marks[callee] = .active
          path.append((callee, 0))
        case .active:
          let start = path.firstIndex { $0.function == callee } ?? 0
          let cycle = path[start...].map { functions[$0.function].name.base }
          let name = functions[callee].name
          let chain = (cycle + [name.base]).joined(separator: " -> ")
          reportCycle(
            cycle,
            .error(
              "def '\(name.base)' calls itself: \(chain); recursion is not allowed (defs are "
                + "inlined)", at: range,
              notes: [.init("'\(name.base)' is declared here", at: name.range)]))
        case .finished:
          break
        }
      }
    }
  }

  /// The value of a constant expression (lowered in a constant scope), or nil.
  func evaluateConstant(_ syntax: ExpressionSyntax, in scope: Scope) -> Double? {
    guard let lowered = lower(syntax, in: scope) else { return nil }
    // A param whose own value is wrong was reported already: do not report its users.
    guard !Checker.references(lowered.expression, anyOf: failedParameters) else { return nil }
    let value = lowered.expression.evaluate(states: [], parameters: parameterValues)
    guard value.isFinite else {
      report(
        .error(
          "\(scope.purpose) is not a finite number (it evaluates to \(Checker.format(value)))",
          at: syntax.range))
      return nil
    }
    return value
  }
}

extension Checker {
  /// Whether `expression` uses any of the parameters `indices`.
  static func references(_ expression: Expression, anyOf indices: Set<Int>) -> Bool {
    guard !indices.isEmpty else { return false }
    switch expression {
    case .constant, .state: return false
    case .parameter(let index): return indices.contains(index)
    case .negate(let a): return references(a, anyOf: indices)
    case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b),
      .divide(let a, let b), .power(let a, let b):
      return references(a, anyOf: indices) || references(b, anyOf: indices)
    case .call(_, let arguments): return arguments.contains { references($0, anyOf: indices) }
    }
  }
}
