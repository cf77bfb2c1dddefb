/// A prior built up line by line, for the REPL.
///
/// Each `submit(_:)` is either declarations (param, let, def, equations, noise, init,
/// observe, dt, integrator), which are checked together with everything accepted so far
/// and kept only if there is no error, or one bare expression, which is resolved against
/// the session. Declaring again something the session has (`param k = 5` after
/// `param k = 4`, a new equation for `x`, `noise x ~ ...` again) replaces it in place.
/// A rejected input leaves the session unchanged. A session need not be a
/// complete prior: it may have no equations yet, and defaults (noise 0, init normal(0, 1),
/// dt 0.05) are assumed silently; `makePrior()` checks it as a whole file.
///
/// Diagnostics about an input point into it (named `<input>`); notes about earlier
/// declarations point into the session's accumulated text (named after the session).
public struct PriorSession: Sendable {
  /// The accepted declarations, as one source (a loaded file plus the lines added since).
  public private(set) var source: SourceFile
  /// Overrides applied with `apply(_:)`, in order.
  public private(set) var overrides: [Override] = []
  /// The model of the accepted declarations.
  public private(set) var model: PriorModel
  private var syntax: PriorSyntax

  /// The reply to one input.
  public enum Reply: Sendable {
    /// Declarations were accepted, with these warnings. `replacing` holds the text of the
    /// earlier declarations they replaced (a name, a component's noise or init, dt, ...
    /// declared again replaces the old declaration in place, and drops overrides of it).
    case declared(replacing: [String], warnings: [Diagnostic])
    /// The input is an expression over the session's states and params (lets and defs
    /// inlined).
    case expression(Expression)
    /// The input has errors (all of them in the `PriorError`); the session is unchanged.
    case rejected(PriorError)
    /// The input holds only blanks and comments.
    case empty
  }

  /// An empty session; `name` labels its accumulated text in diagnostics.
  public init(name: String = "<session>") {
    let source = SourceFile(path: name, text: "")
    self.source = source
    self.syntax = PriorSyntax(statements: [], source: source)
    self.model = PriorModel(
      name: "session", parameters: [], variables: [], states: [], dynamics: [],
      observations: [], noiseStandardDeviations: [], initial: [],
      dt: Checker.defaultTimeStep, integrator: .rk4)
  }

  /// A session starting from the file at `path` (the REPL's `:load`).
  ///
  /// - Throws: `PriorError` if the file cannot be read or has errors.
  public init(contentsOfFile path: String) throws(PriorError) {
    let source = try SourceFile(contentsOfFile: path)
    self.init(name: path)
    switch consider(source, asAddition: false) {
    case .rejected(let error): throw error
    default: break
    }
  }

  /// Checks `input` against the session and, for declarations without errors, adds them.
  public mutating func submit(_ input: String) -> Reply {
    consider(SourceFile(path: "<input>", text: input), asAddition: true)
  }

  /// Applies `overrides` on top of earlier ones (the REPL's `:set`).
  ///
  /// - Throws: `PriorError` for an unknown name or an invalid value; nothing changes then.
  public mutating func apply(_ overrides: [Override]) throws(PriorError) {
    let all = self.overrides + overrides
    let checker = Checker(syntax: syntax, overrides: all, isPartial: true)
    guard let model = checker.run() else {
      throw PriorError(diagnostics: checker.diagnostics)
    }
    self.overrides = all
    self.model = model
  }

  /// `text` as an expression over the session's states and params.
  public func expression(_ text: String) throws(PriorError) -> Expression {
    let checker = Checker(syntax: syntax, overrides: overrides, isPartial: true)
    _ = checker.run()
    return try checker.expression(SourceFile(path: "<expression>", text: text))
  }

  /// The simplified partial derivative of the expression `text` with respect to the state
  /// component or param `name` (the REPL's `:diff EXPR wrt NAME`).
  ///
  /// - Throws: `PriorError` for an invalid expression (pointing into `<expression>`) or an
  ///   unknown name (pointing into `<wrt>`, with a suggestion).
  public func derivative(of text: String, withRespectTo name: String) throws(PriorError)
    -> Expression
  {
    let expression = try expression(text)
    let variable = try model.differentiationVariable(named: name)
    return expression.derivative(withRespectTo: variable)
  }

