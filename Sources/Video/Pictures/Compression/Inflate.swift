/// Decompresses zlib streams (RFC 1950/1951): stored, fixed-Huffman and dynamic-Huffman
/// blocks, checking the Adler-32. Canonical Huffman codes are decoded as in zlib's `puff`.
public enum Inflate {
  /// Why a stream could not be decompressed.
  public struct Failure: Error, Equatable, Sendable {
    /// What is wrong with the stream.
    public var reason: String
  }

  /// The data in the zlib stream `stream`, refusing to produce more than `limit` bytes.
  public static func zlibDecompress(_ stream: [UInt8], limit: Int = .max) throws(Failure)
    -> [UInt8]
  {
    guard stream.count >= 6 else { throw Failure(reason: "zlib stream too short") }
    guard stream[0] & 0x0F == 8, (Int(stream[0]) << 8 | Int(stream[1])) % 31 == 0 else {
      throw Failure(reason: "bad zlib header")
    }
    guard stream[1] & 0x20 == 0 else { throw Failure(reason: "preset dictionary not supported") }
    var reader = BitReader(bytes: stream, position: 2)
    var output: [UInt8] = []
    var final = false
    while !final {
      final = try reader.bits(1) == 1
      switch try reader.bits(2) {
      case 0: try stored(&reader, into: &output)
      case 1:
        try huffmanBlock(
          &reader, Huffman.fixedLiterals, Huffman.fixedDistances, &output, limit: limit)
      case 2:
        let (literals, distances) = try dynamicTables(&reader)
        try huffmanBlock(&reader, literals, distances, &output, limit: limit)
      default: throw Failure(reason: "invalid block type")
      }
      guard output.count <= limit else {
        throw Failure(reason: "more than the expected \(limit) bytes")
      }
    }
    let start = reader.bytePositionAfterAlignment
    guard start + 4 <= stream.count else { throw Failure(reason: "missing Adler-32") }
    let expected = stream[start..<start + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    guard Adler32.checksum(output) == expected else {
      throw Failure(reason: "Adler-32 mismatch")
    }
    return output
  }

  private static func stored(_ reader: inout BitReader, into output: inout [UInt8]) throws(Failure)
  {
    var position = reader.bytePositionAfterAlignment
    let bytes = reader.bytes
    guard position + 4 <= bytes.count else { throw Failure(reason: "truncated stored block") }
    let length = Int(bytes[position]) | Int(bytes[position + 1]) << 8
    let complement = Int(bytes[position + 2]) | Int(bytes[position + 3]) << 8
    guard length == ~complement & 0xFFFF else { throw Failure(reason: "bad stored length") }
    position += 4
    guard position + length <= bytes.count else { throw Failure(reason: "truncated stored block") }
    output += bytes[position..<position + length]
    reader = BitReader(bytes: bytes, position: position + length)
  }

  private static func huffmanBlock(
    _ reader: inout BitReader, _ literals: Huffman, _ distances: Huffman, _ output: inout [UInt8],
    limit: Int
  ) throws(Failure) {
    while true {
      let symbol = try literals.decode(&reader)
      if symbol < 256 {
        output.append(UInt8(symbol))
      } else if symbol == 256 {
        return
      } else {
        let code = symbol - 257
        guard code < 29 else { throw Failure(reason: "bad length code") }
        let length = Deflate.lengthBase[code] + (try reader.bits(Deflate.lengthExtraBits[code]))
        let distanceCode = try distances.decode(&reader)
        guard distanceCode < 30 else { throw Failure(reason: "bad distance code") }
        let distance =
          Deflate.distanceBase[distanceCode]
          + (try reader.bits(Deflate.distanceExtraBits[distanceCode]))
        guard distance <= output.count else { throw Failure(reason: "distance too far back") }
        guard output.count + length <= limit else {
          throw Failure(reason: "more than the expected \(limit) bytes")
        }
        let start = output.count - distance
        for k in 0..<length { output.append(output[start + k]) }
      }
    }
  }

  private static func dynamicTables(_ reader: inout BitReader) throws(Failure) -> (Huffman, Huffman)
  {
    let literalCount = try reader.bits(5) + 257
    let distanceCount = try reader.bits(5) + 1
    let codeLengthCount = try reader.bits(4) + 4
    let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    var codeLengthLengths = [Int](repeating: 0, count: 19)
    for k in 0..<codeLengthCount { codeLengthLengths[order[k]] = try reader.bits(3) }
    let codeLengths = try Huffman(lengths: codeLengthLengths)
    var lengths: [Int] = []
    while lengths.count < literalCount + distanceCount {
      let symbol = try codeLengths.decode(&reader)
      switch symbol {
      case 0...15: lengths.append(symbol)
      case 16:
        guard let last = lengths.last else { throw Failure(reason: "repeat with no length") }
        lengths += Array(repeating: last, count: 3 + (try reader.bits(2)))
      case 17: lengths += Array(repeating: 0, count: 3 + (try reader.bits(3)))
      default: lengths += Array(repeating: 0, count: 11 + (try reader.bits(7)))
      }
    }
    guard lengths.count == literalCount + distanceCount else {
      throw Failure(reason: "code lengths overflow")
    }
    return (
      try Huffman(lengths: Array(lengths[0..<literalCount])),
      try Huffman(lengths: Array(lengths[literalCount...]))
    )
  }
}

/// A canonical Huffman code: how many codes of each length, and symbols in code order.
struct Huffman {
  var counts = [Int](repeating: 0, count: 16)
  var symbols: [Int] = []

