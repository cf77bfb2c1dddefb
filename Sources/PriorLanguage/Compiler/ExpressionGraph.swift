/// A directed acyclic graph of scalar operations with every node unique (hash-consing), so
/// that a common subexpression, wherever it appears, is one node and is computed once.
///
/// Nodes are numbered in creation order, which is a topological order. A node is *varying*
/// when it depends on a state input (it then takes one value per batch element) and
/// *uniform* otherwise (one value per call: constants, parameters and their combinations).
/// The builder applies local simplifications as it creates nodes (constant folding,
/// `x + 0`, `x*1`, `x*0` = 0, `x - x` = 0, `--x`, small integer powers as products), with
/// the same real-number (not IEEE) reading as `Expression.simplified()`.
struct ExpressionGraph {
  enum Operation: Hashable {
    case constant(Double)
    case input(Int)
    case parameter(Int)
    case negate
    case add
    case subtract
    case multiply
    case divide
    case power
    /// A built-in function other than `clamp` (lowered to `min` and `max`).
    case call(BuiltinFunction)
  }

  struct Node: Hashable {
    var operation: Operation
    var operands: [Int]
  }

  private(set) var nodes: [Node] = []
  private(set) var isVarying: [Bool] = []
  private var index: [Node: Int] = [:]
  /// The number of nodes asked for, found or new: the work of building the graph.
  private(set) var requests = 0

  /// The node for `node`, created if new.
  private mutating func intern(_ node: Node) -> Int {
    requests += 1
    if let existing = index[node] { return existing }
    let id = nodes.count
    nodes.append(node)
    let varying: Bool
    if case .input = node.operation {
      varying = true
    } else {
      varying = node.operands.contains { isVarying[$0] }
    }
    isVarying.append(varying)
    index[node] = id
    return id
  }

  func constantValue(_ id: Int) -> Double? {
    if case .constant(let value) = nodes[id].operation { return value }
    return nil
  }

  mutating func constant(_ value: Double) -> Int {
    intern(Node(operation: .constant(value == 0 ? 0 : value), operands: []))
  }

  mutating func input(_ i: Int) -> Int { intern(Node(operation: .input(i), operands: [])) }

  mutating func parameter(_ j: Int) -> Int {
    intern(Node(operation: .parameter(j), operands: []))
  }

  /// A folded constant if `value` is finite, otherwise nil (the operation stays).
  private mutating func folded(_ value: Double) -> Int? {
    value.isFinite ? constant(value) : nil
  }

  mutating func negate(_ a: Int) -> Int {
    if let x = constantValue(a) { return constant(-x) }
    if nodes[a].operation == .negate { return nodes[a].operands[0] }
    if nodes[a].operation == .multiply, isVarying[a] {
      // -(u*x) = (-u)*x with the negation on the uniform side, computed once per call.
      let (u, x) = (nodes[a].operands[0], nodes[a].operands[1])
      if !isVarying[u] { return multiply(negate(u), x) }
      if !isVarying[x] { return multiply(negate(x), u) }
    }
    return intern(Node(operation: .negate, operands: [a]))
  }

  mutating func add(_ a: Int, _ b: Int) -> Int {
    let (x, y) = (constantValue(a), constantValue(b))
    if let x, let y, let c = folded(x + y) { return c }
    if x == 0 { return b }
    if y == 0 { return a }
    if nodes[b].operation == .negate { return subtract(a, nodes[b].operands[0]) }
    if nodes[a].operation == .negate { return subtract(b, nodes[a].operands[0]) }
    return intern(Node(operation: .add, operands: [Swift.min(a, b), Swift.max(a, b)]))
  }

  mutating func subtract(_ a: Int, _ b: Int) -> Int {
    let (x, y) = (constantValue(a), constantValue(b))
    if let x, let y, let c = folded(x - y) { return c }
    if a == b { return constant(0) }
    if y == 0 { return a }
    if x == 0 { return negate(b) }
    if nodes[b].operation == .negate { return add(a, nodes[b].operands[0]) }
    return intern(Node(operation: .subtract, operands: [a, b]))
  }

  mutating func multiply(_ a: Int, _ b: Int) -> Int {
    let (x, y) = (constantValue(a), constantValue(b))
    if let x, let y, let c = folded(x * y) { return c }
    if x == 0 || y == 0 { return constant(0) }
    if x == 1 { return b }
    if y == 1 { return a }
    if x == -1 { return negate(b) }
    if y == -1 { return negate(a) }
    // u*(-x) = (-u)*x for a uniform u and a varying x.
    if !isVarying[a], isVarying[b], nodes[b].operation == .negate {
      return multiply(negate(a), nodes[b].operands[0])
    }
    if !isVarying[b], isVarying[a], nodes[a].operation == .negate {
      return multiply(negate(b), nodes[a].operands[0])
    }
    return intern(Node(operation: .multiply, operands: [Swift.min(a, b), Swift.max(a, b)]))
  }

  mutating func divide(_ a: Int, _ b: Int) -> Int {
    let (x, y) = (constantValue(a), constantValue(b))
    if let x, let y, let c = folded(x / y) { return c }
    if y == 1 { return a }
    if x == 0, y != 0 { return constant(0) }
    if let y, y.isNormal, y.significandBitPattern == 0 {
      // Dividing by a power of two is multiplying by its exact reciprocal.
      return multiply(a, constant(1 / y))
    }
    return intern(Node(operation: .divide, operands: [a, b]))
  }

  mutating func power(_ a: Int, _ b: Int) -> Int {
    let (x, y) = (constantValue(a), constantValue(b))
    if let x, let y, let c = folded(Double.pow(x, y)) { return c }
    switch y {
    case 0: return constant(1)
    case 1: return a
    case 2: return multiply(a, a)
    case 3: return multiply(multiply(a, a), a)
    case 4:
      let square = multiply(a, a)
      return multiply(square, square)
    case -1: return divide(constant(1), a)
    case -2: return divide(constant(1), multiply(a, a))
    case 0.5: return call(.sqrt, [a])
    default: return intern(Node(operation: .power, operands: [a, b]))
    }
  }

  mutating func call(_ function: BuiltinFunction, _ arguments: [Int]) -> Int {
    if function == .clamp {
      return call(.min, [call(.max, [arguments[0], arguments[1]]), arguments[2]])
    }
    let values = arguments.compactMap(constantValue)
    if values.count == arguments.count, let c = folded(function.apply(values)) { return c }
    return intern(Node(operation: .call(function), operands: arguments))
  }

  /// Lowers `expression`, reading state `i` from node `states[i]` and parameter `j` from
  /// node `parameters[j]`.
  mutating func lower(_ expression: Expression, states: [Int], parameters: [Int]) -> Int {
    func recurse(_ e: Expression) -> Int { lower(e, states: states, parameters: parameters) }
    switch expression {
    case .constant(let value): return constant(value)
    case .state(let i): return states[i]
    case .parameter(let j): return parameters[j]
    case .negate(let a): return negate(recurse(a))
    case .add(let a, let b): return add(recurse(a), recurse(b))
    case .subtract(let a, let b): return subtract(recurse(a), recurse(b))
    case .multiply(let a, let b): return multiply(recurse(a), recurse(b))
    case .divide(let a, let b): return divide(recurse(a), recurse(b))
    case .power(let a, let b): return power(recurse(a), recurse(b))
    case .call(let function, let arguments): return call(function, arguments.map(recurse))
    }
  }
}
