import Foundation

/// What a running command reads from and writes to: kept out of globals so that tests run
/// commands in-process with captured output.
public final class CommandContext {
  public let standardInput: TextInput
  public let standardOutput: TextOutput
  public let standardError: TextOutput
  /// The environment variables (`HOME`, `NO_COLOR`, ...).
  public let environment: [String: String]

  public init(
    standardInput: TextInput, standardOutput: TextOutput, standardError: TextOutput,
    environment: [String: String]
  ) {
    self.standardInput = standardInput
    self.standardOutput = standardOutput
    self.standardError = standardError
    self.environment = environment
  }

  /// The process's standard streams and environment.
  public static func standard() -> CommandContext {
    let environment = ProcessInfo.processInfo.environment
    return CommandContext(
      standardInput: TextInput(),
      standardOutput: TextOutput(descriptor: 1, environment: environment),
      standardError: TextOutput(descriptor: 2, environment: environment),
      environment: environment)
  }

  /// Captured output and `input` as standard input, for tests. With `terminal`, the outputs
  /// behave as a colourless terminal of `width` columns.
  public static func capturing(
    input: String = "", terminal: Bool = false, width: Int = 80,
    environment: [String: String] = [:]
  ) -> CommandContext {
    CommandContext(
      standardInput: TextInput(text: input),
      standardOutput: TextOutput(capturingAsTerminal: terminal, width: width),
      standardError: TextOutput(capturingAsTerminal: terminal, width: width),
      environment: environment)
  }

  /// Writes `error: message` to standard error (in red on a terminal), after flushing
  /// standard output so the two stay in order.
  public func reportError(_ message: String) {
    standardOutput.flush()
    let label = standardError.styled("error:", .bold, .red)
    standardError.writeLine("\(label) \(message)")
  }
}
