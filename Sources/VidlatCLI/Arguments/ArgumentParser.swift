/// Splits a command line into the flags, options and positional arguments a command declares.
///
/// Conventions (those of swift-argument-parser and most Unix tools):
/// - `--name value` and `--name=value`; `-n value` and `-n5`; clustered flags `-ab`.
/// - `--no-name` turns off a flag declared `inverted`.
/// - `--` ends the options: everything after it is positional. A lone `-` is positional.
/// - A value may start with `-` only when it is a number (`--lower -1.5`).
/// - An option given twice keeps the last value, unless it occurs `.repeatedly` or
///   `.asList` (then every value is kept; a list option takes every word up to the next
///   option: `--data a.mp4 b.mp4`).
/// `--help` is handled by the dispatcher before parsing.
struct ArgumentParser {
  var configuration: CommandConfiguration

  func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
    var values: [String: [String]] = [:]
    var flags: [String: Bool] = [:]
    var positionals: [String] = []
    var index = 0
    var onlyPositionals = false

    func takeValue(for definition: ArgumentDefinition, inline: String?) throws(UsageError)
      -> String
    {
      if let inline { return inline }
      let next = index + 1
      guard next < arguments.count, Self.canBeValue(arguments[next]) else {
        throw UsageError(
          "missing value for '\(definition.displayName)'",
          hint: "write '--\(definition.name) <\(definition.valueName)>' or "
            + "'--\(definition.name)=<\(definition.valueName)>'")
      }
      index = next
      return arguments[next]
    }

    func record(_ definition: ArgumentDefinition, value: String) {
      if case .option(.once, _) = definition.kind {
        values[definition.name] = [value]
      } else {
        values[definition.name, default: []].append(value)
      }
    }

    /// The words after a list option's first value, up to the next option.
    func takeListValues(for definition: ArgumentDefinition) {
      guard case .option(.asList, _) = definition.kind else { return }
      while index + 1 < arguments.count, !arguments[index + 1].hasPrefix("-") {
        index += 1
        values[definition.name, default: []].append(arguments[index])
      }
    }

    while index < arguments.count {
      let argument = arguments[index]
      if onlyPositionals || !argument.hasPrefix("-") || argument == "-"
        || (Self.isNumber(argument) && !declaresDigitShortName)
      {
        positionals.append(argument)
      } else if argument == "--" {
        onlyPositionals = true
      } else if argument.hasPrefix("--") {
        let body = argument.dropFirst(2)
        let name: String
        let inline: String?
        if let equals = body.firstIndex(of: "=") {
          name = String(body[..<equals])
          inline = String(body[body.index(after: equals)...])
        } else {
          name = String(body)
          inline = nil
        }
        if let definition = definition(long: name) {
          switch definition.kind {
          case .flag:
            if inline != nil {
              throw UsageError("'--\(name)' is a flag and takes no value")
            }
            flags[definition.name] = true
          case .option:
            record(definition, value: try takeValue(for: definition, inline: inline))
            if inline == nil { takeListValues(for: definition) }
          case .positional:
            throw unknownOption("--\(name)")
          }
        } else if name.hasPrefix("no-"),
          let definition = definition(long: String(name.dropFirst(3))),
          case .flag(inverted: true) = definition.kind
        {
          if inline != nil {
            throw UsageError("'--\(name)' is a flag and takes no value")
          }
          flags[definition.name] = false
        } else {
          throw unknownOption("--\(name)")
        }
      } else {
        // A cluster of short names: -v, -vq, -n5, -n 5.
        var letters = Substring(argument.dropFirst())
        while let letter = letters.first {
          letters = letters.dropFirst()
          guard let definition = definition(short: letter) else {
            throw unknownOption("-\(letter)")
          }
          if case .flag = definition.kind {
            flags[definition.name] = true
          } else {
            let value = try takeValue(
              for: definition, inline: letters.isEmpty ? nil : String(letters))
            record(definition, value: value)
            letters = ""
          }
        }
      }
      index += 1
    }

    let assigned = try assignPositionals(positionals)
    for (name, value) in assigned { values[name] = value }
    for definition in configuration.arguments {
      if case .option(_, isRequired: true) = definition.kind, values[definition.name] == nil {
        throw UsageError("missing required option '\(definition.displayName)'")
      }
    }
    return ParsedArguments(
      definitions: configuration.arguments, values: values, flags: flags)
  }

  /// Hands out positional values to the declared positionals in order.
  private func assignPositionals(_ positionals: [String]) throws(UsageError) -> [String:
    [String]]
  {
    var assigned: [String: [String]] = [:]
    let declared = configuration.arguments.filter(\.isPositional)
    let requiredCount = declared.filter { $0.kind == .positional(.required) }.count
    var remaining = positionals[...]
    var requiredLeft = requiredCount
    for definition in declared {
      guard case .positional(let arity) = definition.kind else { continue }
      switch arity {
      case .required:
        guard let value = remaining.popFirst() else {
          throw UsageError("missing argument '\(definition.displayName)'")
        }
        assigned[definition.name] = [value]
        requiredLeft -= 1
      case .optional:
        if remaining.count > requiredLeft, let value = remaining.popFirst() {
          assigned[definition.name] = [value]
        }
      case .variadic:
        let take = remaining.count - requiredLeft
        guard take >= 1 else {
          throw UsageError("missing argument '\(definition.displayName)'")
        }
        assigned[definition.name] = Array(remaining.prefix(take))
        remaining = remaining.dropFirst(take)
      }
    }
    if let extra = remaining.first {
      throw UsageError(
        "unexpected argument '\(extra)'",
        hint: declared.isEmpty
          ? "'\(configuration.name)' takes no positional arguments" : nil)
    }
    return assigned
  }

  private func definition(long name: String) -> ArgumentDefinition? {
    configuration.arguments.first { !$0.isPositional && $0.name == name }
  }

  private func definition(short letter: Character) -> ArgumentDefinition? {
    configuration.arguments.first { $0.shortName == letter }
  }

  private var declaresDigitShortName: Bool {
    configuration.arguments.contains { $0.shortName?.isNumber ?? false }
  }

  private func unknownOption(_ written: String) -> UsageError {
    var names = configuration.arguments.filter { !$0.isPositional }.map { "--\($0.name)" }
    names.append("--help")
    let suggestion = closestMatch(to: written, among: names)
    return UsageError(
      "unknown option '\(written)'", hint: suggestion.map { "did you mean '\($0)'?" })
  }

  /// Whether `argument` may be taken as an option's value rather than as the next option.
  private static func canBeValue(_ argument: String) -> Bool {
    !argument.hasPrefix("-") || argument == "-" || isNumber(argument)
  }

  private static func isNumber(_ argument: String) -> Bool {
    Double(argument) != nil
  }
}
