import VidlatSupport

/// Animated GIF89a writer: one global palette, LZW-compressed frames, a frame delay and an
/// endless loop (the NETSCAPE2.0 extension).
public enum GIF {
  /// The GIF file of `frames` (all the same size and colour), each shown for
  /// `delayCentiseconds` hundredths of a second, looping forever when `loops` is true.
  /// Gray frames use a 256-level gray palette (exact); RGB frames are quantised to a
  /// 6 x 7 x 6 colour cube.
  /// - Precondition: at least one frame; all frames share size and colour.
  public static func encode(frames: [Picture], delayCentiseconds: Int, loops: Bool = true)
    -> [UInt8]
  {
    precondition(!frames.isEmpty, "a GIF needs at least one frame")
    let width = frames[0].width
    let height = frames[0].height
    let colour = frames[0].colour
    precondition(
      frames.allSatisfy { $0.width == width && $0.height == height && $0.colour == colour },
      "GIF frames differ in size or colour")
    var bytes = Array("GIF89a".utf8)
    bytes += littleEndian16(width) + littleEndian16(height)
    bytes += [0xF7, 0, 0]  // global colour table of 256 entries, 8 bits per primary
    bytes += palette(colour)
    if loops {
      bytes += [0x21, 0xFF, 0x0B] + Array("NETSCAPE2.0".utf8) + [0x03, 0x01, 0x00, 0x00, 0x00]
    }
    let delay = max(0, min(65535, delayCentiseconds))
    for frame in frames {
      bytes += [0x21, 0xF9, 0x04, 0x00] + littleEndian16(delay) + [0x00, 0x00]
      bytes += [0x2C] + littleEndian16(0) + littleEndian16(0)
      bytes += littleEndian16(width) + littleEndian16(height) + [0x00]
      bytes.append(8)  // LZW minimum code size
      let compressed = lzw(indices(frame))
      var start = 0
      while start < compressed.count {
        let end = min(compressed.count, start + 255)
        bytes.append(UInt8(end - start))
        bytes += compressed[start..<end]
        start = end
      }
      bytes.append(0)
    }
    bytes.append(0x3B)
    return bytes
  }

  /// Writes an animated GIF, atomically.
  public static func write(
    frames: [Picture], delayCentiseconds: Int, loops: Bool = true, to path: String
  ) throws(FileError) {
    try AtomicFile.write(
      encode(frames: frames, delayCentiseconds: delayCentiseconds, loops: loops), to: path)
  }

  /// Palette levels of the RGB cube: 6 reds, 7 greens, 6 blues.
  static let cube = (red: 6, green: 7, blue: 6)

  private static func palette(_ colour: Picture.Colour) -> [UInt8] {
    var table: [UInt8] = []
    for index in 0..<256 {
      switch colour {
      case .gray: table += [UInt8(index), UInt8(index), UInt8(index)]
      case .rgb:
        let cubeIndex = min(index, cube.red * cube.green * cube.blue - 1)
        let r = cubeIndex / (cube.green * cube.blue)
        let g = cubeIndex / cube.blue % cube.green
        let b = cubeIndex % cube.blue
        table += [level(r, of: cube.red), level(g, of: cube.green), level(b, of: cube.blue)]
      }
    }
    return table
  }

  private static func level(_ index: Int, of count: Int) -> UInt8 {
    UInt8((index * 255 + (count - 1) / 2) / (count - 1))
  }

  private static func indices(_ picture: Picture) -> [UInt8] {
    switch picture.colour {
    case .gray: return picture.samples
    case .rgb:
      return (0..<picture.width * picture.height).map { p in
        func quantise(_ value: UInt8, _ count: Int) -> Int {
          (Int(value) * (count - 1) + 127) / 255
        }
        let r = quantise(picture.samples[3 * p], cube.red)
        let g = quantise(picture.samples[3 * p + 1], cube.green)
        let b = quantise(picture.samples[3 * p + 2], cube.blue)
        return UInt8((r * cube.green + g) * cube.blue + b)
      }
    }
  }

  /// Variable-width LZW (GIF flavour, 8-bit symbols): codes start at 9 bits and grow to 12;
  /// a clear code resets the table when it fills.
  static func lzw(_ symbols: [UInt8]) -> [UInt8] {
    let clearCode = 256
    let endCode = 257
    var writer = BitWriter()
    var codeSize = 9
    // Open-addressing hash table from (prefix code, symbol) to code; 8192 slots for at most
    // 3838 entries between clears keeps probes short.
    let slots = 8192
    var keys = [Int32](repeating: -1, count: slots)
    var codes = [Int16](repeating: 0, count: slots)
    var lastCode = endCode
    writer.write(clearCode, bits: codeSize)
    var current = -1
    for symbol in symbols {
      if current < 0 {
        current = Int(symbol)
        continue
      }
      let key = Int32(current << 8 | Int(symbol))
      var slot = Int((UInt32(bitPattern: key) &* 2_654_435_761) >> 19)
      while keys[slot] != -1, keys[slot] != key { slot = (slot + 1) & (slots - 1) }
      if keys[slot] == key {
        current = Int(codes[slot])
        continue
      }
      writer.write(current, bits: codeSize)
      lastCode += 1
      keys[slot] = key
      codes[slot] = Int16(lastCode)
      if lastCode >= 1 << codeSize, codeSize < 12 { codeSize += 1 }
      if lastCode == 4095 {
        writer.write(clearCode, bits: codeSize)
        for index in 0..<slots { keys[index] = -1 }
        codeSize = 9
        lastCode = endCode
      }
      current = Int(symbol)
    }
    if current >= 0 {
      writer.write(current, bits: codeSize)
      // The decoder adds a table entry for this code too, and may widen its codes.
      if lastCode + 1 >= 1 << codeSize, codeSize < 12 { codeSize += 1 }
    }
    writer.write(endCode, bits: codeSize)
    writer.alignToByte()
    return writer.bytes
  }

  private static func littleEndian16(_ value: Int) -> [UInt8] {
    [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)]
  }
}
