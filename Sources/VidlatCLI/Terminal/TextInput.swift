#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a command reads lines from: standard input or a string (for tests).
public final class TextInput {
  /// Whether the lines come from a terminal (a person typing).
  public let isTerminal: Bool
  private var pendingLines: [Substring]?

  /// Standard input.
  public init() {
    isTerminal = isatty(STDIN_FILENO) == 1
    pendingLines = nil
  }

  /// The lines of `text`, as if piped in.
  public init(text: String) {
    isTerminal = false
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if text.hasSuffix("\n") { lines.removeLast() }
    pendingLines = lines.reversed()
  }

  /// The next line without its newline, or nil at the end of the input.
  public func readLine() -> String? {
    guard pendingLines != nil else { return Swift.readLine(strippingNewline: true) }
    return pendingLines?.popLast().map(String.init)
  }
}
