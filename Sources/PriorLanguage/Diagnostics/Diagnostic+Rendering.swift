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
  /// The source line is followed by a caret under the start of the span and tildes under
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
      style.bold("\(range.source.path):\(range.start):") + " " + label + " "
      + style.bold(message) + "\n"

    let line = range.source.line(range.start.line)
    guard !line.allSatisfy({ $0 == " " || $0 == "\t" }) else { return }
    output += line + "\n"
    // Keep tabs so that the caret lines up with the text above it.
    let prefix = String(
      line.unicodeScalars.prefix(range.start.column - 1).map { $0 == "\t" ? "\t" : " " })
    let lineLength = line.unicodeScalars.count
    let spanEnd =
      range.end.line == range.start.line ? range.end.column : lineLength + 1
    let width = max(1, min(spanEnd, lineLength + 1) - range.start.column)
    output += prefix + style.green("^" + String(repeating: "~", count: width - 1)) + "\n"
    if let fixIt {
      output += prefix + style.green(fixIt) + "\n"
    }
  }
}

extension [Diagnostic] {
  /// All diagnostics rendered one after the other (see `Diagnostic.rendered(colored:)`).
  public func rendered(colored: Bool = false) -> String {
    map { $0.rendered(colored: colored) }.joined()
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
