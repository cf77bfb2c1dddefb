/// The meaning of a checked `.prior` file: a continuous-time additive noise model
///
///     dz/dt = G(z; theta),   z_{t+1} = F(z_t; theta) + eps,   eps ~ N(0, diag(noise^2)),
///     observed through h(z),  z_1 ~ p0.
///
/// For a variable `x` of order 2 the state holds `x` then `x'`, and `G` is `(x', rhs)`;
/// for order 1 it holds `x` and `G` is `(rhs)`. Variables appear in declaration order.
public struct PriorModel: Hashable, Sendable {
  /// The name from the `prior NAME` line (the file name without extension if absent).
  public var name: String
  public var parameters: [PhysicalParameter]
  public var variables: [ConfigurationVariable]
  /// The state components z, in order: each variable's value, then its derivatives.
  public var states: [StateComponent]
  /// G(z; theta): the time derivative of each state component (same order as `states`).
  public var dynamics: [Expression]
  /// h(z): what the decoder sees. Defaults to the configuration variables.
  public var observations: [Observation]
  /// Standard deviation of the process noise of each state component, per step.
  public var noiseStandardDeviations: [Double]
  /// p0: the initial distribution of each state component.
  public var initial: [InitialDistribution]
  /// The time step of one discrete step, in the file's time unit.
  public var dt: Double
  public var integrator: Integrator
  /// Which family of prior this is; the fields above describe the latents of every kind
  /// (see `PriorKind`).
  public var kind: PriorKind

  public init(
    name: String, parameters: [PhysicalParameter], variables: [ConfigurationVariable],
    states: [StateComponent], dynamics: [Expression], observations: [Observation],
    noiseStandardDeviations: [Double], initial: [InitialDistribution], dt: Double,
    integrator: Integrator, kind: PriorKind = .dynamics
  ) {
    self.name = name
    self.parameters = parameters
    self.variables = variables
    self.states = states
    self.dynamics = dynamics
    self.observations = observations
    self.noiseStandardDeviations = noiseStandardDeviations
    self.initial = initial
    self.dt = dt
    self.integrator = integrator
    self.kind = kind
  }
}

/// A named constant of the model, possibly learnable and bounded.
public struct PhysicalParameter: Hashable, Sendable {
  public var name: String
  public var value: Double
  /// The declared `in [lo, hi]` range, if any; overrides outside it are rejected.
  public var range: ClosedRange<Double>?
  /// Declared with `learn`: training may change it.
  public var isLearnable: Bool
  /// The declared `unit "..."` (`m/s^2`, `1/s`), as written; nil when none is declared.
  public var unit: String?

  public init(
    name: String, value: Double, range: ClosedRange<Double>? = nil, isLearnable: Bool = false,
    unit: String? = nil
  ) {
    self.name = name
    self.value = value
    self.range = range
    self.isLearnable = isLearnable
    self.unit = unit
  }
}

/// A variable defined by a derivative equation, such as `x` in `x'' = -k*sin(x)`.
public struct ConfigurationVariable: Hashable, Sendable {
  public var name: String
  /// The order of its equation: 1 or 2.
  public var order: Int
  /// The index in `PriorModel.states` of its value; its derivatives follow it.
  public var firstStateIndex: Int

  public init(name: String, order: Int, firstStateIndex: Int) {
    self.name = name
    self.order = order
    self.firstStateIndex = firstStateIndex
  }
}

/// One component of the state vector, e.g. `x` or `x'`.
public struct StateComponent: Hashable, Sendable {
  /// The name as written in the language: `x`, `x'`.
  public var name: String
  /// The index in `PriorModel.variables` of the variable it belongs to.
  public var variable: Int
  /// How many times the variable is differentiated: 0 for `x`, 1 for `x'`.
  public var derivativeOrder: Int

  public init(name: String, variable: Int, derivativeOrder: Int) {
    self.name = name
    self.variable = variable
    self.derivativeOrder = derivativeOrder
  }
}

/// A named observation, one output of h(z).
public struct Observation: Hashable, Sendable {
  public var name: String
  public var expression: Expression

  public init(name: String, expression: Expression) {
    self.name = name
    self.expression = expression
  }
}

/// The initial distribution of one state component.
public enum InitialDistribution: Hashable, Sendable {
  case fixed(Double)
  case uniform(lower: Double, upper: Double)
  case normal(mean: Double, standardDeviation: Double)
}

/// How one discrete step F integrates dz/dt = G over `dt`.
public enum Integrator: String, CaseIterable, Hashable, Sendable {
  /// Classical fourth-order Runge-Kutta.
  case rk4
  /// Explicit (forward) Euler.
  case euler
  /// Semi-implicit (symplectic) Euler: velocities first, then positions with the new
  /// velocities. For order-1 variables it is explicit Euler.
  case symplectic
}
