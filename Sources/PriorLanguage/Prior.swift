import Foundation

/// A checked `.prior`: its source, syntax tree, model and warnings. The entry point for
/// programs, tests, the CLI and the REPL.
///
///     let prior = try Prior(contentsOfFile: "Priors/pendulum.prior")
///     let k4 = try prior.applying([Override(parsing: "k=4")])
///     let energy = try prior.expression("x'^2/2 - k*cos(x)")
///
/// Initializers throw a `PriorError` holding every diagnostic (its `description` renders
/// them like a compiler); `Prior.check(_:)` reports without throwing.
public struct Prior: Sendable {
  /// The parsed file.
  public let syntax: PriorSyntax
  /// The lowered model: states, dynamics, observations, noise, init, dt, integrator.
  public let model: PriorModel
  /// Warnings (e.g. defaults assumed for missing noise, init or dt).
  public let warnings: [Diagnostic]
  /// The overrides applied to the file's values, in order.
  public let overrides: [Override]

  /// The source text.
  public var source: SourceFile { syntax.source }

  /// Loads and checks the file at `path`, then applies `overrides`.
  public init(contentsOfFile path: String, overrides: [Override] = []) throws(PriorError) {
    try self.init(SourceFile(contentsOfFile: path), overrides: overrides)
  }

  /// Checks `text`, named `name` in diagnostics, then applies `overrides`.
  public init(source text: String, name: String = "<input>", overrides: [Override] = [])
    throws(PriorError)
  {
    try self.init(SourceFile(path: name, text: text), overrides: overrides)
  }

  /// Checks `source`, then applies `overrides`.
  public init(_ source: SourceFile, overrides: [Override] = []) throws(PriorError) {
    let check = Prior.check(source, overrides: overrides)
    guard let model = check.model else { throw PriorError(diagnostics: check.diagnostics) }
    self.syntax = check.syntax
    self.model = model
    self.warnings = check.diagnostics
    self.overrides = overrides
  }

  /// Parses and checks `source` without throwing: the model if there are no errors, and
  /// every diagnostic (errors and warnings) in source order. For `vidlat check`.
  public static func check(_ source: SourceFile, overrides: [Override] = []) -> PriorCheck {
    let (syntax, syntaxDiagnostics) = Parser.parse(source)
    let checker = Checker(
      syntax: syntax, overrides: overrides, isPartial: false)
    let model = checker.run()
    let diagnostics = syntaxDiagnostics + checker.diagnostics
    return PriorCheck(
      syntax: syntax, model: syntaxDiagnostics.containsErrors ? nil : model,
      diagnostics: Prior.sorted(diagnostics, main: source))
  }

  /// The same prior with `overrides` applied after the ones already applied (a later
  /// override of the same target wins). The file is re-checked, so a param defined from
  /// another (`param b = 2*a`) follows an override of `a`.
  ///
  /// - Throws: `PriorError` for an unknown name (with a suggestion), a value outside the
  ///   declared range, a negative noise, a non-positive dt, and so on.
  public func applying(_ overrides: [Override]) throws(PriorError) -> Prior {
    try Prior(source, overrides: self.overrides + overrides)
  }

  /// `text` as an expression over this prior's states and params, with lets and defs
  /// inlined (for the REPL: evaluation and `:diff`).
  ///
  /// - Throws: `PriorError` with diagnostics pointing into `text` (named `<expression>`).
  public func expression(_ text: String) throws(PriorError) -> Expression {
    let checker = Checker(syntax: syntax, overrides: overrides, isPartial: false)
    _ = checker.run()
    return try checker.expression(SourceFile(path: "<expression>", text: text))
  }

  /// Every name in scope, for completion.
  public var names: NameTable {
    let checker = Checker(syntax: syntax, overrides: overrides, isPartial: false)
    checker.collect()
    return checker.names
  }

