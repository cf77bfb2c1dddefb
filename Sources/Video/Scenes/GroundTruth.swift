import VidlatSupport

/// A table of true values, one row per frame: `sequence, frame`, the state components, any
/// derived quantities (the pulsar's `phase`) and every physical parameter.
public struct GroundTruth: Equatable, Sendable {
  /// Column names.
  public var columns: [String]
  /// Rows of values, aligned with `columns`.
  public var rows: [[Double]]

  /// Creates a table. - Precondition: every row has one value per column.
  public init(columns: [String], rows: [[Double]]) {
    precondition(rows.allSatisfy { $0.count == columns.count }, "row width mismatch")
    self.columns = columns
    self.rows = rows
  }

  /// The values of column `name`, or nil when there is no such column.
  public func column(_ name: String) -> [Double]? {
    columns.firstIndex(of: name).map { index in rows.map { $0[index] } }
  }

  /// The rows whose `sequence` value is in `sequences`, renumbered 0, 1, ... in that order
  /// (to split the truth like ``VideoSequences/split(validationFraction:seed:)``).
  public func selectingSequences(_ sequences: [Int]) -> GroundTruth {
    guard let sequenceColumn = columns.firstIndex(of: "sequence") else { return self }
    var bySequence: [Int: [[Double]]] = [:]
    for row in rows { bySequence[Int(row[sequenceColumn]), default: []].append(row) }
    var selected: [[Double]] = []
    for (newIndex, old) in sequences.enumerated() {
      for var row in bySequence[old] ?? [] {
        row[sequenceColumn] = Double(newIndex)
        selected.append(row)
      }
    }
    return GroundTruth(columns: columns, rows: selected)
  }

  /// The table as CSV: a header line of column names, then one line per row. Whole numbers
  /// are written without a decimal point; other values in Swift's shortest round-trip form.
  public var csv: String {
    var text = columns.joined(separator: ",") + "\n"
    for row in rows {
      text += row.map(GroundTruth.format).joined(separator: ",") + "\n"
    }
    return text
  }

  /// Writes the CSV to `path` atomically.
  public func write(to path: String) throws(FileError) {
    try AtomicFile.write(csv, to: path)
  }

  /// Reads a ground-truth CSV written by ``write(to:)`` (or any numeric CSV with a header).
  public static func read(path: String) throws(VideoError) -> GroundTruth {
    let bytes = try readWholeFile(path)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw VideoError(path: path, problem: .badHeader("not UTF-8 text"))
    }
    var lines = text.split(whereSeparator: \.isNewline)
    guard !lines.isEmpty else { throw VideoError(path: path, problem: .badHeader("empty file")) }
    let columns = lines.removeFirst().split(separator: ",").map(String.init)
    var rows: [[Double]] = []
    for (number, line) in lines.enumerated() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      let values = fields.compactMap { Double($0) }
      guard values.count == columns.count, fields.count == columns.count else {
        throw VideoError(
          path: path,
          problem: .badHeader(
            "line \(number + 2): expected \(columns.count) numbers, found '\(line.prefix(80))'"))
      }
      rows.append(values)
    }
    return GroundTruth(columns: columns, rows: rows)
  }

  private static func format(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
  }
}
