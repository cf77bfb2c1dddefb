/// The symbolic side of a prior: its dynamics, observations and all their first derivatives,
/// simplified, as `vidlat show` prints them and as the compiler evaluates them.
///
/// With d states, p parameters and o observations:
/// `dynamics[i]` = G_i, `stateJacobian[i][j]` = dG_i/dz_j (d x d),
/// `parameterJacobian[i][j]` = dG_i/dtheta_j (d x p), `observations[k]` = h_k and
/// `observationJacobian[k][j]` = dh_k/dz_j (o x d) and
/// `observationParameterJacobian[k][j]` = dh_k/dtheta_j (o x p).
public struct SymbolicPrior: Hashable, Sendable {
  public var model: PriorModel
  public var dynamics: [Expression]
  public var stateJacobian: [[Expression]]
  public var parameterJacobian: [[Expression]]
  public var observations: [Expression]
  public var observationJacobian: [[Expression]]
  public var observationParameterJacobian: [[Expression]]

  /// Simplifies the model's dynamics and observations and differentiates them.
  public init(_ model: PriorModel) {
    self.model = model
    let d = model.states.count
    let p = model.parameters.count
    dynamics = model.dynamics.map { $0.simplified() }
    observations = model.observations.map { $0.expression.simplified() }
    stateJacobian = dynamics.map { g in (0..<d).map { g.derivative(withRespectTo: .state($0)) } }
    parameterJacobian = dynamics.map { g in
      (0..<p).map { g.derivative(withRespectTo: .parameter($0)) }
    }
    observationJacobian = observations.map { h in
      (0..<d).map { h.derivative(withRespectTo: .state($0)) }
    }
    observationParameterJacobian = observations.map { h in
      (0..<p).map { h.derivative(withRespectTo: .parameter($0)) }
    }
  }
}
