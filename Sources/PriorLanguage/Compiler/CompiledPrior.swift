import VidlatSupport

/// A prior compiled for fast batched evaluation: the additive noise model
///
///     z_{t+1} = F(z_t; theta) + eps,  eps ~ N(0, diag(noise^2)),  observed through h(z),
///
/// where F is one step of the model's integrator over dt = G's flow, with the exact
/// Jacobians J = dF/dz and dF/dtheta of that discrete step (chain rule through the
/// integrator's stages, see `SymbolicPrior` for dG/dz and dG/dtheta).
///
/// Every function is compiled once, the first time it is evaluated, into a flat register
/// program with common subexpressions shared, and evaluated batched over many states in
/// `Double` or `Float`.
/// Parameter values are passed per call, so the same compiled prior serves any value of
/// learnable or overridden parameters; `defaultParameters` are the file's values.
///
/// Batched arrays are row-major: states `count x d`, observations `count x o`, Jacobians
/// `count x d x d` (entry `(n, i, j)` is dF_i/dz_j), `count x d x p`, `count x o x d` and
/// `count x o x p`.
public struct CompiledPrior: TransitionModel, Sendable {
  /// The model it was compiled from.
  public let model: PriorModel
  /// Its simplified dynamics, observations and their derivatives.
  public let symbolic: SymbolicPrior

  let dynamicsProgram: LazyProgram
  let stepProgram: LazyProgram
  let stepStateJacobianProgram: LazyProgram
  let stepAllJacobiansProgram: LazyProgram
  let stepJacobianDerivativesProgram: LazyProgram
  let observationProgram: LazyProgram
  let observationJacobianProgram: LazyProgram

  /// Compiles `model`: its symbolic form now, each program the first time it is run.
  public init(_ model: PriorModel) {
    self.model = model
    let symbolic = SymbolicPrior(model)
    self.symbolic = symbolic
    let d = model.states.count
    let p = model.parameters.count

    func compiled(_ build: @escaping @Sendable (inout ExpressionGraph) -> [[Int]]) -> LazyProgram {
      LazyProgram {
        var graph = ExpressionGraph()
        let outputs = build(&graph)
        return RegisterProgram(graph: graph, outputs: outputs)
      }
    }
    @Sendable func lowering(_ expressions: [Expression], _ graph: inout ExpressionGraph) -> [Int] {
      let states = (0..<d).map { graph.input($0) }
      let parameters = (0..<p).map { graph.parameter($0) }
      return expressions.map { graph.lower($0, states: states, parameters: parameters) }
    }
    dynamicsProgram = compiled { [lowering(symbolic.dynamics, &$0)] }
    stepProgram = compiled {
      [$0.discreteStep(symbolic, stateJacobian: false, parameterJacobian: false).next]
    }
    stepStateJacobianProgram = compiled {
      let step = $0.discreteStep(symbolic, stateJacobian: true, parameterJacobian: false)
      return [step.next, Array(step.stateJacobian.joined())]
    }
    stepAllJacobiansProgram = compiled {
      let step = $0.discreteStep(symbolic, stateJacobian: true, parameterJacobian: true)
      return [
        step.next, Array(step.stateJacobian.joined()), Array(step.parameterJacobian.joined()),
      ]
    }
    stepJacobianDerivativesProgram = compiled { graph in
      let jacobian = graph.discreteStep(symbolic, stateJacobian: true, parameterJacobian: false)
        .stateJacobian.joined()
      let variables =
        (0..<d).map { DifferentiationVariable.state($0) }
        + (0..<p).map { DifferentiationVariable.parameter($0) }
      let columns = variables.map { graph.derivatives(of: Array(jacobian), withRespectTo: $0) }
      return [(0..<(d * d)).flatMap { entry in columns.map { $0[entry] } }]
    }
    observationProgram = compiled { [lowering(symbolic.observations, &$0)] }
    observationJacobianProgram = compiled {
      [
        lowering(symbolic.observations, &$0),
        lowering(Array(symbolic.observationJacobian.joined()), &$0),
        lowering(Array(symbolic.observationParameterJacobian.joined()), &$0),
      ]
    }
  }

