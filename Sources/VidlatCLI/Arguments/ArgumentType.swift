import Foundation
import Video

/// How the text of an argument converts to a typed value, and what it must look like.
///
/// Use the built-in types (`.string`, `.integer(in:)`, `.double`, `.existingFile`,
/// `.assignment`, `.choice(...)`) or make one:
/// `ArgumentType { text throws(InvalidArgument) in ... }`.
public struct ArgumentType<Value>: Sendable {
  /// Converts the text, or throws `InvalidArgument` saying what was expected.
  public var convert: @Sendable (String) throws(InvalidArgument) -> Value

  public init(_ convert: @escaping @Sendable (String) throws(InvalidArgument) -> Value) {
    self.convert = convert
  }
}

/// Why an argument's text did not convert: `expected an integer`.
public struct InvalidArgument: Error, Sendable {
  public var reason: String

  public init(_ reason: String) {
    self.reason = reason
  }
}

/// A `name=value` pair with a numeric value, as in `--set c=0.5` or `--init x=1.2`.
public struct Assignment: Hashable, Sendable {
  public var name: String
  public var value: Double

  public init(name: String, value: Double) {
    self.name = name
    self.value = value
  }
}

extension ArgumentType where Value == String {
  /// The text as written.
  public static var string: ArgumentType<String> { ArgumentType { $0 } }

  /// One of `choices`, exactly.
  public static func choice(_ choices: [String]) -> ArgumentType<String> {
    ArgumentType { text throws(InvalidArgument) in
      guard choices.contains(text) else {
        let list = choices.map { "'\($0)'" }.joined(separator: ", ")
        let suggestion = closestMatch(to: text, among: choices).map { " (did you mean '\($0)'?)" }
        throw InvalidArgument("expected one of \(list)\(suggestion ?? "")")
      }
      return text
    }
  }

  /// A path to a regular file that exists and can be read.
  public static var existingFile: ArgumentType<String> {
    ArgumentType { path throws(InvalidArgument) in
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw InvalidArgument("no such file")
      }
      guard !isDirectory.boolValue else { throw InvalidArgument("is a directory, not a file") }
      guard FileManager.default.isReadableFile(atPath: path) else {
        throw InvalidArgument("the file is not readable")
      }
      return path
    }
  }

  /// A path to a directory that exists.
  public static var existingDirectory: ArgumentType<String> {
    ArgumentType { path throws(InvalidArgument) in
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw InvalidArgument("no such directory")
      }
      guard isDirectory.boolValue else { throw InvalidArgument("is a file, not a directory") }
      return path
    }
  }
}

extension ArgumentType where Value == Int {
  /// A whole number such as `100` or `-3`.
  public static var integer: ArgumentType<Int> {
    ArgumentType { text throws(InvalidArgument) in
      guard let value = Int(text) else { throw InvalidArgument("expected an integer") }
      return value
    }
  }

  /// A whole number within `range`.
  public static func integer(in range: ClosedRange<Int>) -> ArgumentType<Int> {
    ArgumentType { text throws(InvalidArgument) in
      guard let value = Int(text) else {
        // Digits too many for Int: out of range rather than not an integer.
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : text[...]
        let isWhole = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
        throw InvalidArgument(
          "expected an integer"
            + (isWhole ? " between \(range.lowerBound) and \(range.upperBound)" : ""))
      }
      guard range.contains(value) else {
        throw InvalidArgument("expected an integer \(describe(range))")
      }
      return value
    }
  }
}

extension ArgumentType where Value == Double {
  /// A finite number such as `0.5`, `-2` or `1e-3`.
  public static var double: ArgumentType<Double> {
    ArgumentType { text throws(InvalidArgument) in
      guard let value = Double(text), value.isFinite else {
        throw InvalidArgument("expected a number")
      }
      return value
    }
  }

  /// A finite number within `range`.
  public static func double(in range: ClosedRange<Double>) -> ArgumentType<Double> {
    ArgumentType { text throws(InvalidArgument) in
      guard let value = Double(text), value.isFinite else {
        throw InvalidArgument("expected a number")
      }
      guard range.contains(value) else {
        throw InvalidArgument("expected a number \(describe(range))")
      }
      return value
    }
  }
}

extension ArgumentType where Value == Assignment {
  /// `name=number`, such as `c=0.5`, `x'=-1` or `k=1e-3`.
  public static var assignment: ArgumentType<Assignment> {
    ArgumentType { text throws(InvalidArgument) in
      guard let equals = text.firstIndex(of: "=") else {
        throw InvalidArgument("expected name=number, such as c=0.5")
      }
      let name = text[..<equals].trimmingCharacters(in: .whitespaces)
      let number = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      guard !name.isEmpty else { throw InvalidArgument("the name before '=' is empty") }
      guard let value = Double(number), value.isFinite else {
        throw InvalidArgument("'\(number)' after '=' is not a number")
      }
      return Assignment(name: name, value: value)
    }
  }
}

private func describe<Bound: Comparable>(_ range: ClosedRange<Bound>) -> String {
  if let int = range.upperBound as? Int, int == Int.max { return "of at least \(range.lowerBound)" }
  if let double = range.upperBound as? Double, double == .infinity {
    return "of at least \(range.lowerBound)"
  }
  return "between \(range.lowerBound) and \(range.upperBound)"
}

extension ArgumentType where Value == FrameRegion {
  /// `whole`, `auto` or `x,y,width,height` in source pixels (`FrameRegion`).
  public static var region: ArgumentType<FrameRegion> {
    ArgumentType { text throws(InvalidArgument) in
      guard let region = FrameRegion(parsing: text) else {
        throw InvalidArgument(
          "expected 'auto', 'whole' or x,y,width,height in source pixels (e.g. 80,20,160,160)")
      }
      return region
    }
  }
}
