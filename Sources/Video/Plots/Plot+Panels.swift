import Foundation
import VidlatSupport

extension Plot {
  /// `plots` one above the other in one SVG document, as wide as the widest: panels that
  /// share a horizontal axis (e.g. two scores against the prediction horizon). Each panel
  /// is its own `svg()` placed by a translation; its clip path is renamed `plot-area-K` so
  /// that the document's ids stay unique.
  public static func panelsSVG(_ plots: [Plot]) -> String {
    let width = plots.map(\.width).max() ?? 0
    let height = plots.reduce(0) { $0 + $1.height }
    var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    text +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
      + "viewBox=\"0 0 \(width) \(height)\">\n"
    var top = 0.0
    for (k, plot) in plots.enumerated() {
      let panel = plot.svg()
        .split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.hasPrefix("<?xml") }
        .joined(separator: "\n")
        .replacingOccurrences(of: "\"plot-area\"", with: "\"plot-area-\(k)\"")
        .replacingOccurrences(of: "url(#plot-area)", with: "url(#plot-area-\(k))")
      text += "<g transform=\"translate(0 \(top))\">\n" + panel + "</g>\n"
      top += plot.height
    }
    return text + "</svg>\n"
  }

  /// Writes ``panelsSVG(_:)`` of `plots` to `path`, atomically.
  public static func writePanels(_ plots: [Plot], to path: String) throws(FileError) {
    try AtomicFile.write(panelsSVG(plots), to: path)
  }
}
