/// A `vidlat` subcommand, in three steps: read the command line, check it, do the work.
///
/// The dispatcher parses the arguments against `configuration.arguments`, then calls
/// `init(arguments:)`, then `validate()`, then `run(context:)`. A `UsageError` thrown by the
/// first two ends the program with exit status 64 and a message that names the argument;
/// an error thrown by `run` ends it with status 1 and `error: ...` on standard error.
///
///     struct GreetCommand: Command {
///       static let configuration = CommandConfiguration(
///         name: "greet", abstract: "Print a greeting.",
///         arguments: [
///           .argument("name", help: "Who to greet."),
///           .option("times", short: "n", value: "n", default: "1", help: "How often."),
///         ])
///       var name: String
///       var times: Int
///       init(arguments: ParsedArguments) throws(UsageError) {
///         name = try arguments.value("name", as: .string)
///         times = try arguments.value("times", as: .integer(in: 1...100))
///       }
///       func run(context: CommandContext) throws {
///         for _ in 0..<times { context.standardOutput.writeLine("hello \(name)") }
///       }
///     }
public protocol Command {
  /// The name, the help text and the arguments the command accepts.
  static var configuration: CommandConfiguration { get }

  /// Reads the typed values from the parsed command line.
  ///
  /// Throws `UsageError` when a value does not convert (not a number, out of range, no such
  /// file); use the accessors of `ParsedArguments`, which name the argument in the message.
  init(arguments: ParsedArguments) throws(UsageError)

  /// Checks the values together before anything runs (for example two options that exclude
  /// each other). The default accepts everything.
  func validate() throws(UsageError)

  /// Does the work, writing to `context`'s outputs.
  ///
  /// Throw any error to fail with exit status 1 (its description is printed after
  /// `error: `), or `ExitCode` to end with a given status and no further message (for
  /// example after printing diagnostics).
  func run(context: CommandContext) throws
}

extension Command {
  public func validate() throws(UsageError) {}
}

/// What a command is called, what it does, and the arguments it takes.
public struct CommandConfiguration: Sendable {
  /// The word after `vidlat` that selects the command.
  public var name: String
  /// One line saying what the command does, shown in the command list and in its help.
  public var abstract: String
  /// Longer help shown after the arguments: details, examples.
  public var discussion: String
  /// The flags, options and positional arguments, in the order the help lists them.
  public var arguments: [ArgumentDefinition]

  public init(
    name: String, abstract: String, discussion: String = "",
    arguments: [ArgumentDefinition] = []
  ) {
    self.name = name
    self.abstract = abstract
    self.discussion = discussion
    self.arguments = arguments
  }
}

/// Ends a command with a given exit status and no further message.
public struct ExitCode: Error, Equatable, Sendable {
  public var rawValue: Int32

  public init(_ rawValue: Int32) {
    self.rawValue = rawValue
  }

  /// Status 0.
  public static let success = ExitCode(0)
  /// Status 1: the command ran and failed (bad input file, errors found...).
  public static let failure = ExitCode(1)
  /// Status 64 (`EX_USAGE`): the command line itself was wrong.
  public static let usage = ExitCode(64)
  /// Status 130 (128 + SIGINT), as shells report a command stopped by Ctrl-C: the command
  /// stopped early on it, after saving what it could.
  public static let interrupted = ExitCode(130)
}
