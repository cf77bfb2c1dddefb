@testable import Video

/// A GIF decoder for the tests: reads the global palette, frame delays and LZW-coded
/// indices of every frame, to check that what `GIF.encode` writes round-trips.
struct DecodedGIF {
  var width = 0
  var height = 0
  var palette: [UInt8] = []
  var loops = false
  var delays: [Int] = []
  var frames: [[UInt8]] = []

  struct Failure: Error { var reason: String }

  init(_ bytes: [UInt8]) throws {
    guard bytes.count > 13, Array(bytes[0..<6]) == Array("GIF89a".utf8) else {
      throw Failure(reason: "signature")
    }
    width = Int(bytes[6]) | Int(bytes[7]) << 8
    height = Int(bytes[8]) | Int(bytes[9]) << 8
    let flags = bytes[10]
    var position = 13
    if flags & 0x80 != 0 {
      let size = 3 << (Int(flags & 7) + 1)
      palette = Array(bytes[position..<position + size])
      position += size
    }
    func subBlocks() throws -> [UInt8] {
      var data: [UInt8] = []
      while true {
        guard position < bytes.count else { throw Failure(reason: "truncated sub-blocks") }
        let length = Int(bytes[position])
        position += 1
        if length == 0 { return data }
        data += bytes[position..<position + length]
        position += length
      }
    }
    while position < bytes.count {
      switch bytes[position] {
      case 0x21:
        let label = bytes[position + 1]
        position += 2
        let data = try subBlocks()
        if label == 0xF9 { delays.append(Int(data[1]) | Int(data[2]) << 8) }
        if label == 0xFF, data.starts(with: Array("NETSCAPE2.0".utf8)) { loops = true }
      case 0x2C:
        let w = Int(bytes[position + 5]) | Int(bytes[position + 6]) << 8
        let h = Int(bytes[position + 7]) | Int(bytes[position + 8]) << 8
        let minimumCodeSize = Int(bytes[position + 10])
        position += 11
        frames.append(try DecodedGIF.lzwDecode(try subBlocks(), minimumCodeSize: minimumCodeSize))
        guard frames.last?.count == w * h else { throw Failure(reason: "frame size") }
      case 0x3B: return
      default: throw Failure(reason: "unknown block \(bytes[position])")
      }
    }
    throw Failure(reason: "no trailer")
  }

  static func lzwDecode(_ data: [UInt8], minimumCodeSize: Int) throws -> [UInt8] {
    let clear = 1 << minimumCodeSize
    let end = clear + 1
    var table: [[UInt8]] = []
    var codeSize = minimumCodeSize + 1
    var previous: [UInt8]?
    var output: [UInt8] = []
    var bitPosition = 0
    func reset() {
      table = (0..<clear).map { [UInt8($0)] } + [[], []]
      codeSize = minimumCodeSize + 1
      previous = nil
    }
    reset()
    while true {
      guard bitPosition + codeSize <= data.count * 8 else { throw Failure(reason: "no end code") }
      var code = 0
      for k in 0..<codeSize {
        let bit = bitPosition + k
        code |= Int(data[bit / 8] >> (bit % 8) & 1) << k
      }
      bitPosition += codeSize
      if code == clear {
        reset()
        continue
      }
      if code == end { return output }
      let entry: [UInt8]
      if code < table.count {
        entry = table[code]
        if let previous { table.append(previous + [entry[0]]) }
      } else if code == table.count, let previous {
        entry = previous + [previous[0]]
        table.append(entry)
      } else {
        throw Failure(reason: "bad code \(code)")
      }
      output += entry
      previous = entry
      if table.count == 1 << codeSize, codeSize < 12 { codeSize += 1 }
    }
  }
}
