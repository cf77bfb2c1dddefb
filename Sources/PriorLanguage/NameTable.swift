/// The names a prior (or a REPL session) knows, by kind: for tab completion and help.
public struct NameTable: Sendable, Equatable {
  /// Params in declaration order.
  public var parameters: [String]
  /// State components in state order (`x`, `x'`, ...).
  public var stateComponents: [String]
  /// `let` names.
  public var lets: [String]
  /// `def` names.
  public var defs: [String]

  /// The built-in functions, including `pow`.
  public static let builtinFunctions: [String] =
    BuiltinFunction.allCases.map(\.rawValue) + ["pow"]
  /// The built-in constants.
  public static let constants = ["pi", "e"]
  /// The initial distributions of `init`.
  public static let distributions = ["uniform", "normal"]
  /// The reserved words.
  public static let keywords: [String] = Keyword.allCases.map(\.rawValue)
  /// The integrator names.
  public static let integrators: [String] = Integrator.allCases.map(\.rawValue)

  /// A table of the given declared names.
  public init(parameters: [String], stateComponents: [String], lets: [String], defs: [String]) {
    self.parameters = parameters
    self.stateComponents = stateComponents
    self.lets = lets
    self.defs = defs
  }

  /// Every name, declared and built-in, sorted and without duplicates.
  public var all: [String] {
    Array(
      Set(
        parameters + stateComponents + lets + defs + NameTable.builtinFunctions
          + NameTable.constants + NameTable.distributions + NameTable.keywords
          + NameTable.integrators)
    ).sorted()
  }

  /// The names starting with `prefix`, sorted.
  public func completions(of prefix: String) -> [String] {
    all.filter { $0.hasPrefix(prefix) }
  }
}
