import VidlatSupport

/// The numeric face of a compiled prior, batched and in Double: everything training needs.
///
/// Arrays are row-major and batched over `count` states:
/// states `count x d`, observations `count x o`, Jacobians `count x d x d` with entry
/// `(n, i, j)` = dF_i/dz_j of sample n, parameter Jacobians `count x d x p`,
/// observation Jacobians `count x o x d` and `count x o x p`.
public protocol TransitionModel {
  /// d, the number of state components.
  var stateDimension: Int { get }
  /// p, the number of parameters (all of them, learnable or not).
  var parameterCount: Int { get }
  /// o, the number of observations h(z).
  var observationDimension: Int { get }
  /// The process noise standard deviation of each state component (Q = diag of squares).
  var processNoiseStandardDeviations: [Double] { get }

  /// One integrator step F(z; theta) for each state, with J = dF/dz and dF/dtheta when
  /// `jacobians` is true (otherwise those arrays are empty).
  func step(states: [Double], count: Int, parameters: [Double], jacobians: Bool)
    -> StepEvaluation

  /// The second derivatives of F that exact gradients through J need: for each state, the
  /// derivatives of J = dF/dz with respect to the state and the parameters,
  /// `count x d x d x (d + p)`, entry `(n, i, j, a)` = dJ_ij/dz_a for a < d and
  /// dJ_ij/dtheta_(a - d) for a >= d.
  func stepJacobianDerivatives(states: [Double], count: Int, parameters: [Double]) -> [Double]

  /// h(z; theta) for each state, with dh/dz and dh/dtheta when `jacobians` is true
  /// (otherwise those arrays are empty).
  func observe(states: [Double], count: Int, parameters: [Double], jacobians: Bool)
    -> ObservationEvaluation

  /// `count` draws from p0, row-major `count x d`.
  func sampleInitialStates(count: Int, using generator: inout SeededGenerator) -> [Double]
}

/// The result of `TransitionModel.step`.
public struct StepEvaluation: Sendable {
  /// F(z), `count x d`.
  public var next: [Double]
  /// dF/dz, `count x d x d`, or empty.
  public var stateJacobian: [Double]
  /// dF/dtheta, `count x d x p`, or empty.
  public var parameterJacobian: [Double]

  public init(next: [Double], stateJacobian: [Double], parameterJacobian: [Double]) {
    self.next = next
    self.stateJacobian = stateJacobian
    self.parameterJacobian = parameterJacobian
  }
}

/// The result of `TransitionModel.observe`.
public struct ObservationEvaluation: Sendable {
  /// h(z), `count x o`.
  public var observations: [Double]
  /// dh/dz, `count x o x d`, or empty.
  public var jacobian: [Double]
  /// dh/dtheta, `count x o x p`, or empty.
  public var parameterJacobian: [Double]

  public init(observations: [Double], jacobian: [Double], parameterJacobian: [Double]) {
    self.observations = observations
    self.jacobian = jacobian
    self.parameterJacobian = parameterJacobian
  }
}
