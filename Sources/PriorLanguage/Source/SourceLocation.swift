/// A position in a source file: 1-based line and column, and the 0-based scalar offset.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// Offset from the start of the file, in Unicode scalars.
  public var offset: Int
  /// Line number, starting at 1.
  public var line: Int
  /// Column number, starting at 1, in Unicode scalars.
  public var column: Int

  /// The location at `offset`, which is `line`:`column`.
  public init(offset: Int, line: Int, column: Int) {
    self.offset = offset
    self.line = line
    self.column = column
  }

  /// `line:column`.
  public var description: String { "\(line):\(column)" }

  /// Earlier in the file.
  public static func < (a: SourceLocation, b: SourceLocation) -> Bool { a.offset < b.offset }
}

/// A half-open span `start ..< end` of a source file.
public struct SourceRange: Sendable, Equatable, CustomStringConvertible {
  /// The file the span points into.
  public let source: SourceFile
  /// The first position of the span.
  public var start: SourceLocation
  /// The position just after the span.
  public var end: SourceLocation

  /// The span of `source` from `start` up to `end` (an `end` before `start` is `start`).
  public init(source: SourceFile, start: SourceLocation, end: SourceLocation) {
    self.source = source
    self.start = start
    self.end = max(start, end)
  }

  /// The smallest range covering both `self` and `other` (same file).
  public func extended(to other: SourceRange) -> SourceRange {
    SourceRange(source: source, start: min(start, other.start), end: max(end, other.end))
  }

  /// The empty range at the start of `self`.
  public var startPoint: SourceRange { SourceRange(source: source, start: start, end: start) }

  /// The text the range covers.
  public var text: String { source.text(in: self) }

  /// `path:line:column`.
  public var description: String { "\(source.path):\(start)" }

  /// The same span of the same file (files compare by identity).
  public static func == (a: SourceRange, b: SourceRange) -> Bool {
    a.source === b.source && a.start == b.start && a.end == b.end
  }
}
