/// The byte layout of checkpoint files (all integers little-endian; see docs/engine.md):
///
///     header   "VDLTCKPT" | UInt32 version | UInt32 CRC-32 of payload | UInt64 payload length
///     payload  UInt8 scalar tag | UInt64 step | metadata | tensors (parameters)
///              | UInt8 has optimizer | [string kind | UInt64 step | tensors]
///     metadata UInt32 count, then count x (string key, string value), sorted by key
///     tensors  UInt32 count, then count x (string name, UInt32 rank, rank x UInt64 dims,
///              elements as IEEE 754 little-endian, 4 or 8 bytes each)
///     string   UInt32 byte count, UTF-8 bytes
extension Checkpoint {
  static var magic: [UInt8] { Array("VDLTCKPT".utf8) }
  static var headerSize: Int { 24 }

  /// The file's bytes.
  public func encoded() -> [UInt8] {
    var payload = ByteWriter()
    payload.integer(Scalar.checkpointTag)
    payload.integer(UInt64(step))
    payload.integer(UInt32(metadata.count))
    for key in metadata.keys.sorted() {
      payload.string(key)
      payload.string(metadata[key]!)
    }
    payload.tensors(parameters)
    if let optimizerState {
      payload.integer(UInt8(1))
      payload.string(optimizerState.kind)
      payload.integer(UInt64(optimizerState.step))
      payload.tensors(optimizerState.tensors)
    } else {
      payload.integer(UInt8(0))
    }
    var file = ByteWriter()
    file.bytes.append(contentsOf: Self.magic)
    file.integer(Self.formatVersion)
    file.integer(CRC32.checksum(payload.bytes))
    file.integer(UInt64(payload.bytes.count))
    file.bytes.append(contentsOf: payload.bytes)
    return file.bytes
  }

  /// Decodes a file's bytes, validating everything before trusting it.
  init(decoding bytes: [UInt8]) throws(DecodingError) {
    guard bytes.count >= Self.headerSize else {
      throw DecodingError("truncated: \(bytes.count) bytes, shorter than the 24-byte header")
    }
    guard Array(bytes[0..<8]) == Self.magic else {
      throw DecodingError("not a vidlat checkpoint (wrong magic bytes)")
    }
    var header = ByteReader(bytes: bytes, offset: 8)
    let version: UInt32 = try header.integer()
    guard version == Self.formatVersion else {
      throw DecodingError(
        "format version \(version) is not supported (this build reads \(Self.formatVersion))")
    }
    let checksum: UInt32 = try header.integer()
    let length: UInt64 = try header.integer()
    let available = UInt64(bytes.count - Self.headerSize)
    guard length <= available else {
      throw DecodingError("truncated: payload should be \(length) bytes, file has \(available)")
    }
    guard length == available else {
      throw DecodingError("\(available - length) unexpected bytes after the payload")
    }
    let actual = bytes.withUnsafeBytes {
      CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[24...]))
    }
    guard actual == checksum else {
      throw DecodingError("corrupt: checksum mismatch (stored \(checksum), computed \(actual))")
    }
    var reader = ByteReader(bytes: bytes, offset: Self.headerSize)
    let tag: UInt8 = try reader.integer()
    guard tag == Scalar.checkpointTag else {
      throw DecodingError(
        "holds \(tag == 1 ? "Float" : tag == 2 ? "Double" : "unknown (\(tag))") scalars, "
          + "expected \(Scalar.self)")
    }
    let step = try reader.count(UInt64.self, "step")
    let metadataCount = try reader.count(UInt32.self, "metadata count")
    var metadata: [String: String] = [:]
    for _ in 0..<metadataCount {
      let key = try reader.string()
      metadata[key] = try reader.string()
    }
    let parameters: [NamedTensor<Scalar>] = try reader.tensors()
    let hasOptimizer: UInt8 = try reader.integer()
    var optimizerState: OptimizerState<Scalar>?
    switch hasOptimizer {
    case 0: break
    case 1:
      let kind = try reader.string()
      let optimizerStep = try reader.count(UInt64.self, "optimizer step")
      optimizerState = OptimizerState(
        kind: kind, step: optimizerStep, tensors: try reader.tensors())
    default: throw DecodingError("malformed optimizer flag \(hasOptimizer)")
    }
    guard reader.offset == bytes.count else {
      throw DecodingError("malformed: \(bytes.count - reader.offset) bytes left over")
    }
    self.init(
      step: step, parameters: parameters, optimizerState: optimizerState, metadata: metadata)
  }
}

