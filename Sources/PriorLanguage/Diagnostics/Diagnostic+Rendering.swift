extension Diagnostic {
  /// The diagnostic as a compiler prints it:
  ///
  ///     pendulum.prior:4:8: error: unknown name 'kk'; did you mean 'k'?
  ///     x'' = -kk*sin(x)
  ///            ^~
  ///            k
  ///     pendulum.prior:2:7: note: 'k' is declared here
  ///     ...
  ///
  /// The source line (as `QuotedLine` quotes it: control characters escaped, a long line cut
  /// around the span) is followed by a caret under the start of the span and tildes under
  /// the rest of it (up to the end of the line), then the fix-it if any, then each note the
  /// same way. Blank source lines are not shown. Ends with a newline.
  ///
  /// - Parameter colored: add ANSI colours (for a terminal); off by default.
  public func rendered(colored: Bool = false) -> String {
    var output = ""
    Diagnostic.append(
      severity: severity, message: message, range: range, fixIt: fixIt, colored: colored,
      to: &output)
    for note in notes {
      Diagnostic.append(
        severity: .note, message: note.message, range: note.range, fixIt: nil,
        colored: colored, to: &output)
    }
    return output
  }

  private static func append(
    severity: Severity, message: String, range: SourceRange, fixIt: String?, colored: Bool,
    to output: inout String
  ) {
    let style = TerminalStyle(enabled: colored)
    let label: String
    switch severity {
    case .error: label = style.red("error:")
    case .warning: label = style.magenta("warning:")
    case .note: label = style.cyan("note:")
    }
    output +=
      style.bold(QuotedLine.escaped("\(range.source.path):\(range.start):")) + " " + label + " "
      + style.bold(QuotedLine.escaped(message)) + "\n"

    let line = range.source.line(range.start.line)
    guard !line.allSatisfy({ $0 == " " || $0 == "\t" }) else { return }
    let lineLength = line.unicodeScalars.count
    let spanEnd =
      range.end.line == range.start.line ? range.end.column : lineLength + 1
    let quoted = QuotedLine(
      line, column: range.start.column,
      length: min(spanEnd, lineLength + 1) - range.start.column)
    output += quoted.text + "\n"
    output +=
      quoted.indent + style.green("^" + String(repeating: "~", count: quoted.spanWidth - 1))
      + "\n"
    if let fixIt {
      output += quoted.indent + style.green(QuotedLine.escaped(fixIt)) + "\n"
    }
  }
}

extension [Diagnostic] {
  /// The most diagnostics `rendered(colored:limit:)` shows by default: a binary file read
  /// as a prior would otherwise print thousands.
  public static var renderingLimit: Int { 20 }

  /// The first `limit` diagnostics rendered one after the other (see
  /// `Diagnostic.rendered(colored:)`), then, when there are more, one line saying how many
  /// were left out: `file.prior: note: 3342 more diagnostics not shown (3342 errors)`.
  public func rendered(colored: Bool = false, limit: Int = renderingLimit) -> String {
    let shown = prefix(Swift.max(limit, 0))
    var output = shown.map { $0.rendered(colored: colored) }.joined()
    let omitted = dropFirst(shown.count)
    if let first = omitted.first {
      let errors = omitted.count { $0.severity == .error }
      let style = TerminalStyle(enabled: colored)
      output +=
        style.bold("\(first.range.source.path):") + " " + style.cyan("note:")
        + " \(omitted.count) more "
        + "\(omitted.count == 1 ? "diagnostic" : "diagnostics") not shown "
        + "(\(errors) \(errors == 1 ? "error" : "errors"))\n"
    }
    return output
  }
}

/// ANSI styling that does nothing when disabled.
private struct TerminalStyle {
  var enabled: Bool

  func bold(_ text: String) -> String { wrap(text, "1") }
  func red(_ text: String) -> String { wrap(text, "1;31") }
  func magenta(_ text: String) -> String { wrap(text, "1;35") }
  func cyan(_ text: String) -> String { wrap(text, "1;36") }
  func green(_ text: String) -> String { wrap(text, "1;32") }

  private func wrap(_ text: String, _ code: String) -> String {
    enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}
