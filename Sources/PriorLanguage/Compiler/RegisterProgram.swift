/// A flat, batched program compiled from an `ExpressionGraph`: the form a prior's
/// functions are evaluated in.
///
/// Uniform nodes (constants, parameters and what depends only on them) are computed once per
/// call as scalars. Every varying node becomes one instruction that loops over a chunk of the
/// batch, reading and writing *registers*: contiguous arrays holding one value per batch
/// element (structure of arrays). Registers are reused once their value is dead, so the
/// working set stays small and in cache.
struct RegisterProgram: Sendable {
  enum Operation: UInt8, Sendable {
    case negate, add, subtract, multiply, divide, power, atan2, minimum, maximum
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, exp, log, sqrt, abs, sign, wrap
  }

  /// Where an instruction reads a value: a register (per batch element) or a uniform slot.
  enum Operand: Hashable, Sendable {
    case register(Int)
    case uniform(Int)
  }

  struct Instruction: Sendable {
    var operation: Operation
    var destination: Int
    var first: Operand
    /// The second operand of a binary operation; unused (equal to `first`) otherwise.
    var second: Operand
  }

  /// One uniform value: a graph operation on earlier uniform slots.
  struct UniformStep: Sendable {
    var operation: ExpressionGraph.Operation
    var operands: [Int]
  }

  var uniformSteps: [UniformStep] = []
  var instructions: [Instruction] = []
  var registerCount = 0
  /// Registers loaded from the input state: (component index, register).
  var inputRegisters: [(component: Int, register: Int)] = []
  /// The values written out, per output group, per column of the group's row.
  var outputs: [[Operand]] = []

  /// Compiles the nodes `outputs[g][c]` of `graph`, for output group `g`, column `c`.
  init(graph: ExpressionGraph, outputs outputNodes: [[Int]]) {
    let nodes = graph.nodes
    var needed = [Bool](repeating: false, count: nodes.count)
    for id in outputNodes.joined() { needed[id] = true }
    for id in nodes.indices.reversed() where needed[id] {
      for operand in nodes[id].operands { needed[operand] = true }
    }

    // Uniform slots, in topological order.
    var uniformSlot = [Int](repeating: -1, count: nodes.count)
    for id in nodes.indices where needed[id] && !graph.isVarying[id] {
      uniformSlot[id] = uniformSteps.count
      uniformSteps.append(
        UniformStep(
          operation: nodes[id].operation, operands: nodes[id].operands.map { uniformSlot[$0] }))
    }

    // Varying nodes: inputs, then one instruction each; last uses for register reuse.
    let varying = nodes.indices.filter { needed[$0] && graph.isVarying[$0] }
    var lastUse = [Int](repeating: -1, count: nodes.count)
    for (position, id) in varying.enumerated() {
      for operand in nodes[id].operands { lastUse[operand] = position }
    }
    for id in outputNodes.joined() { lastUse[id] = Int.max }

    var register = [Int](repeating: -1, count: nodes.count)
    var free: [Int] = []
    func allocate() -> Int {
      if let r = free.popLast() { return r }
      registerCount += 1
      return registerCount - 1
    }
    func operand(_ id: Int) -> Operand {
      graph.isVarying[id] ? .register(register[id]) : .uniform(uniformSlot[id])
    }
    for (position, id) in varying.enumerated() {
      let node = nodes[id]
      if case .input(let component) = node.operation {
        register[id] = allocate()
        inputRegisters.append((component, register[id]))
        continue
      }
      let operands = node.operands.map(operand)
      for operand in Set(node.operands)
      where graph.isVarying[operand] && lastUse[operand] == position {
        free.append(register[operand])
      }
      register[id] = allocate()
      instructions.append(
        Instruction(
          operation: RegisterProgram.operation(node.operation), destination: register[id],
          first: operands[0], second: operands.count > 1 ? operands[1] : operands[0]))
    }
    self.outputs = outputNodes.map { $0.map(operand) }
  }

  private static func operation(_ operation: ExpressionGraph.Operation) -> Operation {
    switch operation {
    case .negate: return .negate
    case .add: return .add
    case .subtract: return .subtract
    case .multiply: return .multiply
    case .divide: return .divide
    case .power: return .power
    case .call(let function):
      switch function {
      case .sin: return .sin
      case .cos: return .cos
      case .tan: return .tan
      case .asin: return .asin
      case .acos: return .acos
      case .atan: return .atan
      case .atan2: return .atan2
      case .sinh: return .sinh
      case .cosh: return .cosh
      case .tanh: return .tanh
      case .exp: return .exp
      case .log: return .log
      case .sqrt: return .sqrt
      case .abs: return .abs
      case .sign: return .sign
      case .min: return .minimum
      case .max: return .maximum
      case .wrap: return .wrap
      case .clamp: preconditionFailure("clamp is lowered to min and max")
      }
    case .constant, .input, .parameter: preconditionFailure("not an instruction")
    }
  }

  /// The uniform values for `parameters`, in Double.
  func uniformValues(parameters: [Double]) -> [Double] {
    var values = [Double](repeating: 0, count: uniformSteps.count)
    for (slot, step) in uniformSteps.enumerated() {
      let x = step.operands.map { values[$0] }
      switch step.operation {
      case .constant(let value): values[slot] = value
      case .parameter(let j): values[slot] = parameters[j]
      case .input: preconditionFailure("inputs are varying")
      case .negate: values[slot] = -x[0]
      case .add: values[slot] = x[0] + x[1]
      case .subtract: values[slot] = x[0] - x[1]
      case .multiply: values[slot] = x[0] * x[1]
      case .divide: values[slot] = x[0] / x[1]
      case .power: values[slot] = Double.pow(x[0], x[1])
      case .call(let function): values[slot] = function.apply(x)
      }
    }
    return values
  }
}
