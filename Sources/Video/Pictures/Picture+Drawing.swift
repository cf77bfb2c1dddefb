extension Picture {
  /// A picture filled with the gray `level`.
  static func blank(width: Int, height: Int, colour: Colour = .gray, level: UInt8) -> Picture {
    Picture(
      width: width, height: height, colour: colour,
      samples: [UInt8](repeating: level, count: width * height * colour.channels))
  }

  /// Copies `frame` into this picture with its top-left at (`x`, `y`), each pixel enlarged
  /// to `scale x scale`; a gray frame in an RGB picture is gray in every channel, an RGB frame
  /// in a gray picture shows its luma.
  mutating func place(_ frame: Frame, x: Int, y: Int, scale: Int) {
    let shown = frame.colour == colour ? frame : frame.converted(to: colour)
    let levels = Video.bytes8(shown.pixels[...])
    let channels = colour.channels
    for row in 0..<frame.height * scale {
      let source = (row / scale) * frame.width
      let target = (y + row) * width + x
      for column in 0..<frame.width * scale {
        for c in 0..<channels {
          samples[(target + column) * channels + c] =
            levels[(source + column / scale) * channels + c]
        }
      }
    }
  }

  /// Writes `text` in a 5 x 7 pixel font (6 pixels per character) with its top-left at
  /// (`x`, `y`); letters are shown in capitals, unknown characters as blanks.
  mutating func write(_ text: String, x: Int, y: Int, level: UInt8) {
    for (index, character) in text.uppercased().enumerated() {
      guard let rows = BitmapFont.glyphs[character] else { continue }
      for (dy, bits) in rows.enumerated() {
        for dx in 0..<5 where bits >> (4 - dx) & 1 == 1 {
          let px = x + index * BitmapFont.advance + dx
          let py = y + dy
          guard px >= 0, px < width, py >= 0, py < height else { continue }
          for c in 0..<channels { samples[(py * width + px) * channels + c] = level }
        }
      }
    }
  }
}

/// A 5 x 7 pixel font for labels: each glyph is 7 rows of 5 bits, most significant bit left.
enum BitmapFont {
  static let advance = 6
  static let height = 7

  /// Width in pixels of `text`.
  static func width(_ text: String) -> Int { text.count * advance }

  static let glyphs: [Character: [UInt8]] = [
    "A": [0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
    "B": [0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E],
    "C": [0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E],
    "D": [0x1C, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1C],
    "E": [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F],
    "F": [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10],
    "G": [0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F],
    "H": [0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
    "I": [0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E],
    "J": [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C],
    "K": [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
    "L": [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F],
    "M": [0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11],
    "N": [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
    "O": [0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
    "P": [0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10],
    "Q": [0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D],
    "R": [0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11],
    "S": [0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E],
    "T": [0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
    "U": [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
    "V": [0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04],
    "W": [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A],
    "X": [0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11],
    "Y": [0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04],
    "Z": [0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F],
    "0": [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
    "1": [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
    "2": [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
    "3": [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
    "4": [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
    "5": [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
    "6": [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
    "7": [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
    "8": [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
    "9": [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
    " ": [0, 0, 0, 0, 0, 0, 0], "-": [0, 0, 0, 0x1F, 0, 0, 0], ".": [0, 0, 0, 0, 0, 0x0C, 0x0C],
    ":": [0, 0x0C, 0x0C, 0, 0x0C, 0x0C, 0], "_": [0, 0, 0, 0, 0, 0, 0x1F],
    "(": [0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02],
    ")": [0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08],
    "/": [0, 0x01, 0x02, 0x04, 0x08, 0x10, 0], "=": [0, 0, 0x1F, 0, 0x1F, 0, 0],
    "+": [0, 0x04, 0x04, 0x1F, 0x04, 0x04, 0], ",": [0, 0, 0, 0, 0x0C, 0x04, 0x08],
    "'": [0x04, 0x04, 0x08, 0, 0, 0, 0],
  ]
}

extension Picture {
  /// The pictures one above the other, left-aligned, `margin` pixels apart and around, on a
  /// dark ground; RGB when any of them is.
  public static func stacked(_ pictures: [Picture], margin: Int = 4) -> Picture {
    let colour: Colour = pictures.contains { $0.colour == .rgb } ? .rgb : .gray
    let width = (pictures.map(\.width).max() ?? 0) + 2 * margin
    let height = pictures.reduce(margin) { $0 + $1.height + margin }
    var result = Picture.blank(width: width, height: height, colour: colour, level: 40)
    var top = margin
    for picture in pictures {
      let frame = Frame(
        height: picture.height, width: picture.width, colour: picture.colour,
        pixels: picture.samples.map { Float($0) / 255 })
      result.place(frame, x: margin, y: top, scale: 1)
      top += picture.height + margin
    }
    return result
  }

  /// Draws the outline of the `width x height` rectangle with top-left (`x`, `y`), `thickness`
  /// pixels wide, in `rgb` (its luma in a gray picture); what falls outside is clipped.
  public mutating func outline(
    x: Int, y: Int, width: Int, height: Int, rgb: (UInt8, UInt8, UInt8), thickness: Int = 2
  ) {
    let (red, green, blue) = (Double(rgb.0), Double(rgb.1), Double(rgb.2))
    let weighted: Double = 0.299 * red + 0.587 * green + 0.114 * blue
    let luma = UInt8(weighted.rounded())
    let levels = colour == .rgb ? [rgb.0, rgb.1, rgb.2] : [luma]
    for py in y..<(y + height) where py >= 0 && py < self.height {
      for px in x..<(x + width) where px >= 0 && px < self.width {
        let across = min(px - x, x + width - 1 - px)
        let down = min(py - y, y + height - 1 - py)
        guard min(across, down) < thickness else { continue }
        for c in 0..<levels.count { samples[(py * self.width + px) * levels.count + c] = levels[c] }
      }
    }
  }
}
