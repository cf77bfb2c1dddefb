import Foundation
import VidlatSupport

/// Netpbm graymap images: binary `P5` (8-bit, or 16-bit big-endian when maxval > 255) and
/// plain-text `P2`. Values are scaled by 1 / maxval into [0, 1].
public enum PGM {
  /// Decodes a PGM image; `path` names the file in errors.
  public static func decode(_ bytes: [UInt8], path: String) throws(VideoError) -> Frame {
    var scanner = HeaderScanner(bytes: bytes)
    guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P"),
      bytes[1] == UInt8(ascii: "5") || bytes[1] == UInt8(ascii: "2")
    else {
      if bytes.count >= 2, bytes[0] == UInt8(ascii: "P"), bytes[1] >= UInt8(ascii: "1"),
        bytes[1] <= UInt8(ascii: "7")
      {
        let kind = String(UnicodeScalar(bytes[1]))
        throw VideoError(
          path: path, problem: .unsupportedColourSpace("Netpbm P\(kind) (only P5 and P2 graymaps)"))
      }
      throw VideoError(path: path, problem: .badHeader("missing P5/P2 signature"))
    }
    let binary = bytes[1] == UInt8(ascii: "5")
    scanner.position = 2
    guard let width = scanner.nextNumber(), let height = scanner.nextNumber(),
      let maxValue = scanner.nextNumber()
    else {
      throw VideoError(path: path, problem: .badHeader("missing width, height or maxval"))
    }
    guard width > 0, height > 0, width <= 1 << 15, height <= 1 << 15 else {
      throw VideoError(path: path, problem: .badHeader("image size \(width)x\(height)"))
    }
    guard maxValue > 0, maxValue <= 65535 else {
      throw VideoError(path: path, problem: .badHeader("maxval \(maxValue) not in 1...65535"))
    }
    let count = width * height
    let maximum = Float(maxValue)
    guard binary || count <= bytes.count else {
      throw VideoError(
        path: path, problem: .truncatedFrame(frame: 0, expected: count, found: bytes.count))
    }
    var pixels: [Float] = []
    if binary {
      // Exactly one whitespace byte separates maxval from the raster.
      let start = scanner.position + 1
      let bytesPerSample = maxValue > 255 ? 2 : 1
      let expected = count * bytesPerSample
      let found = max(0, bytes.count - start)
      guard found >= expected else {
        throw VideoError(
          path: path, problem: .truncatedFrame(frame: 0, expected: expected, found: found))
      }
      pixels = [Float](repeating: 0, count: count)
      for i in 0..<count {
        let value =
          bytesPerSample == 1
          ? Int(bytes[start + i])
          : Int(bytes[start + 2 * i]) << 8 | Int(bytes[start + 2 * i + 1])
        pixels[i] = min(Float(value) / maximum, 1)
      }
    } else {
      pixels = [Float](repeating: 0, count: count)
      for i in 0..<count {
        guard let value = scanner.nextNumber() else {
          throw VideoError(
            path: path, problem: .truncatedFrame(frame: 0, expected: count, found: i))
        }
        pixels[i] = min(Float(value) / maximum, 1)
      }
    }
    return Frame(height: height, width: width, pixels: pixels)
  }

  /// Reads one PGM file.
  public static func read(path: String) throws(VideoError) -> Frame {
    try decode(readWholeFile(path), path: path)
  }

  /// Encodes a frame as binary PGM (`P5`) with `maxValue` 255 (8-bit) or up to 65535 (16-bit).
  public static func encode(_ frame: Frame, maxValue: Int = 255) -> [UInt8] {
    let maxValue = max(1, min(65535, maxValue))
    var bytes = Array("P5\n\(frame.width) \(frame.height)\n\(maxValue)\n".utf8)
    for value in frame.pixels {
      let level = Int((max(0, min(1, value)) * Float(maxValue)).rounded())
      if maxValue > 255 {
        bytes.append(UInt8(level >> 8))
        bytes.append(UInt8(level & 0xFF))
      } else {
        bytes.append(UInt8(level))
      }
    }
    return bytes
  }

  /// Walks the whitespace- and comment-separated decimal numbers of a Netpbm header.
  private struct HeaderScanner {
    let bytes: [UInt8]
    var position = 0

