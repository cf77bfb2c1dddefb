import PriorLanguage

/// `vidlat repl [FILE]`: the interactive prior session.
struct ReplCommand: Command {
  static let configuration = CommandConfiguration(
    name: "repl", abstract: "Write and explore priors interactively.",
    discussion: """
      Declarations (param, let, def, equations, noise, init, observe, dt, integrator) build \
      up a session prior; expressions print their values; :help lists the commands \
      (:load, :show, :diff, :simulate, :set, :reset, :quit). On a terminal, lines are \
      edited with readline, Tab completes commands and names, and the history is kept in \
      ~/.vidlat_history. When standard input is not a terminal, lines are read as they come \
      with no prompt, so a script can be piped in:

        printf 'param k = 2\\nk^2\\n' | vidlat repl
      """,
    arguments: [
      .argument("file", arity: .optional, help: "A .prior file to load at the start.")
    ])

  var path: String?

  init(arguments: ParsedArguments) throws(UsageError) {
    path = try arguments.optionalValue("file", as: .existingFile)
  }

  func run(context: CommandContext) throws {
    let reader: LineReader
    var readlineReader: ReadlineLineReader?
    if context.standardInput.isTerminal {
      let home = context.environment["HOME"] ?? ""
      let history = home.isEmpty ? nil : home + "/.vidlat_history"
      let lineReader = ReadlineLineReader(historyPath: history, prompt: REPL.prompt)
      readlineReader = lineReader
      reader = lineReader
    } else {
      // A script: no prompts, and no escape codes even if the output is a terminal.
      reader = PlainLineReader(input: context.standardInput)
      context.standardOutput.usesColor = false
      context.standardError.usesColor = false
    }
    let repl = REPL(context: context, reader: reader)
    readlineReader?.complete = { [unowned repl] request in repl.completion.complete(request) }
    repl.run(loading: path)
  }
}
