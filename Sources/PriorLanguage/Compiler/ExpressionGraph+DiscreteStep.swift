/// The graph nodes of one discrete step z -> F(z) and, when asked for, its Jacobians
/// J = dF/dz (d x d) and dF/dtheta (d x p). Empty Jacobians when not asked for.
struct DiscreteStepNodes {
  var next: [Int]
  var stateJacobian: [[Int]]
  var parameterJacobian: [[Int]]
}

extension ExpressionGraph {
  /// Builds F for `symbolic`'s integrator, with the exact Jacobians of the discrete map by
  /// the chain rule through its stages.
  ///
  /// Every stage evaluates G at a stage state z_s whose derivatives S_s = dz_s/dz and
  /// U_s = dz_s/dtheta are carried along: the stage slope k_s = G(z_s) then has
  /// dk_s/dz = dG/dz(z_s) S_s and dk_s/dtheta = dG/dz(z_s) U_s + dG/dtheta(z_s).
  /// For RK4, z_1 = z, z_2 = z + dt/2 k_1, z_3 = z + dt/2 k_2, z_4 = z + dt k_3 and
  /// F = z + dt/6 (k_1 + 2 k_2 + 2 k_3 + k_4); Euler is F = z + dt k_1; semi-implicit Euler
  /// first updates the highest derivative of each variable with G(z), then the lower ones
  /// with G evaluated at the partly updated state.
  mutating func discreteStep(
    _ symbolic: SymbolicPrior, stateJacobian: Bool, parameterJacobian: Bool
  ) -> DiscreteStepNodes {
    let model = symbolic.model
    let d = model.states.count
    let p = model.parameters.count
    let dt = model.dt
    let z = (0..<d).map { input($0) }
    let identity = (0..<d).map { i in (0..<d).map { constant(i == $0 ? 1 : 0) } }
    let zeros = (0..<d).map { _ in (0..<p).map { _ in constant(0) } }
    var start = Stage(
      state: z, stateDerivative: stateJacobian ? identity : [],
      parameterDerivative: parameterJacobian ? zeros : [])

    switch model.integrator {
    case .euler:
      let k1 = slope(symbolic, at: start)
      return result(advancing(start, by: dt, along: k1))
    case .rk4:
      let k1 = slope(symbolic, at: start)
      let k2 = slope(symbolic, at: advancing(start, by: dt / 2, along: k1))
      let k3 = slope(symbolic, at: advancing(start, by: dt / 2, along: k2))
      let k4 = slope(symbolic, at: advancing(start, by: dt, along: k3))
      var end = advancing(start, by: dt / 6, along: k1)
      end = advancing(end, by: dt / 3, along: k2)
      end = advancing(end, by: dt / 3, along: k3)
      return result(advancing(end, by: dt / 6, along: k4))
    case .symplectic:
      // Highest derivatives (velocities; the value itself for order 1) first.
      let highest = model.states.map {
        $0.derivativeOrder == model.variables[$0.variable].order - 1
      }
      let k1 = slope(symbolic, at: start)
      start = advancing(start, by: dt, along: k1, rows: highest)
      let k2 = slope(symbolic, at: start)
      return result(advancing(start, by: dt, along: k2, rows: highest.map { !$0 }))
    }
  }

  /// A state with its derivatives with respect to the step's input state and parameters
  /// (empty when not carried). Slopes use the same shape for (k, dk/dz, dk/dtheta).
  struct Stage {
    var state: [Int]
    var stateDerivative: [[Int]]
    var parameterDerivative: [[Int]]
  }

  private func result(_ stage: Stage) -> DiscreteStepNodes {
    DiscreteStepNodes(
      next: stage.state, stateJacobian: stage.stateDerivative,
      parameterJacobian: stage.parameterDerivative)
  }

  /// k = G(z_s) with dk/dz = dG/dz(z_s) S and dk/dtheta = dG/dz(z_s) U + dG/dtheta(z_s).
  private mutating func slope(_ symbolic: SymbolicPrior, at stage: Stage) -> Stage {
    let parameters = (0..<symbolic.model.parameters.count).map { parameter($0) }
    func lowered(_ e: Expression) -> Int { lower(e, states: stage.state, parameters: parameters) }
    let g = symbolic.dynamics.map(lowered)
    if stage.stateDerivative.isEmpty && stage.parameterDerivative.isEmpty {
      return Stage(state: g, stateDerivative: [], parameterDerivative: [])
    }
    let gz = symbolic.stateJacobian.map { $0.map(lowered) }
    var kz: [[Int]] = []
    if !stage.stateDerivative.isEmpty { kz = product(gz, stage.stateDerivative) }
    var kTheta: [[Int]] = []
    if !stage.parameterDerivative.isEmpty {
      let chained = product(gz, stage.parameterDerivative)
      let gTheta = symbolic.parameterJacobian.map { $0.map(lowered) }
      kTheta = zip(chained, gTheta).map { zip($0, $1).map { add($0, $1) } }
    }
    return Stage(state: g, stateDerivative: kz, parameterDerivative: kTheta)
  }

  /// `stage + h * slope` (values and derivatives), on the rows where `rows` is true.
  private mutating func advancing(
    _ stage: Stage, by h: Double, along slope: Stage, rows: [Bool]? = nil
  ) -> Stage {
    let step = constant(h)
    var next = stage
    for i in stage.state.indices where rows?[i] ?? true {
      next.state[i] = add(stage.state[i], multiply(step, slope.state[i]))
      if !stage.stateDerivative.isEmpty {
        for j in stage.stateDerivative[i].indices {
          next.stateDerivative[i][j] = add(
            stage.stateDerivative[i][j], multiply(step, slope.stateDerivative[i][j]))
        }
      }
      if !stage.parameterDerivative.isEmpty {
        for j in stage.parameterDerivative[i].indices {
          next.parameterDerivative[i][j] = add(
            stage.parameterDerivative[i][j], multiply(step, slope.parameterDerivative[i][j]))
        }
      }
    }
    return next
  }

  /// The matrix product `a b` of node matrices. Only the nonzero entries are visited: a
  /// Jacobian of d states is mostly zeros, and a zero term adds nothing to a sum (the nodes
  /// are those of the dense product, whose zero terms simplify away).
  private mutating func product(_ a: [[Int]], _ b: [[Int]]) -> [[Int]] {
    let zero = constant(0)
    let columns = b.first?.count ?? 0
    let nonzeroColumns = b.map { row in row.indices.filter { row[$0] != zero } }
    return a.map { row in
      var sums = [Int](repeating: zero, count: columns)
      for (l, entry) in row.enumerated() where entry != zero {
        for j in nonzeroColumns[l] { sums[j] = add(sums[j], multiply(entry, b[l][j])) }
      }
      return sums
    }
  }
}
