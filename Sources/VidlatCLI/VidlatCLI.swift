import PriorLanguage

/// The `vidlat` command line: finds the command named by the first argument, parses the rest
/// against its declaration, and runs it.
///
/// Exit status: 0 success, 1 the command failed (`error: ...` on standard error, or the
/// diagnostics of a thrown `PriorError`), 64 the command line was wrong (a message naming
/// the argument, the usage, and where to get help), 130 stopped by Ctrl-C (`train`, after
/// saving its position).
public enum VidlatCLI {
  /// The program's name as users type it.
  public static let programName = "vidlat"
  /// The version `vidlat --version` prints.
  public static let version = "0.1.0"
  /// One line saying what vidlat is.
  public static let abstract = "Learn interpretable physics from video."

  /// Runs the command line `arguments` (without the program name) on the process's standard
  /// streams and returns the exit status.
  public static func run(_ arguments: [String]) -> Int32 {
    run(arguments, context: .standard())
  }

  /// Runs the command line `arguments` (without the program name) in `context` and returns
  /// the exit status. Tests use it with `CommandContext.capturing()`.
  public static func run(_ arguments: [String], context: CommandContext) -> Int32 {
    defer {
      context.standardOutput.flush()
      context.standardError.flush()
    }
    let formatter = HelpFormatter(width: min(context.standardOutput.width, 100))
    guard let first = arguments.first else {
      context.standardOutput.write(programHelp(formatter))
      return 0
    }
    switch first {
    case "--help", "-h":
      // `vidlat --help train` is `vidlat train --help`.
      if arguments.count > 1, let command = command(named: arguments[1]) {
        context.standardOutput.write(formatter.help(for: command.configuration))
      } else {
        context.standardOutput.write(programHelp(formatter))
      }
      return 0
    case "--version":
      context.standardOutput.writeLine("\(programName) \(version)")
      return 0
    default:
      break
    }
    guard let command = command(named: first) else {
      let error: UsageError
      if let option = otherSpellings[first] {
        error = UsageError(
          "unknown \(first.hasPrefix("-") ? "option" : "command") '\(first)'",
          hint: "did you mean '\(option)'?")
      } else if first.hasPrefix("-") {
        let suggestion = closestMatch(to: first, among: ["--help", "--version"])
        error = UsageError(
          "unknown option '\(first)'", hint: suggestion.map { "did you mean '\($0)'?" })
      } else {
        let suggestion = closestMatch(to: first, among: commands.map { $0.configuration.name })
        error = UsageError(
          "unknown command '\(first)'", hint: suggestion.map { "did you mean '\($0)'?" })
      }
      report(error, usage: nil, helpCommand: programName, context: context)
      return ExitCode.usage.rawValue
    }
    return execute(command, arguments: Array(arguments.dropFirst()), context: context)
  }

  /// Spellings of the program's own options that other programs use, with the option meant.
  static let otherSpellings = ["-v": "--version", "-V": "--version", "version": "--version"]

  /// The command registered under `name`.
  static func command(named name: String) -> (any Command.Type)? {
    commands.first { $0.configuration.name == name }
  }

  /// Parses, validates and runs one command.
  static func execute(
    _ commandType: any Command.Type, arguments: [String], context: CommandContext
  ) -> Int32 {
    let configuration = commandType.configuration
    let formatter = HelpFormatter(width: min(context.standardOutput.width, 100))
    let options = arguments.prefix { $0 != "--" }
    if options.contains("--help") || options.contains("-h") {
      context.standardOutput.write(formatter.help(for: configuration))
      return 0
    }
    let command: any Command
    do {
      let parsed = try ArgumentParser(configuration: configuration).parse(arguments)
      command = try commandType.init(arguments: parsed)
      try command.validate()
    } catch {
      report(
        error, usage: formatter.usage(for: configuration),
        helpCommand: "\(programName) \(configuration.name)", context: context)
      return ExitCode.usage.rawValue
    }
    do {
      try command.run(context: context)
      return 0
    } catch let exit as ExitCode {
      return exit.rawValue
    } catch let error as PriorError {
      // Diagnostics carry their own "path:line:column: error:" and source lines.
      context.printDiagnostics(error.diagnostics)
      return ExitCode.failure.rawValue
    } catch let usage as UsageError {
      report(
        usage, usage: formatter.usage(for: configuration),
        helpCommand: "\(programName) \(configuration.name)", context: context)
      return ExitCode.usage.rawValue
    } catch let prior as PriorError {
      // Diagnostics carry their own "file:line:col: error:" labels and source lines.
      context.standardOutput.flush()
      context.standardError.write(prior.rendered(colored: context.standardError.usesColor))
      return ExitCode.failure.rawValue
    } catch {
      context.reportError(String(describing: error))
      return ExitCode.failure.rawValue
    }
  }

  static func programHelp(_ formatter: HelpFormatter) -> String {
    formatter.help(
      program: programName, abstract: abstract, commands: commands.map { $0.configuration })
  }

  /// Prints a usage error: the message, the hint, the usage line and where to get help.
  private static func report(
    _ error: UsageError, usage: String?, helpCommand: String, context: CommandContext
  ) {
    context.reportError(error.message)
    let output = context.standardError
    if let hint = error.hint { output.writeLine("\(output.styled("hint:", .bold)) \(hint)") }
    if let usage { output.writeLine("USAGE: \(usage)") }
    output.writeLine("See '\(helpCommand) --help'.")
  }
}
