/// Checks a parsed prior and lowers it to a `PriorModel`.
///
/// Two passes: `collect` declares every name (so declarations may come in any order,
/// except param values, which may only use params declared above them), then `run` checks
/// each statement and builds the model's expressions, inlining `let` and `def`.
/// The checker reports every problem it finds and never stops at the first.
final class Checker {
  /// What a global name refers to; indices point into the declaration lists.
  enum Symbol {
    case parameter(Int)
    case variable(Int)
    case binding(Int)
    case function(Int)
    /// Declared by a statement with a syntax error (already reported): uses are not
    /// reported again.
    case broken

    var kindName: String {
      switch self {
      case .broken: "a declaration with errors"
      case .parameter: "a param"
      case .variable: "a variable"
      case .binding: "a let"
      case .function: "a def"
      }
    }
  }

  struct ParameterDeclaration {
    var name: NameSyntax
    var value: ExpressionSyntax
    var bounds: BoundsSyntax?
    var learnable: Bool
    var unit: UnitSyntax?
  }

  struct VariableDeclaration {
    var name: NameSyntax
    var order: Int
    /// The right-hand side of its equation; nil for a `latent` or `gp` (G = 0).
    var rhs: ExpressionSyntax?
    var firstState = 0
  }

  struct FunctionDeclaration {
    var name: NameSyntax
    var parameters: [NameSyntax]
    var body: ExpressionSyntax
  }

  /// A `let` while lowering: not yet lowered, being lowered (a cycle if met again), done.
  enum BindingState {
    case pending
    case lowering
    case done(Lowered?)
  }

  /// Names nothing can declare: built-in functions, `pow`, constants and distributions.
  static let reservedNames: Set<String> = Set(BuiltinFunction.allCases.map(\.rawValue)).union([
    "pow", "pi", "e", "uniform", "normal",
  ])

  let statements: [StatementSyntax]
  /// Where file-level diagnostics point (the `prior` name, else the first statement).
  let fileRange: SourceRange
  let defaultName: String
  let overrides: [Override]
  /// Names declared by statements the parser gave up on.
  let unfinishedDeclarations: [String]
  /// Whether missing noise, init, dt and equations are reported: in whole files without
  /// syntax errors, not in an incomplete REPL session (`isPartial`).
  let checksCompleteness: Bool

  var diagnostics: [Diagnostic] = []
  private var reported: Set<String> = []
  private var reportedCycles: Set<Set<String>> = []

  var symbols: [String: Symbol] = [:]
  var declarationRanges: [String: SourceRange] = [:]
  var priorName: NameSyntax?
  var parameters: [ParameterDeclaration] = []
  var variables: [VariableDeclaration] = []
  var bindings: [(name: NameSyntax, value: ExpressionSyntax)] = []
  var functions: [FunctionDeclaration] = []
  var states: [StateComponent] = []

  var parameterValues: [Double] = []
  /// Params whose value could not be computed (reported); their users are not reported.
  var failedParameters: Set<Int> = []
  /// The declared `in [lo, hi]` of each param, by index (nil when absent or invalid).
  var parameterRanges: [ClosedRange<Double>?] = []
  var bindingStates: [BindingState] = []
  var bindingStack: [Int] = []
  var functionStack: [Int] = []
  /// The calls between defs, found while checking their bodies: caller -> (callee, where).
  var callGraph: [Int: [(callee: Int, range: SourceRange)]] = [:]
  /// The current recursion depth of `lower`.
  var loweringDepth = 0
  /// The work done so far, counted for the scale tests (not timed): one per syntax node
  /// lowered and one per name resolved, the steps that repeat if a declaration's value is
  /// lowered again at each use. Checking must stay linear in the size of the prior: a
  /// prior of n params, each defined from the one above, costs a fixed amount per param.
  var work = 0

  init(
    statements: [StatementSyntax], fileRange: SourceRange, defaultName: String,
    overrides: [Override], isPartial: Bool, unfinishedDeclarations: [String] = [],
    hasSyntaxErrors: Bool = false
  ) {
    self.unfinishedDeclarations = unfinishedDeclarations
    self.checksCompleteness = !isPartial && !hasSyntaxErrors
    self.statements = statements
    self.fileRange = fileRange
    self.defaultName = defaultName
    self.overrides = overrides
  }

  /// Records a diagnostic once (the same message at the same place is reported once, e.g.
  /// an error inside a `def` body that is inlined at several call sites).
  func report(_ diagnostic: Diagnostic) {
    let key =
      "\(ObjectIdentifier(diagnostic.range.source)):\(diagnostic.range.start.offset):"
      + diagnostic.message
    if reported.insert(key).inserted { diagnostics.append(diagnostic) }
  }