  /// The parameter values declared in the file, in `model.parameters` order.
  public var defaultParameters: [Double] { model.parameters.map(\.value) }

  public var stateDimension: Int { model.states.count }
  public var parameterCount: Int { model.parameters.count }
  public var observationDimension: Int { model.observations.count }
  public var processNoiseStandardDeviations: [Double] { model.noiseStandardDeviations }

  /// The number of instructions in the compiled F with J and dF/dtheta, a measure of its cost.
  public var stepInstructionCount: Int { stepAllJacobiansProgram.program.instructions.count }

  // MARK: Evaluation in Double or Float

  /// Which Jacobians a step computes besides F.
  public enum StepJacobians: Sendable {
    case none
    /// J = dF/dz.
    case state
    /// J = dF/dz and dF/dtheta.
    case stateAndParameters
  }

  /// G(z; theta), the continuous-time dynamics, for `count` states: `count x d`.
  public func dynamics(states: [Double], count: Int, parameters: [Double]) -> [Double] {
    evaluateDynamics(states: states, count: count, parameters: parameters)
  }

  /// G(z; theta) in Float.
  public func dynamics(states: [Float], count: Int, parameters: [Double]) -> [Float] {
    evaluateDynamics(states: states, count: count, parameters: parameters)
  }

  /// One integrator step F(z; theta) for `count` states, with the Jacobians asked for
  /// (empty arrays for the others).
  public func step(states: [Double], count: Int, parameters: [Double], jacobians: StepJacobians)
    -> BatchedStep<Double>
  {
    evaluateStep(states: states, count: count, parameters: parameters, jacobians: jacobians)
  }

  /// One integrator step and its Jacobians in Float (parameters are used in Double for
  /// everything that depends on them alone).
  public func step(states: [Float], count: Int, parameters: [Double], jacobians: StepJacobians)
    -> BatchedStep<Float>
  {
    evaluateStep(states: states, count: count, parameters: parameters, jacobians: jacobians)
  }

  /// h(z) (`count x o`) and, when `jacobians` is true, dh/dz (`count x o x d`) and
  /// dh/dtheta (`count x o x p`; otherwise both empty) in Float;
  /// `observe(states:count:parameters:jacobians:)` is the Double form.
  public func observe(states: [Float], count: Int, parameters: [Double], jacobians: Bool)
    -> (observations: [Float], jacobian: [Float], parameterJacobian: [Float])
  {
    evaluateObservations(
      states: states, count: count, parameters: parameters, jacobians: jacobians)
  }

  // The generic implementations stay internal: the optimiser specialises them here, inside
  // the module, for the two public element types.

  private func evaluateDynamics<Scalar: CompiledScalar>(
    states: [Scalar], count: Int, parameters: [Double]
  ) -> [Scalar] {
    run(dynamicsProgram, states: states, count: count, parameters: parameters)[0]
  }

  private func evaluateStep<Scalar: CompiledScalar>(
    states: [Scalar], count: Int, parameters: [Double], jacobians: StepJacobians
  ) -> BatchedStep<Scalar> {
    switch jacobians {
    case .none:
      let r = run(stepProgram, states: states, count: count, parameters: parameters)
      return BatchedStep(next: r[0], stateJacobian: [], parameterJacobian: [])
    case .state:
      let r = run(stepStateJacobianProgram, states: states, count: count, parameters: parameters)
      return BatchedStep(next: r[0], stateJacobian: r[1], parameterJacobian: [])
    case .stateAndParameters:
      let r = run(stepAllJacobiansProgram, states: states, count: count, parameters: parameters)
      return BatchedStep(next: r[0], stateJacobian: r[1], parameterJacobian: r[2])
    }
  }

