/// A source line as a diagnostic quotes it, with the indentation of the caret under it.
///
/// Control characters other than tab are written escaped, as `\u{1B}`, so that quoting a
/// file cannot clear or retitle the terminal. A line wider than `maximumWidth` columns is
/// cut to a window around the span, with `...` where it is cut.
struct QuotedLine {
  /// The line as shown.
  var text: String
  /// What goes before the caret: spaces, and the line's tabs, so that it lines up.
  var indent: String
  /// The number of columns the span covers (at least 1).
  var spanWidth: Int

  /// The widest line quoted whole.
  static let maximumWidth = 120
  /// The columns of the line kept before the span when the line is cut.
  static let contextBefore = 40
  static let ellipsis = "..."

  /// The line `line` with a span from 1-based `column` for `length` scalars.
  init(_ line: String, column: Int, length: Int) {
    let pieces = line.unicodeScalars.map(QuotedLine.shown)
    let start = min(max(column - 1, 0), pieces.count)
    var from = 0
    var to = pieces.count
    if pieces.reduce(0, { $0 + $1.count }) > QuotedLine.maximumWidth {
      from = start
      var before = 0
      while from > 0, before + pieces[from - 1].count <= QuotedLine.contextBefore {
        from -= 1
        before += pieces[from].count
      }
      to = from
      var width = 0
      while to < pieces.count, width + pieces[to].count <= QuotedLine.maximumWidth {
        width += pieces[to].count
        to += 1
      }
    }
    let cutBefore = from > 0 ? QuotedLine.ellipsis : ""
    let cutAfter = to < pieces.count ? QuotedLine.ellipsis : ""
    text = cutBefore + pieces[from..<to].joined() + cutAfter
    indent =
      String(repeating: " ", count: cutBefore.count)
      + pieces[from..<start].map { $0 == "\t" ? "\t" : String(repeating: " ", count: $0.count) }
      .joined()
    let spanEnd = min(start + max(length, 1), to)
    spanWidth = max(1, pieces[min(start, spanEnd)..<spanEnd].reduce(0) { $0 + $1.count })
  }

  /// `text` with its control characters other than tab escaped.
  static func escaped(_ text: String) -> String {
    text.unicodeScalars.map(shown).joined()
  }

  /// How one scalar is shown: itself, or `\u{1B}` for a control character other than tab.
  private static func shown(_ scalar: Unicode.Scalar) -> String {
    guard scalar != "\t", scalar.properties.generalCategory == .control else {
      return String(scalar)
    }
    return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
  }
}
