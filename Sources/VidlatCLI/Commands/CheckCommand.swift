import Foundation
import PriorLanguage

/// `vidlat check FILE|FOLDER...`: every diagnostic of every file (a folder's `.prior` files,
/// in name order); status 1 if any has errors.
struct CheckCommand: Command {
  static let configuration = CommandConfiguration(
    name: "check", abstract: "Check .prior files and report every error and warning.",
    discussion: """
      Each diagnostic shows file:line:column, what is wrong and what would be right, and \
      the source line with a caret under the problem. A file with no errors gets a one-line \
      summary. A folder stands for its .prior files. Exit status: 0 when no file has errors \
      (warnings do not fail), 1 otherwise.
      """,
    arguments: [
      .argument(
        "files", value: "file", arity: .variadic,
        help: "The .prior files to check, or folders of them.")
    ])

  var paths: [String]

  init(arguments: ParsedArguments) throws(UsageError) {
    paths = try arguments.values("files", as: .string)
  }

  func run(context: CommandContext) throws {
    let output = context.standardOutput
    var failed = false
    for folder in paths where CheckCommand.priorFiles(in: folder)?.isEmpty == true {
      failed = true
      context.reportError("\(folder): no .prior files in the folder")
    }
    for path in paths.flatMap({ CheckCommand.priorFiles(in: $0) ?? [$0] }) {
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

  /// The paths of the `.prior` files in `folder`, in name order, or nil when it is not a
  /// folder.
  static func priorFiles(in folder: String) -> [String]? {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder),
      isFolder.boolValue
    else { return nil }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    let base = folder.hasSuffix("/") ? folder : folder + "/"
    return names.filter { $0.hasSuffix(".prior") }.sorted().map { base + $0 }
  }
}
