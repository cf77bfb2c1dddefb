import Foundation

/// What tab completes in the REPL, decided from the line typed so far:
///
/// - `:` at the start of a line: the REPL commands (`:load`, `:simulate`...).
/// - after `:load `: the files and folders of the path's folder (`Priors/sp` completes in
///   `Priors/`); folders end with `/`.
/// - the start of a line: the declaration keywords and the names in scope.
/// - after `:set `: what can be overridden (params, `dt`, `integrator`, `noise.X`, `init.X`).
/// - anywhere else: the names in scope (params, states, lets, defs, built-in functions,
///   constants), and `wrt` in a `:diff` command.
struct CompletionEngine {
  /// The REPL commands, with their leading colon.
  var commands: [String]
  /// Words that start a declaration (`param`, `let`, ...).
  var keywords: [String]
  /// The names in scope now.
  var names: [String]
  /// What `:set` can override now.
  var overrideTargets: [String]

  func complete(_ request: CompletionRequest) -> Completion {
    let before = request.prefix.trimmingLeadingSpaces
    let candidates: [String]
    if before.isEmpty {
      candidates = request.word.hasPrefix(":") ? commands : keywords + names
    } else if before.hasPrefix(":load") || before.hasPrefix(":l ") {
      let command = before.prefix { !$0.isWhitespace }
      let path =
        String(String(before.dropFirst(command.count)).trimmingLeadingSpaces) + request.word
      return .paths(CompletionEngine.paths(completing: path, word: request.word))
    } else if before.hasPrefix(":set") {
      candidates = overrideTargets
    } else if before.hasPrefix(":diff") {
      candidates = names + ["wrt"]
    } else {
      candidates = names
    }
    let matches = Set(candidates.filter { $0.hasPrefix(request.word) })
    return .words(matches.sorted())
  }
}

extension CompletionEngine {
  /// The completions of the last word of `path`, `word`: the entries of the path's folder
  /// whose names start with the path's last component, each without the part of that
  /// component before `word` (readline replaces only the word, which a `-` or `+` in a file
  /// name ends). Hidden entries only when the component starts with `.`.
  static func paths(completing path: String, word: String) -> [String] {
    let folder = String(
      path[..<(path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex)])
    let name = String(path.dropFirst(folder.count))
    let location = folder.isEmpty ? "." : NSString(string: folder).expandingTildeInPath
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: location) else {
      return []
    }
    let skipped = max(0, name.count - word.count)
    return entries.filter { $0.hasPrefix(name) && ($0.hasPrefix(".") == name.hasPrefix(".")) }
      .map { entry in
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(
          atPath: location + "/" + entry, isDirectory: &isFolder)
        return String(entry.dropFirst(skipped)) + (exists && isFolder.boolValue ? "/" : "")
      }
      .sorted()
  }
}

extension String {
  fileprivate var trimmingLeadingSpaces: Substring {
    drop { $0 == " " || $0 == "\t" }
  }
}
