/// A table of text in aligned columns, with a header row and a rule under it:
///
///     name   value  learnable
///     -----  -----  ---------
///     k       9.81  no
///     c       0.00  yes
///
/// Numbers read best right-aligned: give their columns `.right`.
public struct Table: Sendable {
  /// How the cells of a column line up.
  public enum Alignment: Sendable {
    case left
    case right
  }

  public var headers: [String]
  public var alignments: [Alignment]
  public private(set) var rows: [[String]] = []

  /// A table with these column headers; columns are left-aligned unless `alignments` says
  /// otherwise (missing entries mean `.left`).
  public init(headers: [String], alignments: [Alignment] = []) {
    self.headers = headers
    self.alignments = (0..<headers.count).map { $0 < alignments.count ? alignments[$0] : .left }
  }

  /// Adds a row; missing cells are empty, extra cells are dropped.
  public mutating func append(_ row: [String]) {
    rows.append((0..<headers.count).map { $0 < row.count ? row[$0] : "" })
  }

  /// The table as lines of text ending in a newline; the header is bold when `output` uses
  /// colours.
  public func render(for output: TextOutput? = nil) -> String {
    let widths = headers.indices.map { column in
      ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      cells.indices.map { column in
        let padding = String(repeating: " ", count: widths[column] - cells[column].count)
        return alignments[column] == .left ? cells[column] + padding : padding + cells[column]
      }.joined(separator: "  ").trailingSpacesRemoved
    }
    let header = line(headers)
    var lines = [output?.styled(header, .bold) ?? header]
    lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    lines += rows.map(line)
    return lines.joined(separator: "\n") + "\n"
  }
}
