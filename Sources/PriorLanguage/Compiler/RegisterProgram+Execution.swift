extension RegisterProgram {
  /// The number of batch elements each instruction processes at a time.
  static let chunkSize = 256

  /// Runs the program over `count` states, row-major `count x inputWidth` in `inputs`,
  /// writing output group `g` row-major `count x outputs[g].count` into `results[g]`.
  ///
  /// One allocation per call (the register file); the inner loops run over contiguous
  /// registers through unsafe pointers.
  func run<Scalar: CompiledScalar>(
    count: Int, inputs: UnsafePointer<Scalar>, inputWidth: Int, parameters: [Double],
    results: UnsafePointer<UnsafeMutablePointer<Scalar>>
  ) {
    let uniforms = uniformValues(parameters: parameters).map { Scalar($0) }
    let chunk = RegisterProgram.chunkSize
    let file = UnsafeMutablePointer<Scalar>.allocate(capacity: Swift.max(registerCount, 1) * chunk)
    defer { file.deallocate() }
    for (slot, r) in broadcastRegisters {
      (file + r * chunk).initialize(repeating: uniforms[slot], count: Swift.min(chunk, count))
    }
    var start = 0
    while start < count {
      let m = Swift.min(chunk, count - start)
      for (component, r) in inputRegisters {
        let destination = file + r * chunk
        let source = inputs + start * inputWidth + component
        for n in 0..<m { destination[n] = source[n * inputWidth] }
      }
      for instruction in instructions {
        execute(instruction, file: file, count: m)
      }
      for (group, columns) in outputs.enumerated() {
        let width = columns.count
        let row = results[group] + start * width
        for (column, operand) in columns.enumerated() {
          switch operand {
          case .register(let r):
            let source = file + r * chunk
            for n in 0..<m { row[n * width + column] = source[n] }
          case .uniform(let slot):
            let value = uniforms[slot]
            for n in 0..<m { row[n * width + column] = value }
          }
        }
      }
      start += m
    }
  }

  @inline(__always)
  private func execute<Scalar: CompiledScalar>(
    _ instruction: Instruction, file: UnsafeMutablePointer<Scalar>, count m: Int
  ) {
    let chunk = RegisterProgram.chunkSize
    let out = file + instruction.destination * chunk
    let x = UnsafePointer(file + instruction.first * chunk)
    let y = UnsafePointer(file + instruction.second * chunk)
    let z = UnsafePointer(file + instruction.third * chunk)

    @inline(__always) func unary(_ f: (Scalar) -> Scalar) {
      for n in 0..<m { out[n] = f(x[n]) }
    }
    @inline(__always) func binary(_ f: (Scalar, Scalar) -> Scalar) {
      for n in 0..<m { out[n] = f(x[n], y[n]) }
    }

    switch instruction.operation {
    case .negate: unary { -$0 }
    case .add: binary { $0 + $1 }
    case .subtract: binary { $0 - $1 }
    case .multiply: binary { $0 * $1 }
    case .divide: binary { $0 / $1 }
    case .multiplyAdd: for n in 0..<m { out[n] = x[n] * y[n] + z[n] }
    case .multiplySubtract: for n in 0..<m { out[n] = z[n] - x[n] * y[n] }
    case .power: binary { Scalar.pow($0, $1) }
    case .atan2: binary { Scalar.atan2($0, $1) }
    case .minimum: binary { Swift.min($0, $1) }
    case .maximum: binary { Swift.max($0, $1) }
    case .sin: unary { Scalar.sin($0) }
    case .cos: unary { Scalar.cos($0) }
    case .tan: unary { Scalar.tan($0) }
    case .asin: unary { Scalar.asin($0) }
    case .acos: unary { Scalar.acos($0) }
    case .atan: unary { Scalar.atan($0) }
    case .sinh: unary { Scalar.sinh($0) }
    case .cosh: unary { Scalar.cosh($0) }
    case .tanh: unary { Scalar.tanh($0) }
    case .exp: unary { Scalar.exp($0) }
    case .log: unary { Scalar.log($0) }
    case .sqrt: unary { $0.squareRoot() }
    case .abs: unary { Swift.abs($0) }
    case .sign: unary { Scalar.sign($0) }
    case .wrap: unary { Scalar.wrap($0) }
    }
  }
}
