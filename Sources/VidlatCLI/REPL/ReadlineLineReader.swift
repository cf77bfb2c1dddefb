@preconcurrency import CReadline

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Lines read with GNU readline: line editing, history kept in a file between sessions, tab
/// completion from a `CompletionEngine`, and Ctrl-C abandoning the current input for a fresh
/// prompt, as in a shell.
///
/// readline is a C library with global state and C callbacks, so there is one active reader
/// per process, kept in file-level variables marked `nonisolated(unsafe)`: the REPL runs on
/// one thread, and readline calls back only from inside `readline()` on that thread.
final class ReadlineLineReader: LineReader {
  /// The history file, e.g. `~/.vidlat_history`; nil keeps no history.
  private let historyPath: String?
  /// The most lines kept in the history file.
  private let historyLimit: Int32 = 1000

  /// What Tab offers; nothing until it is set.
  var complete: ((CompletionRequest) -> Completion)? {
    get { activeCompletions }
    set { activeCompletions = newValue }
  }

  /// Sets up readline for vidlat, with the history read from `historyPath` (created if
  /// missing).
  init(historyPath: String?, prompt: String) {
    self.historyPath = historyPath
    freshPrompt = strdup(prompt)
    rl_readline_name = UnsafePointer(strdup("vidlat"))
    // Primes belong to names (x'), and ':' to commands (:load): neither breaks a word.
    rl_completer_word_break_characters = UnsafePointer(strdup(" \t\n()+-*/^=,<>[]~#"))
    rl_attempted_completion_function = attemptCompletion
    // Our handler alone answers Ctrl-C (readline's own would only clean up and re-raise).
    rl_catch_signals = 0
    signal(SIGINT, abandonLineOnInterrupt)
    if let historyPath {
      if read_history(historyPath) != 0 {
        // Missing: create it, so that each line can be appended as it is entered.
        write_history(historyPath)
      }
    }
  }

  deinit {
    if let historyPath { history_truncate_file(historyPath, historyLimit) }
    signal(SIGINT, SIG_DFL)
    activeCompletions = nil
    free(freshPrompt)
    freshPrompt = nil
  }

  var isInteractive: Bool { true }

  func readLine(prompt: String) -> String? {
    guard let line = readline(prompt) else { return nil }
    defer { free(line) }
    return String(cString: line)
  }

  func remember(_ line: String) {
    guard !line.allSatisfy(\.isWhitespace) else { return }
    add_history(line)
    if let historyPath { append_history(1, historyPath) }
  }

  func takeInterruption() -> Bool {
    defer { interrupted = 0 }
    return interrupted != 0
  }
}

/// What the user asked to complete: the word under the cursor and the line before it.
struct CompletionRequest: Equatable {
  /// The text of the line before the word being completed.
  var prefix: String
  /// The partial word.
  var word: String
}

/// What to offer for a completion request.
enum Completion: Equatable {
  /// These words (readline shows them, or inserts the common prefix).
  case words([String])
  /// Paths of files and folders (`CompletionEngine.paths(completing:word:)`).
  case paths([String])
}

nonisolated(unsafe) private var activeCompletions: ((CompletionRequest) -> Completion)?
nonisolated(unsafe) private var pendingMatches: [String] = []
nonisolated(unsafe) private var nextMatch = 0
/// The prompt shown after Ctrl-C.
nonisolated(unsafe) private var freshPrompt: UnsafeMutablePointer<CChar>?
/// Set by the Ctrl-C handler, cleared by `takeInterruption`.
nonisolated(unsafe) private var interrupted: sig_atomic_t = 0

/// readline's `rl_attempted_completion_function`: the matches for `text`, which spans bytes
/// `start..<end` of `rl_line_buffer`.
private let attemptCompletion:
  @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<
    UnsafeMutablePointer<CChar>?
  >? = { text, start, _ in
    guard let text, let provider = activeCompletions, let buffer = rl_line_buffer else {
      return nil
    }
    let prefixBytes = Array(UnsafeBufferPointer(start: buffer, count: Int(start)))
      .map { UInt8(bitPattern: $0) }
    let request = CompletionRequest(
      prefix: String(decoding: prefixBytes, as: UTF8.self),
      word: String(cString: text))
    switch provider(request) {
    case .words(let words):
      rl_attempted_completion_over = 1
      pendingMatches = words
      nextMatch = 0
      return rl_completion_matches(text, completionMatch)
    case .paths(let paths):
      rl_attempted_completion_over = 1
      // A folder is completed without a space after it, so that its files come next.
      rl_completion_suppress_append = paths.count == 1 && paths[0].hasSuffix("/") ? 1 : 0
      pendingMatches = paths
      nextMatch = 0
      return rl_completion_matches(text, completionMatch)
    }
  }

/// readline's generator: the next of `pendingMatches`, as a string readline frees.
private let completionMatch:
  @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<
    CChar
  >? = { _, _ in
    guard nextMatch < pendingMatches.count else { return nil }
    defer { nextMatch += 1 }
    return strdup(pendingMatches[nextMatch])
  }

/// Ctrl-C at the prompt: abandon the line (and any unfinished input) and show a fresh
/// prompt, like a shell.
private let abandonLineOnInterrupt: @convention(c) (Int32) -> Void = { _ in
  interrupted = 1
  write(STDOUT_FILENO, "^C\n", 3)
  rl_on_new_line()
  rl_replace_line("", 0)
  rl_set_prompt(freshPrompt)
  rl_redisplay()
}
