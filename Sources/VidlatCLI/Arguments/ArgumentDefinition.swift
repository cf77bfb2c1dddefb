/// One flag, option or positional argument of a command: how it is written, and its help.
///
/// Names are written without dashes: `.option("steps", ...)` is `--steps`. Build them with
/// the static functions:
///
///     .flag("verbose", short: "v", help: "Print more.")
///     .flag("noise", inverted: true, default: true, help: "Add process noise.")  // --no-noise
///     .option("steps", value: "n", default: "100", help: "Number of steps.")
///     .option("set", value: "name=value", occurs: .repeatedly, help: "Override a parameter.")
///     .option("data", value: "video", occurs: .asList, help: "Videos.")  // --data a.mp4 b.mp4
///     .argument("file", help: "The .prior file.")
///     .argument("files", arity: .variadic, help: "The .prior files.")
public struct ArgumentDefinition: Sendable, Equatable {
  /// How many values a positional argument takes.
  public enum Arity: Sendable, Equatable {
    /// Exactly one value.
    case required
    /// Zero or one value.
    case optional
    /// One or more values (must be the last positional argument).
    case variadic
  }

  /// How often an option may be given, and how many values each time.
  public enum Occurrence: Sendable, Equatable {
    /// One value; given twice, the last one wins.
    case once
    /// One value each time; every occurrence is kept (`--set a=1 --set b=2`).
    case repeatedly
    /// Every word after the option up to the next option is a value (`--data a.mp4 b.mp4`,
    /// what a shell makes of `--data clips/*.mp4`); it may be given again, and every value
    /// is kept. A command with one cannot also take positional arguments after it.
    case asList
  }

  /// What kind of argument this is.
  public enum Kind: Sendable, Equatable {
    /// `--name` (and `--no-name` when `inverted`) with no value.
    case flag(inverted: Bool)
    /// `--name value` or `--name=value`, as often as `occurrence` says.
    case option(Occurrence, isRequired: Bool)
    /// A value given by position.
    case positional(Arity)
  }

  /// The long name without dashes (`steps` for `--steps`), or the positional's key.
  public var name: String
  /// A one-letter alias: `-n` for `short: "n"`.
  public var shortName: Character?
  public var kind: Kind
  /// The placeholder for the value in help, such as `n` in `--steps <n>`.
  public var valueName: String
  /// The value used when the argument is absent (shown in help); for flags "true"/"false".
  public var defaultValue: String?
  /// One sentence for the help text.
  public var help: String

  /// A flag without a value. With `inverted`, `--no-NAME` turns it off, and `defaultValue`
  /// says what holds when neither is given.
  public static func flag(
    _ name: String, short: Character? = nil, inverted: Bool = false, default: Bool = false,
    help: String
  ) -> ArgumentDefinition {
    ArgumentDefinition(
      name: name, shortName: short, kind: .flag(inverted: inverted), valueName: "",
      defaultValue: String(`default`), help: help)
  }

  /// An option taking a value, `--NAME value` or `--NAME=value`.
  ///
  /// `occurs` says how often it may be given (`Occurrence`). A `required` option must be
  /// given (it has no default).
  public static func option(
    _ name: String, short: Character? = nil, value: String, default: String? = nil,
    occurs: Occurrence = .once, required: Bool = false, help: String
  ) -> ArgumentDefinition {
    ArgumentDefinition(
      name: name, shortName: short, kind: .option(occurs, isRequired: required),
      valueName: value, defaultValue: `default`, help: help)
  }

  /// A positional argument; its value name in help is `name` unless `value` is given.
  public static func argument(
    _ name: String, value: String? = nil, arity: Arity = .required, help: String
  ) -> ArgumentDefinition {
    ArgumentDefinition(
      name: name, shortName: nil, kind: .positional(arity), valueName: value ?? name,
      defaultValue: nil, help: help)
  }

  var isPositional: Bool {
    if case .positional = kind { return true }
    return false
  }

  /// How the argument is shown in messages: `--steps <n>`, `--verbose`, `<file>`.
  var displayName: String {
    switch kind {
    case .flag: return "--\(name)"
    case .option: return "--\(name) <\(valueName)>"
    case .positional(.variadic): return "<\(valueName)> ..."
    case .positional: return "<\(valueName)>"
    }
  }
}