  /// Records a cycle among `names` once, however many of its members it is found from.
  func reportCycle(_ names: [String], _ diagnostic: Diagnostic) {
    if reportedCycles.insert(Set(names)).inserted { report(diagnostic) }
  }

  // MARK: Declarations

  /// Declares a global name, reporting a clash with a reserved or earlier name.
  @discardableResult
  func declare(_ name: NameSyntax, as symbol: Symbol) -> Bool {
    if Checker.reservedNames.contains(name.base) {
      report(
        .error(
          "'\(name.base)' is a built-in name and cannot be declared; choose another name",
          at: name.range))
      return false
    }
    if case .broken = symbols[name.base] {
      symbols[name.base] = symbol
      declarationRanges[name.base] = name.range
      return true
    }
    if let previous = symbols[name.base] {
      let what = symbol.kindName == previous.kindName ? "" : " (as \(previous.kindName))"
      report(
        .error(
          "'\(name.base)' is already declared\(what)", at: name.range,
          notes: declarationRanges[name.base].map {
            [.init("'\(name.base)' is first declared here", at: $0)]
          } ?? []))
      return false
    }
    symbols[name.base] = symbol
    declarationRanges[name.base] = name.range
    return true
  }

  /// First pass: declares every param, variable, let and def.
  func collect() {
    for name in unfinishedDeclarations where symbols[name] == nil {
      symbols[name] = .broken
    }
    for statement in statements {
      switch statement.kind {
      case .prior(let name):
        if let first = priorName {
          report(
            .error(
              "the prior is already named '\(first.base)'", at: name.range,
              notes: [.init("named here", at: first.range)]))
        } else {
          priorName = name
        }
      case .parameter(let name, let value, let bounds, let learnable, let unit):
        if declare(name, as: .parameter(parameters.count)) {
          parameters.append(
            ParameterDeclaration(
              name: name, value: value, bounds: bounds, learnable: learnable, unit: unit))
        }
      case .binding(let name, let value):
        if declare(name, as: .binding(bindings.count)) {
          bindings.append((name, value))
        }
      case .function(let name, let parameterNames, let body):
        collectFunction(name, parameterNames, body)
      case .equation(let name, let rhs):
        collectEquation(name, rhs)
      case .latent(let name, _), .process(let name, _):
        if declare(name, as: .variable(variables.count)) {
          variables.append(VariableDeclaration(name: name, order: 1, rhs: nil))
        }
      case .noise, .initial, .observation, .timeStep, .integrator, .expression:
        break
      }
    }
    for index in variables.indices {
      variables[index].firstState = states.count
      let name = variables[index].name.base
      for order in 0..<variables[index].order {
        states.append(
          StateComponent(
            name: name + String(repeating: "'", count: order), variable: index,
            derivativeOrder: order))
      }
    }
    bindingStates = Array(repeating: .pending, count: bindings.count)
    parameterValues = Array(repeating: .nan, count: parameters.count)
    parameterRanges = Array(repeating: nil, count: parameters.count)
  }

  private func collectFunction(
    _ name: NameSyntax, _ parameterNames: [NameSyntax], _ body: ExpressionSyntax
  ) {
    var seen: [String: SourceRange] = [:]
    for parameter in parameterNames {
      if Checker.reservedNames.contains(parameter.base) {
        report(
          .error(
            "'\(parameter.base)' is a built-in name and cannot name a function parameter",
            at: parameter.range))
      } else if let first = seen[parameter.base] {
        report(
          .error(
            "duplicate parameter '\(parameter.base)' in def '\(name.base)'", at: parameter.range,
            notes: [.init("first used here", at: first)]))
      }
      seen[parameter.base] = seen[parameter.base] ?? parameter.range
    }
    if declare(name, as: .function(functions.count)) {
      functions.append(FunctionDeclaration(name: name, parameters: parameterNames, body: body))
    }
  }

  private func collectEquation(_ name: NameSyntax, _ rhs: ExpressionSyntax) {
    guard name.primes <= 2 else {
      report(
        .error(
          "only first- and second-order equations are supported (\(name.base)' = ... or "
            + "\(name.base)'' = ...); write a higher order as a system of first-order equations",
          at: name.range))
      return
    }
    if case .variable(let index) = symbols[name.base], variables[index].rhs != nil {
      let first = variables[index].name
      report(
        .error(
          "'\(name.base)' already has an equation; a variable is defined by exactly one",
          at: name.range,
          notes: [.init("the first equation of '\(name.base)' is here", at: first.range)]))
      return
    }
    if declare(name, as: .variable(variables.count)) {
      variables.append(VariableDeclaration(name: name, order: name.primes, rhs: rhs))
    }
  }

  /// The names of all state components, for messages.
  var stateNames: [String] { states.map(\.name) }
}
