import Engine
import Foundation
import Testing
import VidlatSupport

@Suite struct CheckpointTests {
  /// Runs `body` with a fresh temporary folder and removes the folder afterwards, whether
  /// `body` returns or throws.
  func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    let path = NSTemporaryDirectory() + "vidlat-engine-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
  }

  func trainedModelAndOptimizer() -> (Sequential<Float>, Adam<Float>) {
    var generator = SeededGenerator(seed: 1)
    var model = Sequential<Float>([
      Dense(inputSize: 3, outputSize: 4, activation: .relu, generator: &generator),
      Dense(inputSize: 4, outputSize: 2, generator: &generator),
    ])
    var adam = Adam<Float>()
    let input = Tensor<Float>.randomNormal(shape: [5, 3], using: &generator)
    for _ in 0..<3 {
      model.zeroGradients()
      _ = model.backward(model.forward(input))
      adam.update(&model)
    }
    return (model, adam)
  }

  /// Bitwise CRC-32 (IEEE), independent of the engine's table-driven one.
  func referenceCRC32(_ bytes: some Sequence<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }

  @Test func headerHoldsMagicVersionLengthAndStandardCRC32() {
    #expect(referenceCRC32(Array("123456789".utf8)) == 0xCBF4_3926)
    let bytes = Checkpoint<Float>(
      step: 5, parameters: [NamedTensor(name: "w", tensor: Tensor(shape: [2], scalars: [1, -2]))],
      metadata: ["a": "b"]
    ).encoded()
    func integer(_ range: Range<Int>) -> UInt64 {
      range.reversed().reduce(0) { $0 << 8 | UInt64(bytes[$1]) }
    }
    #expect(Array(bytes[0..<8]) == Array("VDLTCKPT".utf8))
    #expect(integer(8..<12) == 1)
    #expect(integer(12..<16) == UInt64(referenceCRC32(bytes[24...])))
    #expect(integer(16..<24) == UInt64(bytes.count - 24))
    // Payload: tag (1) + step (8) + metadata 4 + (4 + 1) + (4 + 1) + tensors 4 + name (4 + 1)
    // + rank 4 + dims 8 + elements 2 x 4 + optimizer flag 1.
    #expect(bytes.count == 24 + 1 + 8 + 14 + 4 + 5 + 4 + 8 + 8 + 1)
    #expect(bytes[24] == 1 && integer(25..<33) == 5)
  }

  @Test func roundTripRestoresModelOptimizerStepAndMetadata() throws {
    let (model, adam) = trainedModelAndOptimizer()
    try withTemporaryDirectory { folder in
      let path = folder + "/round-trip.ckpt"
      let metadata = ["physics.k": "9.81", "rng": "1 2 3 4", "empty": ""]
      try Checkpoint(model: model, optimizer: adam, step: 3, metadata: metadata).write(to: path)
      let loaded = try Checkpoint<Float>.read(from: path)
      #expect(loaded.step == 3 && loaded.metadata == metadata)
      var fresh = Sequential<Float>([
        Dense(inputSize: 3, outputSize: 4, activation: .relu, generator: &SeededGenerator.any),
        Dense(inputSize: 4, outputSize: 2, generator: &SeededGenerator.any),
      ])
      try loaded.restore(into: &fresh)
      #expect(fresh.namedParameters.map(\.value) == model.namedParameters.map(\.value))
      #expect(fresh.namedParameters.map(\.name) == ["0.weight", "0.bias", "1.weight", "1.bias"])
      var resumed = Adam<Float>()
      try loaded.restore(optimizer: &resumed)
      #expect(resumed.state == adam.state && resumed.step == 3)
    }
  }

  @Test func shapeMismatchNamesTheParameter() throws {
    let (model, _) = trainedModelAndOptimizer()
    let checkpoint = Checkpoint(model: model, step: 0)
    var other = Sequential<Float>([
      Dense(inputSize: 3, outputSize: 4, activation: .relu, generator: &SeededGenerator.any),
      Dense(inputSize: 4, outputSize: 3, generator: &SeededGenerator.any),
    ])
    let before = other.namedParameters.map(\.value)
    #expect {
      try checkpoint.restore(into: &other)
    } throws: { error in
      "\(error)".contains("parameter 1.weight has shape [4, 2] in the checkpoint but [4, 3]")
    }
    #expect(other.namedParameters.map(\.value) == before)
  }

  @Test func truncatedAndCorruptedFilesGiveErrorsNamingTheFile() throws {
    let (model, adam) = trainedModelAndOptimizer()
    let bytes = Checkpoint(model: model, optimizer: adam, step: 3).encoded()
    try withTemporaryDirectory { folder in
      let path = folder + "/damaged.ckpt"
      func expectError(
        _ data: [UInt8], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation
      ) {
        try? AtomicFile.write(data, to: path)
        #expect(sourceLocation: sourceLocation) {
          _ = try Checkpoint<Float>.read(from: path)
        } throws: { error in
          let text = "\(error)"
          return text.contains(path) && text.contains(fragment)
        }
      }
      for length in [0, 7, 23, 24, 100, bytes.count - 1] {
        expectError(Array(bytes[0..<length]), "truncated")
      }
      var flipped = bytes
      flipped[bytes.count / 2] ^= 0x40
      expectError(flipped, "checksum mismatch")
      var wrongMagic = bytes
      wrongMagic[0] = UInt8(ascii: "X")
      expectError(wrongMagic, "not a vidlat checkpoint")
      var newerVersion = bytes
      newerVersion[8] = 2
      expectError(newerVersion, "format version 2")
      expectError(bytes + [0], "unexpected bytes")
      #expect {
        _ = try Checkpoint<Double>.read(from: path + ".missing")
      } throws: { "\($0)" == "checkpoint \(path).missing: no such file" }
      #expect {
        _ = try Checkpoint<Double>.read(from: NSTemporaryDirectory())
      } throws: { "\($0)".hasSuffix(": it is a directory") }
      try AtomicFile.write(bytes, to: path)
      #expect {
        _ = try Checkpoint<Double>.read(from: path)
      } throws: { "\($0)".contains("holds Float scalars, expected Double") }
    }
  }

  @Test func leftoverTemporaryFileDoesNotAffectThePreviousCheckpoint() throws {
    // What a kill between "write temporary file" and "rename" leaves behind.
    let (model, _) = trainedModelAndOptimizer()
    try withTemporaryDirectory { folder in
      let path = folder + "/previous.ckpt"
      try Checkpoint(model: model, step: 7).write(to: path)
      let partial = Array(Checkpoint(model: model, step: 8).encoded().prefix(50))
      let directory = (path as NSString).deletingLastPathComponent
      _ = FileManager.default.createFile(
        atPath: directory + "/.previous.ckpt.tmp-99999", contents: Data(partial))
      #expect(try Checkpoint<Float>.read(from: path).step == 7)
    }
  }

  /// Kills a process that saves checkpoints in a loop at an arbitrary moment, then loads
  /// the file: it must be one of the complete checkpoints.
  @Test func killedSaveLeavesTheLastCompleteCheckpoint() throws {
    try withTemporaryDirectory { folder in
      let path = folder + "/killed.ckpt"
      let child = Process()
      child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
      child.arguments = [
        "--testing-library", "swift-testing", "--filter", "checkpointWriterChildProcess",
      ]
      var environment = ProcessInfo.processInfo.environment
      environment[CheckpointWriterChild.environmentKey] = path
      child.environment = environment
      let output = Pipe()
      child.standardOutput = output
      child.standardError = FileHandle.nullDevice
      try child.run()
      var text = ""
      var saves = 0
      while saves < 3 {
        let data = output.fileHandleForReading.availableData
        if data.isEmpty { break }
        text += String(decoding: data, as: UTF8.self)
        saves = text.components(separatedBy: "checkpoint saved").count - 1
      }
      kill(child.processIdentifier, SIGKILL)
      child.waitUntilExit()
      #expect(saves >= 3, "the child saved \(saves) checkpoints before being killed")
      let loaded = try Checkpoint<Float>.read(from: path)
      #expect(loaded.step >= 3)
      #expect(loaded == CheckpointWriterChild.checkpoint(step: loaded.step))
    }
  }
}

/// The child side of `killedSaveLeavesTheLastCompleteCheckpoint`: runs only when the
/// environment names a path, and then saves checkpoints there until killed.
@Suite struct CheckpointWriterChild {
  static let environmentKey = "VIDLAT_ENGINE_CHECKPOINT_WRITER"

  /// A checkpoint of about 4 MB whose contents are a function of its step.
  static func checkpoint(step: Int) -> Checkpoint<Float> {
    let values = Tensor<Float>(repeating: Float(step), shape: [1000, 1000])
    return Checkpoint(
      step: step, parameters: [NamedTensor(name: "weight", tensor: values)],
      metadata: ["step": "\(step)"])
  }

  @Test(.enabled(if: ProcessInfo.processInfo.environment[environmentKey] != nil))
  func checkpointWriterChildProcess() throws {
    let path = ProcessInfo.processInfo.environment[Self.environmentKey]!
    for step in 1...100_000 {
      try Self.checkpoint(step: step).write(to: path)
      print("checkpoint saved \(step)")
      fflush(nil)
    }
  }
}

extension SeededGenerator {
  /// A generator for tests where the values do not matter.
  nonisolated(unsafe) static var any = SeededGenerator(seed: 0)
}
