import Foundation

extension DecodingError {
  /// What is wrong in the decoded file, naming the key: `missing key 'seed'`,
  /// `'schedule.epochs' is not a valid Int`, `not valid JSON`.
  var summary: String {
    switch self {
    case .keyNotFound(let key, let context):
      return "missing key '\(Self.path(context.codingPath + [key]))'"
    case .typeMismatch(let type, let context):
      return "'\(Self.path(context.codingPath))' is not a valid \(type)"
    case .valueNotFound(let type, let context):
      return "'\(Self.path(context.codingPath))' has no value (expected a \(type))"
    case .dataCorrupted(let context):
      return context.codingPath.isEmpty
        ? "not valid JSON" : "'\(Self.path(context.codingPath))' has an invalid value"
    @unknown default:
      return "not a valid file"
    }
  }

  /// `schedule.epochs`, `dataFiles[0]`.
  private static func path(_ keys: [any CodingKey]) -> String {
    keys.reduce("") { path, key in
      if let index = key.intValue { return path + "[\(index)]" }
      return path.isEmpty ? key.stringValue : path + "." + key.stringValue
    }
  }
}
