/// The values of one parsed command line, read by name with a type that converts and checks
/// them.
///
///     let steps = try arguments.value("steps", as: .integer(in: 1...1_000_000))
///     let seed = try arguments.optionalValue("seed", as: .integer)
///     let overrides = try arguments.values("set", as: .assignment)
///     let noise = arguments.flag("noise")
///
/// A value that does not convert throws a `UsageError` naming the argument and saying what
/// was expected.
public struct ParsedArguments: Sendable {
  let definitions: [ArgumentDefinition]
  let values: [String: [String]]
  let flags: [String: Bool]

  /// Whether the flag is on: given (`--name`), off when `--no-name` was given, else its
  /// declared default.
  public func flag(_ name: String) -> Bool {
    if let value = flags[name] { return value }
    return definition(name).defaultValue == "true"
  }

  /// Whether the option or positional was written on the command line (defaults do not
  /// count).
  public func contains(_ name: String) -> Bool {
    values[name] != nil || flags[name] != nil
  }

  /// The value given (the last one, for an option written twice) or the declared default,
  /// converted. Throws when it is absent and has no default, or does not convert.
  public func value<Value>(_ name: String, as type: ArgumentType<Value>) throws(UsageError)
    -> Value
  {
    guard let value = try optionalValue(name, as: type) else {
      throw UsageError("missing '\(definition(name).displayName)'")
    }
    return value
  }

  /// The value given or the declared default, converted; nil when there is neither.
  public func optionalValue<Value>(_ name: String, as type: ArgumentType<Value>)
    throws(UsageError) -> Value?
  {
    let definition = definition(name)
    guard let text = values[name]?.last ?? definition.defaultValue else { return nil }
    return try convert(text, for: definition, as: type)
  }

  /// Every value of a repeatable option or variadic positional, converted, in order.
  public func values<Value>(_ name: String, as type: ArgumentType<Value>) throws(UsageError)
    -> [Value]
  {
    let definition = definition(name)
    var converted: [Value] = []
    for text in values[name] ?? [] {
      converted.append(try convert(text, for: definition, as: type))
    }
    return converted
  }

  private func convert<Value>(
    _ text: String, for definition: ArgumentDefinition, as type: ArgumentType<Value>
  ) throws(UsageError) -> Value {
    do {
      return try type.convert(text)
    } catch {
      throw UsageError(
        "invalid value '\(text)' for '\(definition.displayName)': \(error.reason)")
    }
  }

  /// The definition of `name`. Asking for a name the command does not declare is a
  /// programming error in the command, caught by its tests.
  private func definition(_ name: String) -> ArgumentDefinition {
    guard let definition = definitions.first(where: { $0.name == name }) else {
      fatalError("the command reads argument '\(name)' but does not declare it")
    }
    return definition
  }
}
