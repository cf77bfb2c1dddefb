/// A zlib stream (RFC 1950) holding DEFLATE data (RFC 1951), as PNG's IDAT needs.
public enum Deflate {
  /// How the data is encoded.
  public enum Method: Sendable {
    /// Stored blocks: no compression, simplest possible stream.
    case stored
    /// LZ77 matches (hash chains, 32 KiB window) coded with the fixed Huffman tables.
    case fixedHuffman
  }

  /// The zlib stream for `data`: header, DEFLATE blocks, Adler-32 of `data`.
  public static func zlibCompress(_ data: [UInt8], method: Method = .fixedHuffman) -> [UInt8] {
    var writer = BitWriter()
    writer.bytes = [0x78, 0x01]  // deflate, 32 KiB window, no dictionary; 0x7801 % 31 == 0
    switch method {
    case .stored: writeStored(data, into: &writer)
    case .fixedHuffman: writeFixedHuffman(data, into: &writer)
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

  private static func writeFixedHuffman(_ data: [UInt8], into writer: inout BitWriter) {
    writer.write(1, bits: 1)  // final block
    writer.write(1, bits: 2)  // fixed Huffman codes
    let windowSize = 32768
    let hashSize = 1 << 15
    var head = [Int32](repeating: -1, count: hashSize)
    var previous = [Int32](repeating: -1, count: windowSize)
    data.withUnsafeBufferPointer { data in
      head.withUnsafeMutableBufferPointer { head in
        previous.withUnsafeMutableBufferPointer { previous in
          func hash(_ i: Int) -> Int {
            (Int(data[i]) << 10 ^ Int(data[i + 1]) << 5 ^ Int(data[i + 2])) & (hashSize - 1)
          }
          func insert(_ i: Int) {
            guard i + 2 < data.count else { return }
            let h = hash(i)
            previous[i & (windowSize - 1)] = head[h]
            head[h] = Int32(i)
          }
          var i = 0
          while i < data.count {
            var bestLength = 0
            var bestDistance = 0
            if i + 2 < data.count {
              var candidate = Int(head[hash(i)])
              var chain = 32
              let maxLength = min(258, data.count - i)
              while candidate >= 0, i - candidate < windowSize, chain > 0 {
                var length = 0
                while length < maxLength, data[candidate + length] == data[i + length] {
                  length += 1
                }
                if length > bestLength {
                  bestLength = length
                  bestDistance = i - candidate
                  if length == maxLength { break }
                }
                candidate = Int(previous[candidate & (windowSize - 1)])
                chain -= 1
              }
            }
            if bestLength >= 3 {
              writeLength(bestLength, into: &writer)
              writeDistance(bestDistance, into: &writer)
              for k in i..<i + bestLength { insert(k) }
              i += bestLength
            } else {
              writeLiteral(Int(data[i]), into: &writer)
              insert(i)
              i += 1
            }
          }
        }
      }
    }
    writeLiteral(256, into: &writer)  // end of block
  }

  /// Writes a literal/length symbol (0...285) with the fixed Huffman code.
  private static func writeLiteral(_ symbol: Int, into writer: inout BitWriter) {
    switch symbol {
    case 0...143: writer.writeReversed(0x30 + symbol, bits: 8)
    case 144...255: writer.writeReversed(0x190 + symbol - 144, bits: 9)
    case 256...279: writer.writeReversed(symbol - 256, bits: 7)
    default: writer.writeReversed(0xC0 + symbol - 280, bits: 8)
    }
  }

  private static func writeLength(_ length: Int, into writer: inout BitWriter) {
    var code = 0
    while code + 1 < lengthBase.count, lengthBase[code + 1] <= length { code += 1 }
    writeLiteral(257 + code, into: &writer)
    writer.write(length - lengthBase[code], bits: lengthExtraBits[code])
  }

  private static func writeDistance(_ distance: Int, into writer: inout BitWriter) {
    var code = 0
    while code + 1 < distanceBase.count, distanceBase[code + 1] <= distance { code += 1 }
    writer.writeReversed(code, bits: 5)
    writer.write(distance - distanceBase[code], bits: distanceExtraBits[code])
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
