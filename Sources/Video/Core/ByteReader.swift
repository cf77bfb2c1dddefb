import Foundation

/// Sequential reads from a file through C stdio, so long files are streamed, not loaded.
final class ByteReader {
  let path: String
  private let file: UnsafeMutablePointer<FILE>

  /// Opens `path` for reading.
  init(path: String) throws(VideoError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      throw VideoError(path: path, problem: .unreadable("is a directory"))
    }
    guard let file = fopen(path, "rb") else {
      throw VideoError(path: path, problem: .unreadable(String(cString: strerror(errno))))
    }
    self.path = path
    self.file = file
  }

  deinit { fclose(file) }

  /// Reads bytes up to and excluding the next newline. Returns nil at end of file before any
  /// byte; `complete` is false when the file ended (or `limit` bytes passed) before a newline.
  func readLine(limit: Int) -> (bytes: [UInt8], complete: Bool)? {
    var bytes: [UInt8] = []
    while bytes.count <= limit {
      let c = getc(file)
      if c == EOF { return bytes.isEmpty ? nil : (bytes, false) }
      if c == 0x0A { return (bytes, true) }
      bytes.append(UInt8(c))
    }
    return (bytes, false)
  }

  /// Reads up to `count` bytes into `buffer` (resized to what was read, or to `count`);
  /// returns how many were read. Large reads grow the buffer in 1 MiB steps, so a header
  /// that promises a huge frame in a short file does not allocate the promise.
  func read(into buffer: inout [UInt8], count: Int) -> Int {
    let step = 1 << 20
    if count <= step {
      if buffer.count != count { buffer = [UInt8](repeating: 0, count: count) }
      return buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, count, file) }
    }
    buffer.removeAll(keepingCapacity: true)
    var chunk = [UInt8](repeating: 0, count: step)
    while buffer.count < count {
      let wanted = min(step, count - buffer.count)
      let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, wanted, file) }
      buffer.append(contentsOf: chunk[0..<n])
      if n < wanted { break }
    }
    return buffer.count
  }
}

/// Reads a whole file into memory.
func readWholeFile(_ path: String) throws(VideoError) -> [UInt8] {
  let reader = try ByteReader(path: path)
  var bytes: [UInt8] = []
  var chunk: [UInt8] = []
  while true {
    let n = reader.read(into: &chunk, count: 1 << 16)
    bytes.append(contentsOf: chunk[0..<n])
    if n < chunk.count { return bytes }
  }
}
