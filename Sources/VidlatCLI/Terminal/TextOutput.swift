#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a command writes text: standard output, standard error, or a string (for tests).
///
/// It knows whether it is a terminal, and so whether to draw progress bars and use colours.
/// Output to a terminal, and standard error, is written at once; standard output to a pipe
/// or file is buffered, so call `flush()` before waiting for input (the dispatcher flushes
/// when a command ends).
public final class TextOutput {
  /// Whether the text goes to a terminal (interactive redraws are possible).
  public let isTerminal: Bool
  /// Whether ANSI colours and styles are used: on a terminal, unless `NO_COLOR` is set or
  /// `TERM` is `dumb`. A command may turn it off (the REPL does when its input is a script).
  public var usesColor: Bool
  /// The width in columns (the terminal's, else `COLUMNS`, else 80).
  public let width: Int

  private let descriptor: Int32?
  private let writesImmediately: Bool
  private var buffer: [UInt8] = []
  private var capturedText = ""

  /// Output to an open file descriptor, such as `STDOUT_FILENO`.
  public init(descriptor: Int32, environment: [String: String]) {
    self.descriptor = descriptor
    isTerminal = isatty(descriptor) == 1
    writesImmediately = isTerminal || descriptor == STDERR_FILENO
    let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
    usesColor = isTerminal && !noColor && environment["TERM"] != "dumb"
    width =
      terminalWidth(descriptor) ?? Int(environment["COLUMNS"] ?? "").flatMap {
        $0 > 0 ? $0 : nil
      } ?? 80
  }

  /// Output kept in memory, readable with `text`; it can pretend to be a terminal so that
  /// tests see what a terminal would.
  public init(
    capturingAsTerminal isTerminal: Bool = false, usesColor: Bool = false, width: Int = 80
  ) {
    descriptor = nil
    writesImmediately = true
    self.isTerminal = isTerminal
    self.usesColor = usesColor
    self.width = width
  }

  deinit {
    flush()
  }

  /// Everything written so far, for captured output (empty for a file descriptor).
  public var text: String { capturedText }

  /// Writes `text` as is.
  public func write(_ text: String) {
    guard descriptor != nil else {
      capturedText += text
      return
    }
    buffer.append(contentsOf: text.utf8)
    if writesImmediately || buffer.count >= 1 << 16 { flush() }
  }

  /// Writes `text` and a newline.
  public func writeLine(_ text: String = "") {
    write(text + "\n")
  }

  /// `text` wrapped in the ANSI codes of `styles` when colours are used, else `text`.
  public func styled(_ text: String, _ styles: TextStyle...) -> String {
    guard usesColor, !styles.isEmpty else { return text }
    let codes = styles.map { String($0.rawValue) }.joined(separator: ";")
    return "\u{1B}[\(codes)m\(text)\u{1B}[0m"
  }

  /// Writes out buffered bytes.
  public func flush() {
    guard let descriptor, !buffer.isEmpty else { return }
    var written = 0
    buffer.withUnsafeBytes { bytes in
      while written < bytes.count {
        let count = writeBytes(descriptor, bytes.baseAddress! + written, bytes.count - written)
        if count < 0 {
          if errno == EINTR { continue }
          break  // a closed pipe or full disk: drop the output rather than loop
        }
        written += count
      }
    }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// ANSI select-graphic-rendition codes.
public enum TextStyle: Int, Sendable {
  case bold = 1
  case dim = 2
  case underline = 4
  case red = 31
  case green = 32
  case yellow = 33
  case blue = 34
  case magenta = 35
  case cyan = 36
}

/// POSIX `write`, under a name the methods called `write` do not hide.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}

private func terminalWidth(_ descriptor: Int32) -> Int? {
  guard isatty(descriptor) == 1 else { return nil }
  var size = winsize()
  guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
  return Int(size.ws_col)
}
