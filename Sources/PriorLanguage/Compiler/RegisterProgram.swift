/// A flat, batched program compiled from an `ExpressionGraph`: the form a prior's
/// functions are evaluated in.
///
/// Uniform nodes (constants, parameters and what depends only on them) are computed once per
/// call as scalars; those that instructions read are broadcast once per call into registers
/// of their own. Every varying node becomes one instruction that loops over a chunk of the
/// batch, reading and writing *registers*: contiguous arrays holding one value per batch
/// element (structure of arrays). A product used only by a sum is fused into it
/// (`x*y + z`, `z - x*y`, rounded as the two operations would be). Registers are reused once
/// their value is dead, so the working set stays small and in cache.
struct RegisterProgram: Sendable {
  enum Operation: UInt8, Sendable {
    case negate, add, subtract, multiply, divide, power, atan2, minimum, maximum
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, exp, log, sqrt, abs, sign, wrap
    /// `first * second + third`.
    case multiplyAdd
    /// `third - first * second`.
    case multiplySubtract
  }

  /// Where an output is read: a register (per batch element) or a uniform slot.
  enum Operand: Hashable, Sendable {
    case register(Int)
    case uniform(Int)
  }

  /// One instruction on registers; operands beyond the operation's arity are unused.
  struct Instruction: Sendable {
    var operation: Operation
    var destination: Int
    var first: Int
    var second: Int
    var third: Int
  }

  /// One uniform value: a graph operation on earlier uniform slots.
  struct UniformStep: Sendable {
    var operation: ExpressionGraph.Operation
    var operands: [Int]
  }

  var uniformSteps: [UniformStep] = []
  /// Registers holding a uniform value broadcast over the batch: (uniform slot, register).
  var broadcastRegisters: [(slot: Int, register: Int)] = []
  var instructions: [Instruction] = []
  var registerCount = 0
  /// Registers loaded from the input state: (component index, register).
  var inputRegisters: [(component: Int, register: Int)] = []
  /// The values written out, per output group, per column of the group's row.
  var outputs: [[Operand]] = []

  /// Compiles the nodes `outputs[g][c]` of `graph`, for output group `g`, column `c`.
  init(graph: ExpressionGraph, outputs outputNodes: [[Int]]) {
    let nodes = graph.nodes
    let isVarying = graph.isVarying
    var needed = [Bool](repeating: false, count: nodes.count)
    for id in outputNodes.joined() { needed[id] = true }
    for id in nodes.indices.reversed() where needed[id] {
      for operand in nodes[id].operands { needed[operand] = true }
    }
    var isOutput = [Bool](repeating: false, count: nodes.count)
    for id in outputNodes.joined() { isOutput[id] = true }

    // Uniform slots, in topological order.
    var uniformSlot = [Int](repeating: -1, count: nodes.count)
    for id in nodes.indices where needed[id] && !isVarying[id] {
      uniformSlot[id] = uniformSteps.count
      uniformSteps.append(
        UniformStep(
          operation: nodes[id].operation, operands: nodes[id].operands.map { uniformSlot[$0] }))
    }

    // Products read once, by a sum, are fused into it.
    var uses = [Int](repeating: 0, count: nodes.count)
    for id in nodes.indices where needed[id] && isVarying[id] {
      for operand in nodes[id].operands { uses[operand] += 1 }
    }
    func fusible(_ id: Int) -> Bool {
      isVarying[id] && nodes[id].operation == .multiply && uses[id] == 1 && !isOutput[id]
    }
    var fused = [Bool](repeating: false, count: nodes.count)
    var fusedForm: [Int: (Operation, product: Int, addend: Int)] = [:]
    for id in nodes.indices where needed[id] && isVarying[id] {
      let operands = nodes[id].operands
      switch nodes[id].operation {
      case .add where fusible(operands[1]):
        fusedForm[id] = (.multiplyAdd, operands[1], operands[0])
      case .add where fusible(operands[0]):
        fusedForm[id] = (.multiplyAdd, operands[0], operands[1])
      case .subtract where fusible(operands[1]):
        fusedForm[id] = (.multiplySubtract, operands[1], operands[0])
      default: continue
      }
      fused[fusedForm[id]!.product] = true
    }
    /// The nodes an instruction for `id` reads.
    func reads(_ id: Int) -> [Int] {
      guard let form = fusedForm[id] else { return nodes[id].operands }
      return nodes[form.product].operands + [form.addend]
    }

    // Varying nodes that become instructions, and the last instruction reading each node.
    let computed = nodes.indices.filter { needed[$0] && isVarying[$0] && !fused[$0] }
    var lastUse = [Int](repeating: -1, count: nodes.count)
    for (position, id) in computed.enumerated() {
      for operand in reads(id) { lastUse[operand] = position }
    }
    for id in outputNodes.joined() { lastUse[id] = Int.max }

    var register = [Int](repeating: -1, count: nodes.count)
    var free: [Int] = []
    var registerCount = 0
    func allocate() -> Int {
      if let r = free.popLast() { return r }
      registerCount += 1
      return registerCount - 1
    }
    // Uniforms read by instructions get broadcast registers, live for the whole call.
    for id in Set(computed.flatMap(reads)).sorted() where !isVarying[id] {
      register[id] = allocate()
      broadcastRegisters.append((uniformSlot[id], register[id]))
    }
    for (position, id) in computed.enumerated() {
      let node = nodes[id]
      if case .input(let component) = node.operation {
        register[id] = allocate()
        inputRegisters.append((component, register[id]))
        continue
      }
      let operands = reads(id).map { register[$0] }
      for operand in Set(reads(id)) where isVarying[operand] && lastUse[operand] == position {
        free.append(register[operand])
      }
      register[id] = allocate()
      let operation = fusedForm[id]?.0 ?? RegisterProgram.operation(node.operation)
      instructions.append(
        Instruction(
          operation: operation, destination: register[id], first: operands[0],
          second: operands.count > 1 ? operands[1] : operands[0],
          third: operands.count > 2 ? operands[2] : operands[0]))
    }
    self.registerCount = registerCount
    self.outputs = outputNodes.map {
      $0.map { isVarying[$0] ? .register(register[$0]) : .uniform(uniformSlot[$0]) }
    }
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
      let operands = step.operands
      func x(_ i: Int) -> Double { values[operands[i]] }
      switch step.operation {
      case .constant(let value): values[slot] = value
      case .parameter(let j): values[slot] = parameters[j]
      case .input: preconditionFailure("inputs are varying")
      case .negate: values[slot] = -x(0)
      case .add: values[slot] = x(0) + x(1)
      case .subtract: values[slot] = x(0) - x(1)
      case .multiply: values[slot] = x(0) * x(1)
      case .divide: values[slot] = x(0) / x(1)
      case .power: values[slot] = Double.pow(x(0), x(1))
      case .call(let function): values[slot] = function.apply(operands.map { values[$0] })
      }
    }
    return values
  }
}
