/// A command line that cannot be run as written: an unknown option, a missing or malformed
/// value. The dispatcher prints it with the command's usage and exits with status 64.
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What is wrong, naming the argument: `invalid value 'x' for '--steps <n>': ...`.
  public var message: String
  /// What would be right, if there is something useful to say (`did you mean '--steps'?`).
  public var hint: String?

  public init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }

  public var description: String { message }
}