  /// Diagnostics of the main source in source order, then the others (overrides).
  static func sorted(_ diagnostics: [Diagnostic], main: SourceFile) -> [Diagnostic] {
    diagnostics.enumerated().sorted { a, b in
      let aMain = a.element.range.source === main
      let bMain = b.element.range.source === main
      if aMain != bMain { return aMain }
      if a.element.range.start != b.element.range.start {
        return a.element.range.start < b.element.range.start
      }
      return a.offset < b.offset
    }.map(\.element)
  }
}

/// The outcome of `Prior.check(_:)`: a model when there are no errors, and all diagnostics.
public struct PriorCheck: Sendable {
  /// The parsed file (statements with syntax errors left out).
  public let syntax: PriorSyntax
  /// The model, or nil if there are errors.
  public let model: PriorModel?
  /// Errors and warnings in source order.
  public let diagnostics: [Diagnostic]

  /// Whether any diagnostic is an error.
  public var hasErrors: Bool { diagnostics.containsErrors }
}

extension PriorModel {
  /// The state component or param called `name` as a variable to differentiate with
  /// respect to (the `NAME` of the REPL's `:diff EXPR wrt NAME`).
  ///
  /// - Throws: `PriorError` for any other name, with a suggestion, pointing into `name`
  ///   (named `<wrt>`).
  public func differentiationVariable(named name: String) throws(PriorError)
    -> DifferentiationVariable
  {
    let trimmed = name.trimmingCharacters(in: .whitespaces)
    if let index = states.firstIndex(where: { $0.name == trimmed }) { return .state(index) }
    if let index = parameters.firstIndex(where: { $0.name == trimmed }) {
      return .parameter(index)
    }
    let source = SourceFile(path: "<wrt>", text: name)
    let candidates = states.map(\.name) + parameters.map(\.name)
    let suggestion = Suggestion.didYouMean(trimmed, among: candidates)
    let known = candidates.isEmpty ? "" : " (" + candidates.joined(separator: ", ") + ")"
    throw PriorError(diagnostics: [
      .error(
        "'\(trimmed)' is not a state component or a param\(suggestion.isEmpty ? known : suggestion)",
        at: source.range(from: 0, to: name.unicodeScalars.count))
    ])
  }
}

extension Checker {
  convenience init(syntax: PriorSyntax, overrides: [Override], isPartial: Bool) {
    let source = syntax.source
    let fileRange =
      syntax.statements.lazy.compactMap { statement -> SourceRange? in
        if case .prior(let name) = statement.kind { return name.range }
        return nil
      }.first ?? syntax.statements.first?.range.startPoint ?? source.range(from: 0, to: 0)
    var name = source.path.split(separator: "/").last.map(String.init) ?? source.path
    if name.hasSuffix(".prior") { name.removeLast(".prior".count) }
    name = name.filter { $0 != "<" && $0 != ">" }
    self.init(
      statements: syntax.statements, fileRange: fileRange,
      defaultName: name.isEmpty ? "prior" : name, overrides: overrides, isPartial: isPartial,
      unfinishedDeclarations: syntax.unfinishedDeclarations,
      hasSyntaxErrors: syntax.hasSyntaxErrors)
  }

  /// Lowers a whole-expression source in the dynamic scope, after `run()`.
  func expression(_ source: SourceFile) throws(PriorError) -> Expression {
    let (syntax, syntaxDiagnostics) = Parser.parseExpression(source)
    guard let syntax, !syntaxDiagnostics.containsErrors else {
      throw PriorError(diagnostics: syntaxDiagnostics)
    }
    let before = diagnostics.count
    let lowered = lower(syntax, in: .dynamic)
    let new = Array(diagnostics[before...])
    guard let lowered, !new.containsErrors else { throw PriorError(diagnostics: new) }
    return lowered.expression
  }

  /// The names declared so far (after `collect()`), for completion.
  var names: NameTable {
    NameTable(
      parameters: parameters.map(\.name.base), stateComponents: stateNames,
      lets: bindings.map(\.name.base), defs: functions.map(\.name.base))
  }
}
