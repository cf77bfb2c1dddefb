import Foundation
import PriorLanguage

/// The read-evaluate-print loop of `vidlat repl`.
///
/// Each complete input (see `InputAssembler`) is a REPL command (`:load`, `:show`...), or
/// language for the `PriorSession`: declarations (`param`, `let`, `def`, equations,
/// `noise`, `init`, `observe`, `dt`, `integrator`) that join the session's prior, or an
/// expression, whose value is printed. Errors print diagnostics and the session goes on.
final class REPL {
  let context: CommandContext
  private let reader: LineReader
  private var assembler = InputAssembler(needsContinuation: Lexer.needsContinuation)
  var session = PriorSession(name: "<session>")
  /// The file last loaded with `:load`, if any.
  var loadedPath: String?
  /// Seeds `:simulate`, one new seed per run, so that runs differ but a session replays.
  var simulationCount: UInt64 = 0

  /// Inputs that leave the REPL as `:quit` does, unless the session declares them.
  static let leavingWords: Set<String> = ["exit", "quit", "exit()", "quit()"]

  static let prompt = "vidlat> "
  static let continuationPrompt = "   ...> "

  init(context: CommandContext, reader: LineReader) {
    self.context = context
    self.reader = reader
  }

  /// The completion engine for the session as it is now.
  var completion: CompletionEngine {
    let model = session.model
    let states = model.states.map(\.name)
    return CompletionEngine(
      commands: REPL.commands.map(\.name), keywords: NameTable.keywords,
      names: session.names.all,
      overrideTargets: model.parameters.map(\.name) + ["dt", "integrator"]
        + states.map { "noise.\($0)" } + states.map { "init.\($0)" })
  }

  /// Loads `path` if given, then reads and handles inputs until `:quit` or the end of the
  /// input.
  func run(loading path: String? = nil) {
    if reader.isInteractive {
      context.standardOutput.writeLine(
        "vidlat \(VidlatCLI.version) REPL. Type :help for help, :quit or Ctrl-D to leave.")
    }
    if let path { _ = handle(":load \(path)") }
    while true {
      let prompt = assembler.isContinuing ? REPL.continuationPrompt : REPL.prompt
      context.standardOutput.flush()
      guard let line = reader.readLine(prompt: prompt) else {
        // The input ended in the middle of a statement: handle what there is.
        if let unfinished = assembler.flush() { _ = handle(unfinished) }
        break
      }
      if reader.takeInterruption() { _ = assembler.flush() }
      reader.remember(line)
      // A command is never part of the language: it ends an unfinished input, which is
      // handled (and reported) as it stands.
      if line.trimmingWhitespace.hasPrefix(":"), let unfinished = assembler.flush() {
        _ = handle(unfinished)
      }
      guard let input = assembler.add(line) else { continue }
      if !handle(input) { break }
    }
    if reader.isInteractive { context.standardOutput.writeLine() }
    context.standardOutput.flush()
  }

  /// Handles one complete input; returns false when the session should end.
  func handle(_ input: String) -> Bool {
    let trimmed = input.trimmingWhitespace
    if trimmed.hasPrefix(":") { return runCommand(trimmed) }
    if REPL.leavingWords.contains(trimmed), !session.names.all.contains(trimmed) { return false }
    switch session.submit(input) {
    case .declared(let replaced, let warnings):
      context.printDiagnostics(warnings)
      for old in replaced { context.standardOutput.writeLine("replaced: \(old)") }
    case .expression(let expression):
      let value = expression.evaluate(
        states: currentState, parameters: session.model.parameters.map(\.value))
      context.standardOutput.writeLine(formatValue(value))
      if !value.isFinite { warn(nonFiniteReason(value)) }
    case .rejected(let error):
      context.printDiagnostics(error.diagnostics)
    case .empty:
      break
    }
    return true
  }

  /// The state where expressions are evaluated: each component at the mean of its init.
  var currentState: [Double] { session.model.initial.map(\.mean) }

  /// Writes `warning: message` to standard error.
  func warn(_ message: String) {
    context.standardOutput.flush()
    context.standardError.writeLine(
      context.standardError.styled("warning:", .bold, .magenta) + " " + message)
  }

  /// Writes `error: message` to standard error.
  func fail(_ message: String, hint: String? = nil) {
    context.reportError(message)
    if let hint {
      context.standardError.writeLine(context.standardError.styled("hint:", .bold) + " " + hint)
    }
  }
}

/// A computed value as the REPL prints it: up to 12 significant digits; `nan`, `inf` and
/// `-inf` when not finite.
func formatValue(_ value: Double) -> String {
  if value.isNaN { return "nan" }
  if value.isInfinite { return value < 0 ? "-inf" : "inf" }
  if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
  return String(format: "%.12g", value)
}

extension String {
  var trimmingWhitespace: String {
    String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }
}

/// Why a value is not finite, as the REPL warns after printing it.
func nonFiniteReason(_ value: Double) -> String {
  value.isNaN
    ? "the value is not a number: a function was used outside its domain, such as sqrt or "
      + "log of a negative number, or 0/0"
    : "the value is infinite: it overflows, or divides by zero"
}