  private func evaluateObservations<Scalar: CompiledScalar>(
    states: [Scalar], count: Int, parameters: [Double], jacobians: Bool
  ) -> (observations: [Scalar], jacobian: [Scalar], parameterJacobian: [Scalar]) {
    if jacobians {
      let r = run(observationJacobianProgram, states: states, count: count, parameters: parameters)
      return (r[0], r[1], r[2])
    }
    let observations = run(
      observationProgram, states: states, count: count, parameters: parameters)[0]
    return (observations, [], [])
  }

  private func run<Scalar: CompiledScalar>(
    _ lazyProgram: LazyProgram, states: [Scalar], count: Int, parameters: [Double]
  ) -> [[Scalar]] {
    let program = lazyProgram.program
    let d = stateDimension
    precondition(states.count == count * d, "states must be count x \(d)")
    precondition(parameters.count == parameterCount, "expected \(parameterCount) parameters")
    let sizes = program.outputs.map { count * $0.count }
    var results: [[Scalar]] = []
    results.reserveCapacity(sizes.count)
    // Each result array is created uninitialized and filled in place by the program, which
    // writes every entry; `table` holds their storage while the program runs.
    withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Scalar>.self, capacity: sizes.count + 1)
    {
      table in
      // Storage for groups with no entries and for an empty input (nothing is accessed there).
      let empty = UnsafeMutablePointer<Scalar>.allocate(capacity: 1)
      defer { empty.deallocate() }
      func fill(from index: Int) {
        guard index < sizes.count else {
          states.withUnsafeBufferPointer { input in
            program.run(
              count: count, inputs: input.baseAddress ?? UnsafePointer(empty), inputWidth: d,
              parameters: parameters, results: UnsafePointer(table.baseAddress!))
          }
          return
        }
        let array = [Scalar](unsafeUninitializedCapacity: sizes[index]) { buffer, initialized in
          table[index] = buffer.baseAddress ?? empty
          fill(from: index + 1)
          initialized = sizes[index]
        }
        results.insert(array, at: 0)
      }
      fill(from: 0)
    }
    return results
  }

  // MARK: TransitionModel (Double)

  public func step(states: [Double], count: Int, parameters: [Double], jacobians: Bool)
    -> StepEvaluation
  {
    let r = step(
      states: states, count: count, parameters: parameters,
      jacobians: jacobians ? .stateAndParameters : .none)
    return StepEvaluation(
      next: r.next, stateJacobian: r.stateJacobian, parameterJacobian: r.parameterJacobian)
  }

  public func stepJacobianDerivatives(states: [Double], count: Int, parameters: [Double])
    -> [Double]
  {
    run(stepJacobianDerivativesProgram, states: states, count: count, parameters: parameters)[0]
  }

  public func observe(states: [Double], count: Int, parameters: [Double], jacobians: Bool)
    -> ObservationEvaluation
  {
    let r = evaluateObservations(
      states: states, count: count, parameters: parameters, jacobians: jacobians)
    return ObservationEvaluation(
      observations: r.observations, jacobian: r.jacobian, parameterJacobian: r.parameterJacobian)
  }

  /// `count` draws from p0 (sample-major, one draw per component in state order).
  public func sampleInitialStates(count: Int, using generator: inout SeededGenerator) -> [Double] {
    var states: [Double] = []
    states.reserveCapacity(count * stateDimension)
    for _ in 0..<count {
      for distribution in model.initial {
        switch distribution {
        case .fixed(let value): states.append(value)
        case .uniform(let lower, let upper): states.append(generator.nextUniform(lower, upper))
        case .normal(let mean, let standardDeviation):
          states.append(generator.nextNormal(mean: mean, standardDeviation: standardDeviation))
        }
      }
    }
    return states
  }
}

/// F and its Jacobians for a batch, in `Double` or `Float` (see `CompiledPrior.step`).
public struct BatchedStep<Scalar: CompiledScalar>: Sendable {
  /// F(z), `count x d`.
  public var next: [Scalar]
  /// dF/dz, `count x d x d`, or empty.
  public var stateJacobian: [Scalar]
  /// dF/dtheta, `count x d x p`, or empty.
  public var parameterJacobian: [Scalar]
}
