import PriorLanguage
import Testing

@testable import VidlatCLI

/// Runs the command line in-process and returns the status and both outputs.
func runCLI(_ arguments: [String], input: String = "") -> (
  status: Int32, output: String, error: String
) {
  let context = CommandContext.capturing(input: input)
  let status = VidlatCLI.run(arguments, context: context)
  return (status, context.standardOutput.text, context.standardError.text)
}

private struct FailingCommand: Command {
  static let configuration = CommandConfiguration(
    name: "fail", abstract: "Fail in a chosen way.",
    arguments: [
      .option("how", value: "kind", default: "error", help: "error, exit or usage."),
      .option("count", value: "n", default: "1", help: "Must be at most 3."),
    ])

  var how: String
  var count: Int

  init(arguments: ParsedArguments) throws(UsageError) {
    how = try arguments.value("how", as: .choice(["error", "exit", "usage", "prior", "none"]))
    count = try arguments.value("count", as: .integer)
  }

  func validate() throws(UsageError) {
    if count > 3 { throw UsageError("'--count' must be at most 3", hint: "use 3") }
  }

  struct Broken: Error, CustomStringConvertible {
    var description: String { "broken.prior: cannot read" }
  }

  func run(context: CommandContext) throws {
    context.standardOutput.writeLine("running")
    switch how {
    case "error": throw Broken()
    case "exit": throw ExitCode(3)
    case "usage": throw UsageError("found too late")
    case "prior": _ = try Prior(source: "x'' = -kk*x\n", name: "bad.prior")
    default: break
    }
  }
}

private func execute(_ arguments: [String]) -> (status: Int32, output: String, error: String) {
  let context = CommandContext.capturing()
  let status = VidlatCLI.execute(FailingCommand.self, arguments: arguments, context: context)
  return (status, context.standardOutput.text, context.standardError.text)
}

@Suite struct DispatchTests {
  @Test func noArgumentsAndHelpListTheCommands() {
    for arguments in [[], ["--help"], ["-h"], ["help"]] {
      let result = runCLI(arguments)
      #expect(result.status == 0)
      #expect(result.output.contains("USAGE: vidlat <command>"))
      #expect(result.output.contains("\n  help                    Show the help"))
      #expect(result.error.isEmpty)
    }
  }

  @Test func versionPrintsTheVersion() {
    #expect(runCLI(["--version"]).output == "vidlat \(VidlatCLI.version)\n")
  }

  @Test func unknownCommandSuggestsTheClosest() {
    let result = runCLI(["hlep"])
    #expect(result.status == 64)
    #expect(
      result.error == """
        error: unknown command 'hlep'
        hint: did you mean 'help'?
        See 'vidlat --help'.

        """)
    #expect(runCLI(["--bogus"]).status == 64)
    #expect(runCLI(["--bogus"]).error.hasPrefix("error: unknown option '--bogus'\n"))
  }

  @Test func helpCommandExplainsOneCommand() {
    let result = runCLI(["help", "help"])
    #expect(result.status == 0)
    #expect(result.output.hasPrefix("OVERVIEW: Show the help of a command"))
    #expect(result.output == runCLI(["help", "--help"]).output)
    let unknown = runCLI(["help", "simulat"])
    #expect(unknown.status == 64)
    #expect(unknown.error.contains("error: unknown command 'simulat'"))
    #expect(unknown.error.hasSuffix("See 'vidlat help --help'.\n"))
  }

  @Test func runtimeErrorExitsOneWithMessage() {
    let result = execute([])
    #expect(result.status == 1)
    #expect(result.output == "running\n")
    #expect(result.error == "error: broken.prior: cannot read\n")
  }

  @Test func priorErrorsPrintTheirDiagnostics() {
    let result = execute(["--how", "prior"])
    #expect(result.status == 1)
    #expect(result.error.contains("bad.prior:1:8: error: unknown name 'kk'"))
    #expect(!result.error.contains("error: bad.prior"))
    #expect(result.error.contains("x'' = -kk*x\n       ^~\n"))
  }

  @Test func exitCodeEndsSilently() {
    let result = execute(["--how", "exit"])
    #expect(result.status == 3)
    #expect(result.error.isEmpty)
    #expect(execute(["--how", "none"]).status == 0)
  }

  @Test func usageErrorsExit64WithUsageAndHelpPointer() {
    let result = execute(["--how", "sometimes"])
    #expect(result.status == 64)
    #expect(result.output.isEmpty)
    #expect(
      result.error == """
        error: invalid value 'sometimes' for '--how <kind>': expected one of 'error', 'exit', \
        'usage', 'prior', 'none'
        USAGE: vidlat fail [--how <kind>] [--count <n>]
        See 'vidlat fail --help'.

        """)
    let invalid = execute(["--count", "4"])
    #expect(invalid.status == 64)
    #expect(invalid.error.hasPrefix("error: '--count' must be at most 3\nhint: use 3\n"))
    #expect(execute(["--how", "usage"]).status == 64)
    #expect(execute(["stray"]).error.contains("hint: 'fail' takes no positional arguments"))
  }

  @Test func helpWinsOverErrorsButNotAfterDoubleDash() {
    #expect(execute(["--how", "sometimes", "--help"]).status == 0)
    #expect(execute(["-h"]).output.hasPrefix("OVERVIEW: Fail in a chosen way."))
    #expect(execute(["--", "--help"]).status == 64)
  }
}
