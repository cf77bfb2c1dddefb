import Foundation

/// A run's metrics.csv (a header row, then one row per epoch, comma-separated), as both
/// kinds of run write it.
public enum MetricsFile {
  /// The value in `column` of the last row of the CSV file at `path`; nil when the file,
  /// the column or a data row is missing, or the value is not a number.
  public static func lastValue(of column: String, inFile path: String) -> Double? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    let lines = text.split(separator: "\n")
    guard let header = lines.first, lines.count > 1,
      let index = header.split(separator: ",").firstIndex(where: { $0 == column })
    else { return nil }
    let last = lines[lines.count - 1].split(separator: ",", omittingEmptySubsequences: false)
    return index < last.count ? Double(last[index]) : nil
  }
}
