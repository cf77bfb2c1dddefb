/// Joins the lines a user types into complete inputs.
///
/// An input continues on the next line while it is unfinished: a line ending in `\` (the
/// backslash is dropped and the lines are joined by a space), or text that
/// `needsContinuation` says stops mid-statement (open parentheses, a trailing operator),
/// joined by a newline so that diagnostics keep their lines.
struct InputAssembler {
  /// Whether the text so far stops in the middle of a statement.
  var needsContinuation: (String) -> Bool
  /// The lines of the unfinished input.
  private(set) var pending: String?
  /// Whether the last line ended in `\`, so the next one continues it on the same line.
  private var continuesLine = false

  init(needsContinuation: @escaping (String) -> Bool) {
    self.needsContinuation = needsContinuation
  }

  /// Whether an input has been started and awaits more lines.
  var isContinuing: Bool { pending != nil }

  /// Adds a line; returns the complete input when this line finishes it.
  mutating func add(_ line: String) -> String? {
    var text = pending.map { continuesLine ? $0 : $0 + "\n" } ?? ""
    continuesLine = line.hasSuffix("\\")
    if continuesLine {
      text += line.dropLast() + " "
      pending = text
      return nil
    }
    text += line
    if needsContinuation(text) {
      pending = text
      return nil
    }
    pending = nil
    return text
  }

  /// Abandons an unfinished input; returns it if there was one.
  mutating func flush() -> String? {
    defer {
      pending = nil
      continuesLine = false
    }
    return pending
  }
}
