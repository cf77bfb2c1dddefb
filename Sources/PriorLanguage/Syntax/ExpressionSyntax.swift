/// A name as written, with its primes: `k`, `x`, `x'`, `x''`.
public struct NameSyntax: Sendable {
  /// The name without primes.
  public var base: String
  /// The number of primes (the derivative order written).
  public var primes: Int
  /// Where the name is, primes included.
  public var range: SourceRange

  /// The name as written, e.g. `x'`.
  public var text: String { base + String(repeating: "'", count: primes) }

  init(_ token: Token) {
    self.base = String(token.baseName)
    self.primes = token.primes
    self.range = token.range
  }
}

/// An expression as written, with its source range.
public struct ExpressionSyntax: Sendable {
  /// The shape of an expression.
  public indirect enum Kind: Sendable {
    case number(Double)
    /// A name: a param, a state component, a let, a def parameter, `pi` or `e`.
    case name(NameSyntax)
    /// `-a`.
    case negate(ExpressionSyntax)
    /// `a ^ b` (the other binary operators form chains).
    case binary(BinaryOperator, ExpressionSyntax, ExpressionSyntax)
    /// `a op1 b op2 c ...` with every operator `+` or `-`, or every one `*` or `/`: a chain
    /// of one precedence held flat, so that a sum of thousands of terms is not a tree
    /// thousands deep (its value is the left-to-right one).
    case chain(ExpressionSyntax, [(BinaryOperator, ExpressionSyntax)])
    /// `f(a, b, ...)`: a built-in function or a `def`.
    case call(NameSyntax, [ExpressionSyntax])
    /// `(a)`.
    case parenthesized(ExpressionSyntax)
  }

  /// The shape of the expression.
  public var kind: Kind
  /// Where the expression is.
  public var range: SourceRange
  /// The height of the tree (1 for a leaf); the parser bounds it.
  public var depth: Int
  /// The nesting as written (1 for a leaf): the height of the tree, in which a chain of
  /// operators of one precedence (`a + b - c + d`, `a * b / c`) is one level. The parser
  /// bounds it.
  public var nesting: Int

  init(_ kind: Kind, range: SourceRange) {
    self.kind = kind
    self.range = range
    switch kind {
    case .number, .name:
      (depth, nesting) = (1, 1)
    case .negate(let a), .parenthesized(let a):
      (depth, nesting) = (a.depth + 1, a.nesting + 1)
    case .binary(_, let a, let b):
      depth = max(a.depth, b.depth) + 1
      nesting = max(a.nesting, b.nesting) + 1
    case .chain(let first, let links):
      depth = links.reduce(first.depth) { max($0, $1.1.depth) } + 1
      nesting = links.reduce(first.nesting) { max($0, $1.1.nesting) } + 1
    case .call(_, let arguments):
      depth = (arguments.map(\.depth).max() ?? 0) + 1
      nesting = (arguments.map(\.nesting).max() ?? 0) + 1
    }
  }

  /// The expression without enclosing parentheses.
  var unparenthesized: ExpressionSyntax {
    if case .parenthesized(let inner) = kind { return inner.unparenthesized }
    return self
  }
}

/// The binary operators, from loosest to tightest binding: `+ -`, `* /`, `^`.
public enum BinaryOperator: String, Sendable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  /// Right-associative and tighter than unary minus: `-x^2` is `-(x^2)`, `a^b^c` is
  /// `a^(b^c)`.
  case power = "^"

  /// How tightly the operator binds: 1 for `+ -`, 2 for `* /`, 3 for `^`.
  var precedence: Int {
    switch self {
    case .add, .subtract: 1
    case .multiply, .divide: 2
    case .power: 3
    }
  }
}
