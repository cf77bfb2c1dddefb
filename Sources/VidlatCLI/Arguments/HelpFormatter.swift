/// Writes the help text of commands in the layout of swift-argument-parser: OVERVIEW, USAGE,
/// ARGUMENTS, OPTIONS, then the discussion, with the descriptions in an aligned column and
/// wrapped to the terminal width.
struct HelpFormatter {
  /// The width to wrap to, in columns.
  var width: Int

  /// The column where descriptions start.
  private let descriptionColumn = 26

  /// The full help of one command.
  func help(for configuration: CommandConfiguration) -> String {
    var sections = ["OVERVIEW: \(configuration.abstract)"]
    sections.append("USAGE: " + usage(for: configuration))
    let positionals = configuration.arguments.filter(\.isPositional)
    if !positionals.isEmpty {
      sections.append(
        "ARGUMENTS:\n" + rows(positionals.map { (label($0), description($0)) }))
    }
    let options = configuration.arguments.filter { !$0.isPositional }
    let helpRow = ("-h, --help", "Show help information.")
    sections.append(
      "OPTIONS:\n" + rows(options.map { (label($0), description($0)) } + [helpRow]))
    if !configuration.discussion.isEmpty {
      // Prose lines are wrapped; indented lines (examples) are kept as written.
      let lines = configuration.discussion.split(separator: "\n", omittingEmptySubsequences: false)
        .flatMap { line in
          line.isEmpty || line.hasPrefix(" ") ? [String(line)] : wrap(String(line), width: width)
        }
      sections.append(lines.joined(separator: "\n"))
    }
    return sections.joined(separator: "\n\n") + "\n"
  }

  /// The overview of the whole program: its commands and how to get help on each.
  func help(program: String, abstract: String, commands: [CommandConfiguration]) -> String {
    let sections = [
      "OVERVIEW: \(abstract)",
      "USAGE: \(program) <command> [<arguments>] [--help]\n       \(program) --version",
      "COMMANDS:\n" + rows(commands.map { ($0.name, $0.abstract) }),
      "See '\(program) help <command>' for the help of one command.",
    ]
    return sections.joined(separator: "\n\n") + "\n"
  }

  /// The one-line synopsis: `vidlat simulate <file> [--steps <n>] ...`, wrapped.
  func usage(for configuration: CommandConfiguration) -> String {
    let prefix = "\(VidlatCLI.programName) \(configuration.name)"
    let words = configuration.arguments.map(synopsis)
    var lines = [prefix]
    let indent = String(repeating: " ", count: "USAGE: ".count + prefix.count + 1)
    for word in words {
      let last = lines[lines.count - 1]
      if last.count + 1 + word.count + (lines.count == 1 ? "USAGE: ".count : 0) > width,
        last != prefix
      {
        lines.append(indent + word)
      } else {
        lines[lines.count - 1] = last + " " + word
      }
    }
    return lines.joined(separator: "\n")
  }

  private func synopsis(_ definition: ArgumentDefinition) -> String {
    switch definition.kind {
    case .flag(inverted: true):
      return "[--\(definition.name)|--no-\(definition.name)]"
    case .flag:
      return "[--\(definition.name)]"
    case .option(let occurrence, let isRequired):
      let written =
        "--\(definition.name) <\(definition.valueName)>" + (occurrence == .asList ? " ..." : "")
      if isRequired { return written }
      return "[\(written)]" + (occurrence == .repeatedly ? " ..." : "")
    case .positional(.required):
      return "<\(definition.valueName)>"
    case .positional(.optional):
      return "[<\(definition.valueName)>]"
    case .positional(.variadic):
      return "<\(definition.valueName)> ..."
    }
  }

  private func label(_ definition: ArgumentDefinition) -> String {
    let short = definition.shortName.map { "-\($0), " } ?? ""
    switch definition.kind {
    case .flag(inverted: true):
      return "\(short)--\(definition.name), --no-\(definition.name)"
    case .flag:
      return "\(short)--\(definition.name)"
    case .option(.asList, _):
      return "\(short)--\(definition.name) <\(definition.valueName)> ..."
    case .option:
      return "\(short)--\(definition.name) <\(definition.valueName)>"
    case .positional(.variadic):
      return "<\(definition.valueName)> ..."
    case .positional:
      return "<\(definition.valueName)>"
    }
  }

  private func description(_ definition: ArgumentDefinition) -> String {
    var text = definition.help
    switch definition.kind {
    case .flag(inverted: true):
      let name = definition.defaultValue == "true" ? definition.name : "no-\(definition.name)"
      text += " (default: --\(name))"
    case .flag:
      break
    case .option(let occurrence, _):
      if let value = definition.defaultValue { text += " (default: \(value))" }
      if occurrence == .repeatedly { text += " (repeatable)" }
    case .positional:
      break
    }
    return text
  }

  /// Two-column rows: labels indented by 2, descriptions aligned and wrapped; a label too
  /// long for its column puts its description on the next line.
  private func rows(_ entries: [(label: String, text: String)]) -> String {
    var lines: [String] = []
    let textWidth = max(20, width - descriptionColumn)
    let pad = String(repeating: " ", count: descriptionColumn)
    for (label, text) in entries {
      let wrapped = wrap(text, width: textWidth)
      let head = "  " + label
      var first = wrapped.first ?? ""
      if head.count + 2 > descriptionColumn {
        lines.append(head)
        first = pad + first
      } else {
        first = head + String(repeating: " ", count: descriptionColumn - head.count) + first
      }
      lines.append(first)
      lines += wrapped.dropFirst().map { pad + $0 }
    }
    return lines.map { $0.trailingSpacesRemoved }.joined(separator: "\n")
  }
}

/// `text` broken into lines of at most `width` characters at spaces (a longer word gets a
/// line of its own).
func wrap(_ text: String, width: Int) -> [String] {
  var lines: [String] = []
  var line = ""
  for word in text.split(separator: " ", omittingEmptySubsequences: true) {
    if line.isEmpty {
      line = String(word)
    } else if line.count + 1 + word.count <= width {
      line += " " + word
    } else {
      lines.append(line)
      line = String(word)
    }
  }
  lines.append(line)
  return lines
}

extension String {
  var trailingSpacesRemoved: String {
    var result = self
    while result.last == " " { result.removeLast() }
    return result
  }
}
