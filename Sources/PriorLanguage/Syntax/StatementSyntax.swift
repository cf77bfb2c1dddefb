/// One statement (one logical line) of a `.prior`.
public struct StatementSyntax: Sendable {
  /// The statements of the language; see docs/language.md for the grammar.
  public enum Kind: Sendable {
    /// `prior NAME`.
    case prior(NameSyntax)
    /// `param NAME = value [in [lower, upper]] [learn] [unit "..."]`.
    case parameter(
      NameSyntax, value: ExpressionSyntax, bounds: BoundsSyntax?, learnable: Bool,
      unit: UnitSyntax?)
    /// `let NAME = value`.
    case binding(NameSyntax, value: ExpressionSyntax)
    /// `def NAME(a, b) = body`.
    case function(NameSyntax, parameters: [NameSyntax], body: ExpressionSyntax)
    /// `x' = rhs` or `x'' = rhs`: the name carries the order as primes.
    case equation(NameSyntax, rhs: ExpressionSyntax)
    /// `noise COMPONENT ~ std`.
    case noise(NameSyntax, standardDeviation: ExpressionSyntax)
    /// `init COMPONENT ~ distribution`.
    case initial(NameSyntax, DistributionSyntax)
    /// `observe NAME` or `observe NAME = expression`.
    case observation(NameSyntax, ExpressionSyntax?)
    /// `dt = value`.
    case timeStep(ExpressionSyntax)
    /// `integrator NAME`.
    case integrator(NameSyntax)
    /// `latent NAME ~ normal(mean, std)`: an i.i.d. Gaussian latent.
    case latent(NameSyntax, DistributionSyntax)
    /// `gp NAME ~ KERNEL(argument = value, ...)`: a Gaussian-process latent.
    case process(NameSyntax, KernelSyntax)
    /// A bare expression: only in REPL input.
    case expression(ExpressionSyntax)
  }

  /// Which statement it is, with its parts.
  public var kind: Kind
  /// The whole statement.
  public var range: SourceRange
}

/// `in [lower, upper]` after a param.
public struct BoundsSyntax: Sendable {
  /// The lower bound.
  public var lower: ExpressionSyntax
  /// The upper bound.
  public var upper: ExpressionSyntax
  /// `in [lower, upper]`.
  public var range: SourceRange
}

/// `unit "m/s^2"` after a param.
public struct UnitSyntax: Sendable {
  /// The unit as written between the quotes.
  public var text: String
  /// `unit "m/s^2"`.
  public var range: SourceRange
}

/// The right-hand side of `gp NAME ~ ...`: a kernel name with named arguments.
public struct KernelSyntax: Sendable {
  /// The kernel's name as written (`se`, `periodic`, `matern32`; checked by the checker).
  public var name: NameSyntax
  /// `lengthscale = 5`, ..., in source order.
  public var arguments: [(name: NameSyntax, value: ExpressionSyntax)]
  /// The whole kernel, name to closing parenthesis.
  public var range: SourceRange
}

/// The right-hand side of `init COMPONENT ~ ...`.
public enum DistributionSyntax: Sendable {
  /// `uniform(lower, upper)`.
  case uniform(ExpressionSyntax, ExpressionSyntax, range: SourceRange)
  /// `normal(mean, std)`.
  case normal(ExpressionSyntax, ExpressionSyntax, range: SourceRange)
  /// A fixed value.
  case fixed(ExpressionSyntax)

  /// The source range of the whole distribution.
  public var range: SourceRange {
    switch self {
    case .uniform(_, _, let range), .normal(_, _, let range): range
    case .fixed(let value): value.range
    }
  }
}

/// A parsed `.prior`: its statements in order (statements with syntax errors are left out).
public struct PriorSyntax: Sendable {
  /// The statements in source order.
  public var statements: [StatementSyntax]
  /// The parsed file.
  public var source: SourceFile
  /// Names that statements with syntax errors were declaring (`param k = (`): the checker
  /// does not report their uses as unknown.
  var unfinishedDeclarations: [String] = []
  /// Whether the parser reported errors (then missing noise, init or dt may be in a broken
  /// statement, and the checker does not warn about defaults).
  var hasSyntaxErrors = false
}
