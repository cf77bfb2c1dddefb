import PriorLanguage

/// `vidlat check FILE...`: every diagnostic of every file; status 1 if any has errors.
struct CheckCommand: Command {
  static let configuration = CommandConfiguration(
    name: "check", abstract: "Check .prior files and report every error and warning.",
    discussion: """
      Each diagnostic shows file:line:column, what is wrong and what would be right, and \
      the source line with a caret under the problem. A file with no errors gets a one-line \
      summary. Exit status: 0 when no file has errors (warnings do not fail), 1 otherwise.
      """,
    arguments: [
      .argument("files", value: "file", arity: .variadic, help: "The .prior files to check.")
    ])

  var paths: [String]

  init(arguments: ParsedArguments) throws(UsageError) {
    paths = try arguments.values("files", as: .string)
  }

  func run(context: CommandContext) throws {
    let output = context.standardOutput
    var failed = false
    for path in paths {
      let diagnostics: [Diagnostic]
      var summary = ""
      do {
        let check = Prior.check(try SourceFile(contentsOfFile: path))
        diagnostics = check.diagnostics
        if let model = check.model, !check.hasErrors {
          summary =
            " (\(pluralized(model.states.count, "state")), "
            + "\(pluralized(model.parameters.count, "param")))"
        }
      } catch {
        diagnostics = error.diagnostics
      }
      output.write(diagnostics.rendered(colored: output.usesColor))
      let errors = diagnostics.errors.count
      let warnings = diagnostics.warnings.count
      if errors > 0 {
        failed = true
        let counts =
          [pluralized(errors, "error")] + (warnings > 0 ? [pluralized(warnings, "warning")] : [])
        output.writeLine("\(path): " + output.styled(counts.joined(separator: ", "), .bold, .red))
      } else {
        let status = warnings > 0 ? "ok, \(pluralized(warnings, "warning"))" : "ok"
        output.writeLine("\(path): " + output.styled(status, .bold, .green) + summary)
      }
    }
    if failed { throw ExitCode.failure }
  }
}