  init(lengths: [Int]) throws(Inflate.Failure) {
    for length in lengths { counts[length] += 1 }
    counts[0] = 0
    var left = 1
    for length in 1...15 {
      left = left * 2 - counts[length]
      guard left >= 0 else { throw Inflate.Failure(reason: "over-subscribed Huffman code") }
    }
    for length in 1...15 {
      for (symbol, l) in lengths.enumerated() where l == length { symbols.append(symbol) }
    }
  }

  /// Reads one symbol, a bit at a time (codes are packed most significant bit first).
  func decode(_ reader: inout BitReader) throws(Inflate.Failure) -> Int {
    var code = 0
    var first = 0
    var index = 0
    for length in 1...15 {
      code |= try reader.bits(1)
      let count = counts[length]
      if code - first < count { return symbols[index + code - first] }
      index += count
      first = (first + count) << 1
      code <<= 1
    }
    throw Inflate.Failure(reason: "invalid Huffman code")
  }

  static let fixedLiterals: Huffman = {
    let lengths =
      Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112)
      + Array(repeating: 7, count: 24) + Array(repeating: 8, count: 8)
    return (try? Huffman(lengths: lengths)) ?? Huffman()
  }()
  static let fixedDistances: Huffman =
    (try? Huffman(lengths: Array(repeating: 5, count: 30))) ?? Huffman()

  private init() {}
}

/// Reads bits least-significant first from a byte array.
struct BitReader {
  let bytes: [UInt8]
  var position: Int
  private var bitBuffer = 0
  private var bitCount = 0

  init(bytes: [UInt8], position: Int) {
    self.bytes = bytes
    self.position = position
  }

  mutating func bits(_ count: Int) throws(Inflate.Failure) -> Int {
    while bitCount < count {
      guard position < bytes.count else { throw Inflate.Failure(reason: "unexpected end of data") }
      bitBuffer |= Int(bytes[position]) << bitCount
      position += 1
      bitCount += 8
    }
    let value = bitBuffer & ((1 << count) - 1)
    bitBuffer >>= count
    bitCount -= count
    return value
  }

  /// The index of the next whole byte, dropping any bits left in the current one.
  var bytePositionAfterAlignment: Int { position }
}
