import Foundation

/// Whole-file writes that never leave a half-written file behind.
///
/// The data goes to a temporary file in the same directory, is flushed to disk with
/// `fsync`, and is then renamed over the destination. `rename` is atomic on POSIX file
/// systems, so a reader (or a crash, or a kill) sees either the old file or the new one.
public enum AtomicFile {
  /// Writes `data` to `path` atomically, creating parent directories as needed.
  public static func write(_ data: some Collection<UInt8>, to path: String) throws(FileError) {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw FileError(path: path, reason: "cannot create directory \(directory)")
    }
    let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else {
      let reason = String(cString: strerror(errno))
      throw FileError(path: path, reason: "cannot create file (\(reason))")
    }
    let bytes = Array(data)
    var written = 0
    let ok: Bool = bytes.withUnsafeBytes { buffer in
      while written < buffer.count {
        let n = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
        if n < 0 {
          if errno == EINTR { continue }
          return false
        }
        written += n
      }
      return fsync(descriptor) == 0
    }
    let reason = String(cString: strerror(errno))
    close(descriptor)
    guard ok else {
      unlink(temporary)
      throw FileError(path: path, reason: "write failed (\(reason))")
    }
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw FileError(path: path, reason: "cannot replace file (\(reason))")
    }
  }

  /// Writes `text` as UTF-8 to `path` atomically.
  public static func write(_ text: String, to path: String) throws(FileError) {
    try write(Array(text.utf8), to: path)
  }
}

/// A file that could not be read or written, with the path and what went wrong.
public struct FileError: Error, CustomStringConvertible, Equatable, Sendable {
  public var path: String
  public var reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "\(path): \(reason)" }
}
