/// Thrown when a prior (or an override, or a REPL line) has errors: carries every
/// diagnostic, errors and warnings, in source order. Its `description` renders them (the
/// first `[Diagnostic].renderingLimit`, then a count of the rest).
public struct PriorError: Error, Sendable, CustomStringConvertible {
  /// All diagnostics; at least one is an error.
  public var diagnostics: [Diagnostic]

  /// An error carrying `diagnostics` (which should contain at least one error).
  public init(diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }

  /// A file that cannot be read: one error at the start of an empty source named `path`.
  init(fileNotReadable path: String, reason: String) {
    let source = SourceFile(path: path, text: "")
    self.init(diagnostics: [
      .error("cannot read file '\(path)': \(reason)", at: source.range(from: 0, to: 0))
    ])
  }

  /// The errors only.
  public var errors: [Diagnostic] { diagnostics.errors }

  /// The diagnostics rendered without colour.
  public var description: String { diagnostics.rendered() }

  /// The diagnostics rendered, with ANSI colours when `colored`.
  public func rendered(colored: Bool = false) -> String { diagnostics.rendered(colored: colored) }
}
