import VidlatSupport

/// PNG images (8-bit gray or RGB, no interlace): an encoder any viewer opens and a decoder
/// for the same subset (which reads back everything the encoder writes).
public enum PNG {
  private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  /// The PNG file for `picture`. Each row is filtered with whichever of the five PNG filters
  /// gives the smallest sum of absolute filtered values (the usual heuristic), then the rows
  /// are zlib-compressed with `method`.
  public static func encode(_ picture: Picture, method: Deflate.Method = .dynamicHuffman) -> [UInt8]
  {
    let stride = picture.width * picture.channels
    let bpp = picture.channels
    var filtered = [UInt8](repeating: 0, count: picture.height * (stride + 1))
    var candidate = [UInt8](repeating: 0, count: stride)
    picture.samples.withUnsafeBufferPointer { samples in
      for y in 0..<picture.height {
        var bestCost = Int.max
        for filter in 0...4 {
          var cost = 0
          for x in 0..<stride {
            let value = samples[y * stride + x]
            let a = x >= bpp ? samples[y * stride + x - bpp] : 0
            let b = y > 0 ? samples[(y - 1) * stride + x] : 0
            let c = x >= bpp && y > 0 ? samples[(y - 1) * stride + x - bpp] : 0
            let residual = value &- predictor(filter, a, b, c)
            candidate[x] = residual
            cost += min(Int(residual), 256 - Int(residual))
          }
          if cost < bestCost {
            bestCost = cost
            let start = y * (stride + 1)
            filtered[start] = UInt8(filter)
            filtered.replaceSubrange(start + 1..<start + 1 + stride, with: candidate)
          }
        }
      }
    }
    var header: [UInt8] = []
    header += bigEndian(UInt32(picture.width))
    header += bigEndian(UInt32(picture.height))
    header += [8, picture.colour == .gray ? 0 : 2, 0, 0, 0]
    var file = signature
    file += chunk("IHDR", header)
    file += chunk("IDAT", Deflate.zlibCompress(filtered, method: method))
    file += chunk("IEND", [])
    return file
  }

  /// Writes `picture` as a PNG file, atomically.
  public static func write(_ picture: Picture, to path: String) throws(FileError) {
    try AtomicFile.write(encode(picture), to: path)
  }

  /// Decodes an 8-bit gray or RGB, non-interlaced PNG, checking every chunk's CRC.
  public static func decode(_ bytes: [UInt8], path: String = "") throws(VideoError) -> Picture {
    func fail(_ reason: String) -> VideoError {
      VideoError(path: path, problem: .badHeader(reason))
    }
    guard bytes.starts(with: signature) else { throw fail("missing PNG signature") }
    var position = signature.count
    var width = 0
    var height = 0
    var colour = Picture.Colour.gray
    var compressed: [UInt8] = []
    var sawHeader = false
    while true {
      guard position + 12 <= bytes.count else {
        throw VideoError(
          path: path,
          problem: .truncatedFrame(frame: 0, expected: position + 12, found: bytes.count))
      }
      let length = Int(readBigEndian(bytes, position))
      let type = Array(bytes[position + 4..<position + 8])
      let dataStart = position + 8
      guard length <= bytes.count - dataStart - 4 else {
        throw VideoError(
          path: path,
          problem: .truncatedFrame(frame: 0, expected: dataStart + length + 4, found: bytes.count))
      }
      let data = Array(bytes[dataStart..<dataStart + length])
      let crc = readBigEndian(bytes, dataStart + length)
      guard CRC32.checksum(data, continuing: CRC32.checksum(type)) == crc else {
        throw fail("CRC mismatch in chunk \(String(decoding: type, as: UTF8.self))")
      }
      position = dataStart + length + 4
      switch String(decoding: type, as: UTF8.self) {
      case "IHDR":
        guard length == 13 else { throw fail("IHDR length \(length)") }
        width = Int(readBigEndian(data, 0))
        height = Int(readBigEndian(data, 4))
        guard width > 0, height > 0, width <= 1 << 15, height <= 1 << 15 else {
          throw fail("image size \(width)x\(height)")
        }
        guard data[8] == 8, data[9] == 0 || data[9] == 2, data[12] == 0 else {
          throw VideoError(
            path: path,
            problem: .unsupportedColourSpace(
              "PNG bit depth \(data[8]), colour type \(data[9]), interlace \(data[12])"))
        }
        colour = data[9] == 0 ? .gray : .rgb
        sawHeader = true
      case "IDAT": compressed += data
      case "IEND":
        guard sawHeader else { throw fail("no IHDR chunk") }
        return try unfilter(
          compressed, width: width, height: height, colour: colour, path: path)
      default: continue
      }
    }
  }

  private static func unfilter(
    _ compressed: [UInt8], width: Int, height: Int, colour: Picture.Colour, path: String
  ) throws(VideoError) -> Picture {
    let raw: [UInt8]
    do {
      raw = try Inflate.zlibDecompress(
        compressed, limit: height * (width * colour.rawValue + 1))
    } catch {
      throw VideoError(path: path, problem: .badHeader("image data: \(error.reason)"))
    }
    let stride = width * colour.rawValue
    guard raw.count == height * (stride + 1) else {
      throw VideoError(
        path: path,
        problem: .truncatedFrame(frame: 0, expected: height * (stride + 1), found: raw.count))
    }
    var samples = [UInt8](repeating: 0, count: height * stride)
    let bpp = colour.rawValue
    for y in 0..<height {
      let filter = raw[y * (stride + 1)]
      guard filter <= 4 else {
        throw VideoError(path: path, problem: .badHeader("row \(y): filter type \(filter)"))
      }
      for x in 0..<stride {
        let value = raw[y * (stride + 1) + 1 + x]
        let a = x >= bpp ? samples[y * stride + x - bpp] : 0
        let b = y > 0 ? samples[(y - 1) * stride + x] : 0
        let c = x >= bpp && y > 0 ? samples[(y - 1) * stride + x - bpp] : 0
        samples[y * stride + x] = value &+ predictor(Int(filter), a, b, c)
      }
    }
    return Picture(width: width, height: height, colour: colour, samples: samples)
  }

  /// The predictor of PNG filter `filter` (0 none, 1 sub, 2 up, 3 average, 4 Paeth) from
  /// the left (a), above (b) and upper-left (c) bytes; the filtered byte is the byte minus it.
  private static func predictor(_ filter: Int, _ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
    switch filter {
    case 1: return a
    case 2: return b
    case 3: return UInt8((Int(a) + Int(b)) / 2)
    case 4:
      let p = Int(a) + Int(b) - Int(c)
      let pa = abs(p - Int(a))
      let pb = abs(p - Int(b))
      let pc = abs(p - Int(c))
      return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
    default: return 0
    }
  }

  private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let typeBytes = Array(type.utf8)
    return bigEndian(UInt32(data.count)) + typeBytes + data
      + bigEndian(CRC32.checksum(data, continuing: CRC32.checksum(typeBytes)))
  }

  private static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
  }

  private static func readBigEndian(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
  }
}
