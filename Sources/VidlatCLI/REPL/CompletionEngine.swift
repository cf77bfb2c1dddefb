/// What tab completes in the REPL, decided from the line typed so far:
///
/// - `:` at the start of a line: the REPL commands (`:load`, `:simulate`...).
/// - after `:load `: file names.
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
      return .fileNames
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

extension String {
  fileprivate var trimmingLeadingSpaces: Substring {
    drop { $0 == " " || $0 == "\t" }
  }
}
