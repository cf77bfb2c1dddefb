import Foundation

/// The text of one `.prior` file (or of a REPL line, or of a command-line override), with
/// the line table that turns offsets into line and column numbers.
///
/// Offsets and columns count Unicode scalars. A `SourceFile` is immutable and shared by
/// reference: every token, syntax node and diagnostic points back to it.
public final class SourceFile: Sendable {
  /// The path or label shown in diagnostics, e.g. `Priors/pendulum.prior` or `<repl>`.
  public let path: String
  /// The full text.
  public let text: String
  /// The text as Unicode scalars; offsets index this array.
  let scalars: [Unicode.Scalar]
  /// The offset at which each line starts (line 1 at index 0).
  let lineStarts: [Int]

  /// A source file named `path` holding `text`.
  public init(path: String, text: String) {
    self.path = path
    self.text = text
    let scalars = Array(text.unicodeScalars)
    var starts = [0]
    var offset = 0
    while offset < scalars.count {
      if scalars[offset].value == 10 { starts.append(offset + 1) }
      offset += 1
    }
    self.scalars = scalars
    self.lineStarts = starts
  }

  /// Reads the file at `path` (invalid UTF-8 becomes U+FFFD and is reported by the lexer; a
  /// NUL byte marks a binary file, which is an error).
  ///
  /// - Throws: `PriorError` naming the file when it cannot be read.
  public convenience init(contentsOfFile path: String) throws(PriorError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw PriorError(fileNotReadable: path, reason: "no such file")
    }
    guard !isDirectory.boolValue else {
      throw PriorError(fileNotReadable: path, reason: "it is a directory")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw PriorError(fileNotReadable: path, reason: "permission denied or read error")
    }
    if let zero = data.firstIndex(of: 0) {
      throw PriorError(
        fileNotReadable: path,
        reason: "it is not a text file (byte \(zero - data.startIndex) is NUL)")
    }
    self.init(path: path, text: String(decoding: data, as: UTF8.self))
  }

  /// The number of lines (a final line without a newline counts; an empty file has 1).
  public var lineCount: Int { lineStarts.count }

  /// The 1-based line and column of `offset` (clamped to the text).
  public func location(at offset: Int) -> SourceLocation {
    let offset = min(max(offset, 0), scalars.count)
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    return SourceLocation(offset: offset, line: low + 1, column: offset - lineStarts[low] + 1)
  }

  /// The range from offset `start` up to (not including) offset `end`.
  public func range(from start: Int, to end: Int) -> SourceRange {
    SourceRange(source: self, start: location(at: start), end: location(at: max(start, end)))
  }

  /// The text of 1-based line `line`, without its line terminator ("" outside the file).
  public func line(_ line: Int) -> String {
    guard line >= 1, line <= lineStarts.count else { return "" }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : scalars.count
    if end > start, scalars[end - 1] == "\r" { end -= 1 }
    return SourceFile.string(scalars[start..<end])
  }

  /// A string of `scalars`; ASCII (almost every token) goes through a byte buffer, which is
  /// much faster than appending scalars one by one in debug builds.
  private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(scalars.count)
    for scalar in scalars {
      guard scalar.value < 128 else {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
      }
      bytes.append(UInt8(scalar.value))
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The text covered by `range` (which must point into this file).
  public func text(in range: SourceRange) -> String {
    let start = min(range.start.offset, scalars.count)
    let end = min(max(range.end.offset, start), scalars.count)
    return SourceFile.string(scalars[start..<end])
  }
}
