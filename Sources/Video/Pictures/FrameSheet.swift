/// Pictures that compare videos: a sheet with one row of frames per video (PNG), and an
/// animated GIF with the videos side by side. Each video may carry a label.
public enum FrameSheet {
  /// One labelled video of a comparison (e.g. "input", "reconstruction", "counterfactual").
  public struct Row: Sendable {
    /// Text drawn beside (sheet) or above (GIF) the video; empty for none.
    public var label: String
    /// The frames.
    public var video: Video

    /// Creates a row.
    public init(label: String, video: Video) {
      self.label = label
      self.video = video
    }
  }

  private static let margin = 4
  private static let background: UInt8 = 40
  private static let text: UInt8 = 230

  /// A sheet with each video as a row of its frames (every `step`-th, at most `maxFrames`),
  /// each pixel enlarged to `scale x scale`, labels on the left.
  /// - Precondition: at least one row, `scale >= 1`, `step >= 1`.
  public static func picture(rows: [Row], maxFrames: Int = 20, step: Int = 1, scale: Int = 2)
    -> Picture
  {
    precondition(!rows.isEmpty && scale >= 1 && step >= 1, "bad frame sheet request")
    let labelWidth = rows.map { BitmapFont.width($0.label) }.max() ?? 0
    let left = labelWidth > 0 ? labelWidth + 2 * margin : margin
    let cellWidth = (rows.map(\.video.width).max() ?? 0) * scale
    let cellHeight = max((rows.map(\.video.height).max() ?? 0) * scale, BitmapFont.height)
    let columns = rows.map { min(maxFrames, ($0.video.frameCount + step - 1) / step) }.max() ?? 0
    var sheet = Picture.blank(
      width: left + columns * (cellWidth + margin),
      height: margin + rows.count * (cellHeight + margin), colour: colour(of: rows),
      level: background)
    for (r, row) in rows.enumerated() {
      let top = margin + r * (cellHeight + margin)
      sheet.write(
        row.label, x: margin, y: top + (cellHeight - BitmapFont.height) / 2, level: text)
      for c in 0..<min(maxFrames, (row.video.frameCount + step - 1) / step) {
        sheet.place(
          row.video.frame(c * step), x: left + c * (cellWidth + margin), y: top, scale: scale)
      }
    }
    return sheet
  }

  /// An animated GIF showing the videos side by side, labels above, frame by frame at the
  /// first video's frame rate (a shorter video holds its last frame).
  /// - Precondition: at least one row with at least one frame, `scale >= 1`.
  public static func sideBySideGIF(rows: [Row], scale: Int = 3) -> [UInt8] {
    precondition(!rows.isEmpty && scale >= 1, "bad side-by-side request")
    let hasLabels = rows.contains { !$0.label.isEmpty }
    let top = hasLabels ? BitmapFont.height + 2 * margin : margin
    let cellWidth = max(
      (rows.map(\.video.width).max() ?? 0) * scale,
      rows.map { BitmapFont.width($0.label) }.max() ?? 0)
    let cellHeight = (rows.map(\.video.height).max() ?? 0) * scale
    let frameCount = rows.map(\.video.frameCount).max() ?? 0
    var base = Picture.blank(
      width: margin + rows.count * (cellWidth + margin), height: top + cellHeight + margin,
      colour: colour(of: rows), level: background)
    for (r, row) in rows.enumerated() {
      base.write(row.label, x: margin + r * (cellWidth + margin), y: margin, level: text)
    }
    var frames: [Picture] = []
    for t in 0..<max(frameCount, 1) {
      var picture = base
      for (r, row) in rows.enumerated() where row.video.frameCount > 0 {
        picture.place(
          row.video.frame(min(t, row.video.frameCount - 1)), x: margin + r * (cellWidth + margin),
          y: top, scale: scale)
      }
      frames.append(picture)
    }
    let fps = rows[0].video.framesPerSecond
    let delay = fps > 0 ? Int((100 / fps).rounded()) : 5
    return GIF.encode(frames: frames, delayCentiseconds: max(2, delay))
  }

  /// RGB when any row is, gray otherwise.
  private static func colour(of rows: [Row]) -> Picture.Colour {
    rows.contains { $0.video.colour == .rgb } ? .rgb : .gray
  }
}
