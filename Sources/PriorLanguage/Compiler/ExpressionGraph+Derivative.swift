extension ExpressionGraph {
  /// The nodes of d(output)/d(variable) for each of `outputs`: forward-mode differentiation
  /// of the graph itself, with respect to a state input or a parameter.
  ///
  /// Each node reachable from `outputs` gets its derivative once, in topological order, from
  /// its operands' derivatives:
  ///
  ///     (a +- b)' = a' +- b',  (a b)' = a' b + a b',  (a/b)' = a'/b - a b'/b^2,
  ///     (a^b)' = b a^(b-1) a'  (b' = 0),  a^b log(a) b'  (a' = 0),
  ///              a^b (b' log(a) + b a'/a)  (otherwise),
  ///     f(a_1, ..., a_n)' = sum_k df/da_k a_k',
  ///
  /// where df/da_k is `Expression.derivative(withRespectTo:)` of f applied to placeholder
  /// arguments, lowered onto the operand nodes: the graph follows the symbolic
  /// differentiator's conventions at kinks. The derivative nodes are built with the graph's
  /// usual simplifications and hash-consing, so derivatives along several variables share
  /// their common parts. Differentiating the Jacobian nodes of a discrete step this way gives
  /// the second derivatives of F.
  mutating func derivatives(of outputs: [Int], withRespectTo variable: DifferentiationVariable)
    -> [Int]
  {
    guard let last = outputs.max() else { return [] }
    var needed = [Bool](repeating: false, count: last + 1)
    for id in outputs { needed[id] = true }
    for id in stride(from: last, through: 0, by: -1) where needed[id] {
      for operand in nodes[id].operands { needed[operand] = true }
    }
    let zero = constant(0)
    var derivative = [Int](repeating: zero, count: last + 1)
    for id in 0...last where needed[id] {
      let node = nodes[id]
      let operands = node.operands
      let d = operands.map { derivative[$0] }
      switch node.operation {
      case .constant:
        continue
      case .input(let i):
        derivative[id] = variable == .state(i) ? constant(1) : zero
        continue
      case .parameter(let j):
        derivative[id] = variable == .parameter(j) ? constant(1) : zero
        continue
      default:
        break
      }
      guard d.contains(where: { $0 != zero }) else { continue }
      switch node.operation {
      case .negate:
        derivative[id] = negate(d[0])
      case .add:
        derivative[id] = add(d[0], d[1])
      case .subtract:
        derivative[id] = subtract(d[0], d[1])
      case .multiply:
        derivative[id] = add(multiply(d[0], operands[1]), multiply(operands[0], d[1]))
      case .divide:
        let (a, b) = (operands[0], operands[1])
        derivative[id] = subtract(divide(d[0], b), divide(multiply(a, d[1]), multiply(b, b)))
      case .power:
        let (a, b) = (operands[0], operands[1])
        if d[1] == zero {
          derivative[id] = multiply(multiply(b, power(a, subtract(b, constant(1)))), d[0])
        } else if d[0] == zero {
          derivative[id] = multiply(multiply(id, call(.log, [a])), d[1])
        } else {
          derivative[id] = multiply(
            id, add(multiply(d[1], call(.log, [a])), divide(multiply(b, d[0]), a)))
        }
      case .call(let function):
        let placeholders = operands.indices.map { Expression.state($0) }
        let applied = Expression.call(function, placeholders)
        var sum = zero
        for k in operands.indices where d[k] != zero {
          let partial = lower(
            applied.derivative(withRespectTo: .state(k)), states: operands, parameters: [])
          sum = add(sum, multiply(partial, d[k]))
        }
        derivative[id] = sum
      case .constant, .input, .parameter:
        break
      }
    }
    return outputs.map { derivative[$0] }
  }
}