    mutating func nextNumber() -> Int? {
      while position < bytes.count {
        let byte = bytes[position]
        if byte == UInt8(ascii: "#") {
          while position < bytes.count, bytes[position] != 0x0A { position += 1 }
        } else if byte == 0x20 || (0x09...0x0D).contains(byte) {
          position += 1
        } else {
          break
        }
      }
      var value = 0
      var digits = 0
      while position < bytes.count, (0x30...0x39).contains(bytes[position]), digits < 9 {
        value = value * 10 + Int(bytes[position] - 0x30)
        digits += 1
        position += 1
      }
      return digits > 0 ? value : nil
    }
  }
}

/// Streams the numbered PGM frames of a folder (`*.pgm`, ordered by the number in the name,
/// so `f2.pgm` comes before `f10.pgm`), one file at a time.
public final class PGMFolderReader {
  /// The folder.
  public let path: String
  /// The frame files, in order.
  public let frameFiles: [String]
  private var next = 0
  private var size: (width: Int, height: Int)?

  /// Lists the frames of the folder at `path`.
  /// - Throws: `.unreadable` when it is not a readable folder, `.noFrameFiles` when it holds
  ///   no `.pgm` file.
  public init(path: String) throws(VideoError) {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: path)
    } catch {
      throw VideoError(path: path, problem: .unreadable("not a readable folder"))
    }
    self.path = path
    frameFiles = names.filter { $0.lowercased().hasSuffix(".pgm") }
      .sorted { (PGMFolderReader.frameNumber($0), $0) < (PGMFolderReader.frameNumber($1), $1) }
      .map { (path as NSString).appendingPathComponent($0) }
    guard !frameFiles.isEmpty else {
      let videos = names.filter { name in
        [".y4m", ".mp4", ".avi", ".mov", ".mkv", ".webm", ".gif"].contains {
          name.lowercased().hasSuffix($0)
        }
      }.sorted()
      let hint =
        names.contains(SceneDataset.videoFile) && names.contains(SceneDataset.truthFile)
        ? "it is a 'vidlat dataset' folder: give its video, "
          + (path as NSString).appendingPathComponent(SceneDataset.videoFile)
        : videos.first.map {
          "it holds a video: give the file, " + (path as NSString).appendingPathComponent($0)
        } ?? ""
      throw VideoError(path: path, problem: .noFrameFiles(hint))
    }
  }

  /// The next frame, or nil after the last.
  /// - Throws: the frame file's error, or `.inconsistentFrameSize` naming it.
  public func nextFrame() throws(VideoError) -> Frame? {
    guard next < frameFiles.count else { return nil }
    let file = frameFiles[next]
    let frame = try PGM.read(path: file)
    if let size, size.width != frame.width || size.height != frame.height {
      throw VideoError(
        path: file,
        problem: .inconsistentFrameSize(
          "\(frame.width)x\(frame.height), but the first frame is \(size.width)x\(size.height)"))
    }
    size = (frame.width, frame.height)
    next += 1
    return frame
  }

  /// The last run of digits in a file name, or -1 when there is none.
  private static func frameNumber(_ name: String) -> Int {
    let stem = name.split(separator: ".").first.map(String.init) ?? name
    let digits = stem.reversed().drop { !$0.isNumber }.prefix { $0.isNumber }
    return Int(String(digits.reversed()).suffix(15)) ?? -1
  }
}

extension Video {
  /// Reads a whole folder of numbered PGM frames (see ``PGMFolderReader``).
  public static func readPGMFolder(
    path: String, framesPerSecond: Double = 25
  ) throws(VideoError) -> Video {
    let reader = try PGMFolderReader(path: path)
    var frames: [Frame] = []
    while let frame = try reader.nextFrame() { frames.append(frame) }
    return Video(frames: frames, framesPerSecond: framesPerSecond)
  }

  /// Writes every frame as `frame_00000.pgm`, `frame_00001.pgm`, ... into the folder `path`.
  public func writePGMFolder(to path: String, maxValue: Int = 255) throws(FileError) {
    for index in 0..<frameCount {
      let name = "frame_" + String(format: "%05d", index) + ".pgm"
      try AtomicFile.write(
        PGM.encode(frame(index), maxValue: maxValue),
        to: (path as NSString).appendingPathComponent(name))
    }
  }
}
