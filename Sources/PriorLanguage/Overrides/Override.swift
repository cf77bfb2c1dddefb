/// An intervention from outside the file: a new value for a param, the time step, the
/// integrator, a noise level or an initial distribution.
///
/// Written `NAME=VALUE` (see docs/language.md):
///
///     k=4                    param k (the value may use pi, e and params: w=2*pi/1.5)
///     dt=0.02                the time step
///     integrator=euler       rk4, euler or symplectic
///     noise.x'=0.2           the noise std of state component x'
///     init.x=1.2             a fixed initial value of x
///     init.x=uniform(0, 1)   or a distribution: uniform(lo, hi), normal(mean, std)
///
/// `Override(parsing:)` reads this syntax (the CLI's `--set` and the REPL's `:set`);
/// `Override(initialValue:)` reads `x=...` as `init.x=...` (the CLI's `--init`). Parsing
/// checks the syntax only; names and values are validated against a prior when it is
/// applied (`Prior.applying(_:)`), with errors pointing into the override text.
public struct Override: Sendable {
  /// What an override changes.
  public enum Target: Sendable, Equatable, CustomStringConvertible {
    case parameter(String)
    case timeStep
    case integrator
    /// The noise std of a state component, by name (`x'`).
    case noise(String)
    /// The initial distribution of a state component, by name.
    case initial(String)

    /// The target as written: `k`, `dt`, `integrator`, `noise.x'`, `init.x`.
    public var description: String {
      switch self {
      case .parameter(let name): name
      case .timeStep: "dt"
      case .integrator: "integrator"
      case .noise(let name): "noise.\(name)"
      case .initial(let name): "init.\(name)"
      }
    }
  }

  /// The new value as written.
  enum Value: Sendable {
    case expression(ExpressionSyntax)
    case distribution(DistributionSyntax)
    case name(NameSyntax)
  }

  /// What the override changes.
  public let target: Target
  /// The override text, for diagnostics.
  public let source: SourceFile
  /// Where the target name is in `source`.
  let targetRange: SourceRange
  let value: Value
}
