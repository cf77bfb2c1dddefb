extension Deflate {
  /// A literal byte (`length` 0, `value` the byte) or a match (`length` 3...258 bytes copied
  /// from `value` bytes back).
  struct Token {
    var length: UInt16
    var value: UInt16
  }

  /// Greedy LZ77 parsing with hash chains over 3-byte prefixes in a 32 KiB window (at most
  /// 32 candidates per position, stopping at a 258-byte match).
  static func lz77(_ data: [UInt8]) -> [Token] {
    let windowSize = 32768
    let hashSize = 1 << 15
    var head = [Int32](repeating: -1, count: hashSize)
    var previous = [Int32](repeating: -1, count: windowSize)
    var tokens: [Token] = []
    tokens.reserveCapacity(data.count / 4)
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
              tokens.append(Token(length: UInt16(bestLength), value: UInt16(bestDistance)))
              for k in i..<i + bestLength { insert(k) }
              i += bestLength
            } else {
              tokens.append(Token(length: 0, value: UInt16(data[i])))
              insert(i)
              i += 1
            }
          }
        }
      }
    }
    return tokens
  }
}
