/// `vidlat help [COMMAND]`: the help of one command, or the list of commands.
struct HelpCommand: Command {
  static let configuration = CommandConfiguration(
    name: "help", abstract: "Show the help of a command, or list the commands.",
    arguments: [
      .argument("command", arity: .optional, help: "The command to explain.")
    ])

  var command: (any Command.Type)?

  init(arguments: ParsedArguments) throws(UsageError) {
    command = try Self.command(named: arguments.optionalValue("command", as: .string))
  }

  private static func command(named name: String?) throws(UsageError) -> (any Command.Type)? {
    guard let name else { return nil }
    guard let command = VidlatCLI.command(named: name) else {
      let names = VidlatCLI.commands.map { $0.configuration.name }
      throw UsageError(
        "unknown command '\(name)'",
        hint: closestMatch(to: name, among: names).map { "did you mean '\($0)'?" })
    }
    return command
  }

  func run(context: CommandContext) throws {
    let formatter = HelpFormatter(width: min(context.standardOutput.width, 100))
    if let command {
      context.standardOutput.write(formatter.help(for: command.configuration))
    } else {
      context.standardOutput.write(VidlatCLI.programHelp(formatter))
    }
  }
}