  /// The session checked as a whole `.prior` file (needs an equation; warns about
  /// defaults), with the session's overrides applied: for `:simulate` and `:show`.
  public func makePrior() throws(PriorError) -> Prior {
    try Prior(source, overrides: overrides)
  }

  /// Every name in scope, for completion.
  public var names: NameTable {
    let checker = Checker(syntax: syntax, overrides: overrides, isPartial: true)
    checker.collect()
    return checker.names
  }

  private mutating func consider(_ input: SourceFile, asAddition: Bool) -> Reply {
    let (parsed, syntaxDiagnostics) = Parser.parse(input, allowingExpressions: asAddition)
    guard !syntaxDiagnostics.containsErrors else {
      return .rejected(PriorError(diagnostics: syntaxDiagnostics))
    }
    let expressions = parsed.statements.filter {
      if case .expression = $0.kind { return true }
      return false
    }
    if let first = expressions.first {
      guard parsed.statements.count == 1, case .expression(let syntax) = first.kind else {
        return .rejected(
          PriorError(diagnostics: [
            .error(
              "an expression cannot share an input with declarations; enter it on its own",
              at: first.range)
          ]))
      }
      let checker = Checker(syntax: self.syntax, overrides: overrides, isPartial: true)
      _ = checker.run()
      let before = checker.diagnostics.count
      let lowered = checker.lower(syntax, in: .dynamic)
      let new = Array(checker.diagnostics[before...])
      guard let lowered, !new.containsErrors else {
        return .rejected(PriorError(diagnostics: new))
      }
      return .expression(lowered.expression)
    }
    guard !parsed.statements.isEmpty else { return .empty }

    // A declaration of something the session already declares replaces the old one, in
    // place (so that params keep their order).
    var replaced: [String] = []
    var statements = syntax.statements
    var additions: [StatementSyntax] = []
    for statement in parsed.statements {
      let key = PriorSession.declarationKey(statement)
      if let key,
        let index = statements.firstIndex(where: {
          PriorSession.declarationKey($0) == key && $0.range.source === source
        })
      {
        replaced.append(statements[index].range.text)
        statements[index] = statement
      } else {
        additions.append(statement)
      }
    }
    let replacedKeys = Set(
      statements.filter { $0.range.source === input }.compactMap(PriorSession.declarationKey))
    let keptOverrides = overrides.filter { !replacedKeys.contains(PriorSession.key(of: $0.target)) }

    var combined = syntax
    combined.statements = statements + additions
    combined.unfinishedDeclarations = []
    let checker = Checker(syntax: combined, overrides: keptOverrides, isPartial: true)
    guard let model = checker.run() else {
      return .rejected(
        PriorError(diagnostics: Prior.sorted(checker.diagnostics, main: input)))
    }
    let text: String
    if replaced.isEmpty {
      text = source.text.isEmpty ? input.text : source.text + "\n" + input.text
    } else {
      text = combined.statements.map(\.range.text).joined(separator: "\n")
    }
    source = SourceFile(path: source.path, text: text)
    syntax = Parser.parse(source).syntax
    overrides = keptOverrides
    self.model = model
    return .declared(replacing: replaced, warnings: checker.diagnostics.warnings)
  }

  /// What a statement declares, for replacement: statements with the same key declare the
  /// same thing (a name, the noise or init of a component, an observation, dt, ...).
  private static func declarationKey(_ statement: StatementSyntax) -> String? {
    switch statement.kind {
    case .prior: "prior"
    case .parameter(let name, _, _, _, _), .binding(let name, _), .function(let name, _, _),
      .equation(let name, _), .latent(let name, _), .process(let name, _):
      "name \(name.base)"
    case .noise(let name, _): "noise \(name.text)"
    case .initial(let name, _): "init \(name.text)"
    case .observation(let name, _): "observe \(name.text)"
    case .timeStep: "dt"
    case .integrator: "integrator"
    case .expression: nil
    }
  }

  /// The declaration key an override applies to (see `declarationKey`).
  private static func key(of target: Override.Target) -> String {
    switch target {
    case .parameter(let name): "name \(name)"
    case .timeStep: "dt"
    case .integrator: "integrator"
    case .noise(let name): "noise \(name)"
    case .initial(let name): "init \(name)"
    }
  }
}
