/// Where the REPL gets its lines: readline on a terminal, plain lines otherwise.
protocol LineReader: AnyObject {
  /// Whether prompts and escape codes are shown (a person at a terminal).
  var isInteractive: Bool { get }

  /// The next line, after showing `prompt` when interactive; nil at the end of the input.
  func readLine(prompt: String) -> String?

  /// Remembers a line the user entered, for recall with the arrow keys.
  func remember(_ line: String)

  /// Whether the user abandoned the input (Ctrl-C) since the last call: the REPL then
  /// drops an unfinished multi-line input.
  func takeInterruption() -> Bool
}

/// Lines read plainly from the command's standard input: no prompt, no history, so that
/// scripts can be piped in.
final class PlainLineReader: LineReader {
  private let input: TextInput

  init(input: TextInput) {
    self.input = input
  }

  var isInteractive: Bool { false }

  func readLine(prompt: String) -> String? {
    input.readLine()
  }

  func remember(_ line: String) {}

  func takeInterruption() -> Bool { false }
}
