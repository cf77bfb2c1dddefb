/// A message from the lexer, parser, checker or override validation, as a value.
///
/// Every diagnostic points at a span of a `SourceFile`; notes may point elsewhere (e.g. at
/// an earlier declaration). Render with `rendered(colored:)`.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
  /// How serious a diagnostic is.
  public enum Severity: String, Sendable, Equatable {
    /// The input is invalid: there is no model.
    case error
    /// The input is valid but probably not what was meant (a default was assumed).
    case warning
    /// Extra information attached to another diagnostic.
    case note
  }

  /// Error, warning or note.
  public var severity: Severity
  /// What is wrong and, where possible, what would be right.
  public var message: String
  /// The span the message is about.
  public var range: SourceRange
  /// Related places, e.g. "previous declaration is here".
  public var notes: [Note]
  /// A suggested replacement of the text under `range`, if there is an obvious one.
  public var fixIt: String?

  /// A diagnostic of `severity` saying `message` about `range`.
  public init(
    _ severity: Severity, _ message: String, at range: SourceRange, notes: [Note] = [],
    fixIt: String? = nil
  ) {
    self.severity = severity
    self.message = message
    self.range = range
    self.notes = notes
    self.fixIt = fixIt
  }

  /// An error at `range`.
  public static func error(
    _ message: String, at range: SourceRange, notes: [Note] = [], fixIt: String? = nil
  ) -> Diagnostic {
    Diagnostic(.error, message, at: range, notes: notes, fixIt: fixIt)
  }

  /// A warning at `range`.
  public static func warning(
    _ message: String, at range: SourceRange, notes: [Note] = [], fixIt: String? = nil
  ) -> Diagnostic {
    Diagnostic(.warning, message, at: range, notes: notes, fixIt: fixIt)
  }

  /// A note attached to a diagnostic, with its own location.
  public struct Note: Sendable, Equatable {
    /// What the place is, e.g. "'k' is first declared here".
    public var message: String
    /// The place.
    public var range: SourceRange

    /// A note saying `message` about `range`.
    public init(_ message: String, at range: SourceRange) {
      self.message = message
      self.range = range
    }
  }

  /// The one-line form `path:line:column: severity: message`.
  public var description: String {
    "\(range.source.path):\(range.start): \(severity.rawValue): \(message)"
  }
}

extension [Diagnostic] {
  /// Whether any of the diagnostics is an error.
  public var containsErrors: Bool { contains { $0.severity == .error } }

  /// The errors only.
  public var errors: [Diagnostic] { filter { $0.severity == .error } }

  /// The warnings only.
  public var warnings: [Diagnostic] { filter { $0.severity == .warning } }
}
