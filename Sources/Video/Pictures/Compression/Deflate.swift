/// A zlib stream (RFC 1950) holding DEFLATE data (RFC 1951), as PNG's IDAT needs.
public enum Deflate {
  /// How the data is encoded.
  public enum Method: Sendable {
    /// Stored blocks: no compression, simplest possible stream.
    case stored
    /// LZ77 matches (hash chains, 32 KiB window) coded with the fixed Huffman tables.
    case fixedHuffman
    /// The same matches coded with Huffman tables built for the data (smallest output).
    case dynamicHuffman
  }

  /// The zlib stream for `data`: header, DEFLATE blocks, Adler-32 of `data`.
  public static func zlibCompress(_ data: [UInt8], method: Method = .dynamicHuffman) -> [UInt8] {
    var writer = BitWriter()
    writer.bytes = [0x78, 0x01]  // deflate, 32 KiB window, no dictionary; 0x7801 % 31 == 0
    switch method {
    case .stored: writeStored(data, into: &writer)
    case .fixedHuffman: writeHuffman(data, dynamic: false, into: &writer)
    case .dynamicHuffman: writeHuffman(data, dynamic: true, into: &writer)
    }
    writer.alignToByte()
    let adler = Adler32.checksum(data)
    writer.bytes += [
      UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF),
    ]
    return writer.bytes
  }

  private static func writeStored(_ data: [UInt8], into writer: inout BitWriter) {
    var start = 0
    repeat {
      let end = min(data.count, start + 65535)
      writer.write(end == data.count ? 1 : 0, bits: 1)
      writer.write(0, bits: 2)
      writer.alignToByte()
      let length = end - start
      writer.bytes += [
        UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF),
        UInt8((~length >> 8) & 0xFF),
      ]
      writer.bytes += data[start..<end]
      start = end
    } while start < data.count
  }

  /// One LZ77 block of fixed or dynamic Huffman codes.
  private static func writeHuffman(_ data: [UInt8], dynamic: Bool, into writer: inout BitWriter) {
    let tokens = lz77(data)
    writer.write(1, bits: 1)  // final block
    let literals: PrefixCode
    let distances: PrefixCode
    if dynamic {
      var literalCounts = [Int](repeating: 0, count: 286)
      var distanceCounts = [Int](repeating: 0, count: 30)
      for token in tokens {
        if token.length == 0 {
          literalCounts[Int(token.value)] += 1
        } else {
          literalCounts[257 + lengthCode(Int(token.length))] += 1
          distanceCounts[distanceCode(Int(token.value))] += 1
        }
      }
      literalCounts[256] = 1
      literals = PrefixCode(counts: literalCounts, maximumLength: 15)
      distances = PrefixCode(counts: distanceCounts, maximumLength: 15)
      writer.write(2, bits: 2)  // dynamic Huffman codes
      writeCodeLengths(literals: literals, distances: distances, into: &writer)
    } else {
      literals = PrefixCode.fixedLiterals
      distances = PrefixCode.fixedDistances
      writer.write(1, bits: 2)  // fixed Huffman codes
    }
    for token in tokens {
      if token.length == 0 {
        literals.write(Int(token.value), into: &writer)
      } else {
        let length = Int(token.length)
        let code = lengthCode(length)
        literals.write(257 + code, into: &writer)
        writer.write(length - lengthBase[code], bits: lengthExtraBits[code])
        let distance = Int(token.value)
        let dcode = distanceCode(distance)
        distances.write(dcode, into: &writer)
        writer.write(distance - distanceBase[dcode], bits: distanceExtraBits[dcode])
      }
    }
    literals.write(256, into: &writer)  // end of block
  }

  /// The dynamic block header (RFC 1951 3.2.7): the literal/length and distance code
  /// lengths, run-length coded with symbols 16 (repeat the previous length 3-6 times),
  /// 17 (3-10 zeros) and 18 (11-138 zeros), themselves Huffman-coded.
  private static func writeCodeLengths(
    literals: PrefixCode, distances: PrefixCode, into writer: inout BitWriter
  ) {
    let literalCount = max(257, (literals.lengths.lastIndex { $0 > 0 } ?? 0) + 1)
    let distanceCount = max(1, (distances.lengths.lastIndex { $0 > 0 } ?? 0) + 1)
    let lengths = Array(literals.lengths[0..<literalCount] + distances.lengths[0..<distanceCount])
    var symbols: [(symbol: Int, extra: Int)] = []
    var i = 0
    while i < lengths.count {
      var run = 1
      while i + run < lengths.count, lengths[i + run] == lengths[i] { run += 1 }
      if lengths[i] == 0, run >= 3 {
        let used = min(run, 138)
        symbols.append(used >= 11 ? (18, used - 11) : (17, used - 3))
        i += used
      } else if lengths[i] != 0, run >= 4 {
        symbols.append((lengths[i], 0))
        let used = min(run - 1, 6)
        symbols.append((16, used - 3))
        i += 1 + used
      } else {
        symbols.append((lengths[i], 0))
        i += 1
      }
    }
    var counts = [Int](repeating: 0, count: 19)
    for entry in symbols { counts[entry.symbol] += 1 }
    let lengthCode = PrefixCode(counts: counts, maximumLength: 7)
    let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    let orderCount = max(4, (order.lastIndex { lengthCode.lengths[$0] > 0 } ?? 0) + 1)
    writer.write(literalCount - 257, bits: 5)
    writer.write(distanceCount - 1, bits: 5)
    writer.write(orderCount - 4, bits: 4)
    for k in 0..<orderCount { writer.write(lengthCode.lengths[order[k]], bits: 3) }
    for entry in symbols {
      lengthCode.write(entry.symbol, into: &writer)
      switch entry.symbol {
      case 16: writer.write(entry.extra, bits: 2)
      case 17: writer.write(entry.extra, bits: 3)
      case 18: writer.write(entry.extra, bits: 7)
      default: break
      }
    }
  }

  /// The length code (0...28) of a match length 3...258.
  static func lengthCode(_ length: Int) -> Int {
    var code = 0
    while code + 1 < lengthBase.count, lengthBase[code + 1] <= length { code += 1 }
    return code
  }

  /// The distance code (0...29) of a distance 1...32768.
  static func distanceCode(_ distance: Int) -> Int {
    var code = 0
    while code + 1 < distanceBase.count, distanceBase[code + 1] <= distance { code += 1 }
    return code
  }

  static let lengthBase = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
    131, 163, 195, 227, 258,
  ]
  static let lengthExtraBits = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
  ]
  static let distanceBase = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
  ]
  static let distanceExtraBits = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
  ]
}

/// Packs bits least-significant first, as DEFLATE does.
struct BitWriter {
  var bytes: [UInt8] = []
  private var buffer: UInt32 = 0
  private var count = 0

  /// Writes the low `bits` bits of `value`, least significant first (extra bits, headers).
  mutating func write(_ value: Int, bits: Int) {
    guard bits > 0 else { return }
    buffer |= UInt32(value & ((1 << bits) - 1)) << UInt32(count)
    count += bits
    while count >= 8 {
      bytes.append(UInt8(buffer & 0xFF))
      buffer >>= 8
      count -= 8
    }
  }

  /// Writes a Huffman code, most significant bit first.
  mutating func writeReversed(_ code: Int, bits: Int) {
    var reversed = 0
    for k in 0..<bits { reversed |= (code >> k & 1) << (bits - 1 - k) }
    write(reversed, bits: bits)
  }

  /// Pads with zero bits to the next byte boundary.
  mutating func alignToByte() {
    if count > 0 { write(0, bits: 8 - count) }
  }
}
