/// CRC-32 (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320), as PNG chunks use.
enum CRC32 {
  private static let table: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  /// The CRC of `bytes`, continuing from `crc` (0 to start).
  static func checksum(_ bytes: some Sequence<UInt8>, continuing crc: UInt32 = 0) -> UInt32 {
    var c = ~crc
    for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
    return ~c
  }
}

/// Adler-32 (RFC 1950): a = 1 + sum of bytes, b = sum of the running a's, both mod 65521;
/// the checksum is b << 16 | a.
enum Adler32 {
  static func checksum(_ bytes: [UInt8]) -> UInt32 {
    var a: UInt32 = 1
    var b: UInt32 = 0
    var index = 0
    while index < bytes.count {
      // 5552 bytes is the most that cannot overflow 32 bits before the modulo.
      let end = min(bytes.count, index + 5552)
      for i in index..<end {
        a &+= UInt32(bytes[i])
        b &+= a
      }
      a %= 65521
      b %= 65521
      index = end
    }
    return b << 16 | a
  }
}