/// Why a checkpoint's bytes could not be decoded.
struct DecodingError: Error {
  var reason: String
  init(_ reason: String) { self.reason = reason }
}

private struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func integer<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func string(_ value: String) {
    let utf8 = Array(value.utf8)
    integer(UInt32(utf8.count))
    bytes.append(contentsOf: utf8)
  }

  mutating func tensors<Scalar: BLASScalar>(_ tensors: [NamedTensor<Scalar>]) {
    integer(UInt32(tensors.count))
    for entry in tensors {
      string(entry.name)
      integer(UInt32(entry.tensor.rank))
      for dimension in entry.tensor.shape { integer(UInt64(dimension)) }
      #if _endian(little)
        entry.tensor.scalars.withUnsafeBytes { bytes.append(contentsOf: $0) }
      #else
        for value in entry.tensor.scalars {
          if Scalar.checkpointTag == 1 {
            integer(UInt32(truncatingIfNeeded: value.bitPattern64))
          } else {
            integer(value.bitPattern64)
          }
        }
      #endif
    }
  }
}

private struct ByteReader {
  let bytes: [UInt8]
  var offset: Int

  var remaining: Int { bytes.count - offset }

  mutating func integer<T: FixedWidthInteger>() throws(DecodingError) -> T {
    let size = MemoryLayout<T>.size
    guard remaining >= size else {
      throw DecodingError("malformed: ends inside a \(size)-byte field at byte \(offset)")
    }
    var value: T = 0
    for i in 0..<size { value |= T(bytes[offset + i]) << (8 * i) }
    offset += size
    return value
  }

  /// An unsigned field that must fit a non-negative `Int`.
  mutating func count<T: FixedWidthInteger & UnsignedInteger>(
    _ type: T.Type, _ what: String
  ) throws(DecodingError) -> Int {
    let value: T = try integer()
    guard let result = Int(exactly: value), result <= Int(Int32.max) * 64 else {
      throw DecodingError("malformed \(what) \(value)")
    }
    return result
  }

  mutating func string() throws(DecodingError) -> String {
    let length = try count(UInt32.self, "string length")
    guard remaining >= length else {
      throw DecodingError(
        "malformed: string of \(length) bytes at byte \(offset) runs past the end")
    }
    let slice = bytes[offset..<(offset + length)]
    guard let text = String(validating: slice, as: UTF8.self) else {
      throw DecodingError("malformed: invalid UTF-8 at byte \(offset)")
    }
    offset += length
    return text
  }

  mutating func tensors<Scalar: BLASScalar>() throws(DecodingError) -> [NamedTensor<Scalar>] {
    let tensorCount = try count(UInt32.self, "tensor count")
    var result: [NamedTensor<Scalar>] = []
    for _ in 0..<tensorCount {
      let name = try string()
      let rank = try count(UInt32.self, "rank")
      guard rank <= 16 else { throw DecodingError("malformed: tensor \(name) has rank \(rank)") }
      var shape: [Int] = []
      var elements = 1
      for _ in 0..<rank {
        let dimension = try count(UInt64.self, "dimension of \(name)")
        let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
        guard !overflow else { throw DecodingError("malformed: tensor \(name) is too large") }
        shape.append(dimension)
        elements = product
      }
      let size = MemoryLayout<Scalar>.size
      guard elements <= remaining / size else {
        throw DecodingError("malformed: tensor \(name) \(shape) runs past the end")
      }
      var scalars = [Scalar]()
      scalars.reserveCapacity(elements)
      for i in 0..<elements {
        var bits: UInt64 = 0
        let base = offset + i * size
        for b in 0..<size { bits |= UInt64(bytes[base + b]) << (8 * b) }
        scalars.append(Scalar(bitPattern64: bits))
      }
      offset += elements * size
      result.append(NamedTensor(name: name, tensor: Tensor(shape: shape, scalars: scalars)))
    }
    return result
  }
}
