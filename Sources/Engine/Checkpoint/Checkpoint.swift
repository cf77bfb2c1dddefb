import Foundation
import VidlatSupport

/// A snapshot of training: named parameters, optimizer state, the step, and string
/// metadata for the caller's own state (e.g. learned physics parameters, RNG state).
///
/// Files use the versioned binary format documented byte by byte in docs/engine.md
/// (magic `VDLTCKPT`, version, CRC-32 of the payload). `write(to:)` is atomic (temporary
/// file, fsync, rename), so a crash during a save leaves the previous file intact.
public struct Checkpoint<Scalar: BLASScalar>: Equatable, Sendable {
  /// The current format version written by `write(to:)`.
  public static var formatVersion: UInt32 { 1 }

  /// The training step (number of optimizer updates) at which the snapshot was taken.
  public var step: Int
  /// The model's parameters in visiting order.
  public var parameters: [NamedTensor<Scalar>]
  /// The optimizer's state, if one was saved.
  public var optimizerState: OptimizerState<Scalar>?
  /// Free-form string metadata, stored sorted by key.
  public var metadata: [String: String]

  public init(
    step: Int, parameters: [NamedTensor<Scalar>], optimizerState: OptimizerState<Scalar>? = nil,
    metadata: [String: String] = [:]
  ) {
    self.step = step
    self.parameters = parameters
    self.optimizerState = optimizerState
    self.metadata = metadata
  }

  /// A snapshot of `model` (and `optimizer`, if given).
  public init(
    model: some ParameterContainer<Scalar>, optimizer: (any Optimizer<Scalar>)? = nil,
    step: Int, metadata: [String: String] = [:]
  ) {
    self.init(
      step: step,
      parameters: model.namedParameters.map { NamedTensor(name: $0.name, tensor: $0.value) },
      optimizerState: optimizer?.state, metadata: metadata)
  }

  /// Writes the checkpoint to `path` atomically.
  public func write(to path: String) throws(FileError) {
    try AtomicFile.write(encoded(), to: path)
  }

  /// Reads a checkpoint written by `write(to:)`.
  /// - Throws: `CheckpointError` naming the file if it cannot be read, is truncated, fails
  ///   its checksum, has another format version or scalar type, or is malformed.
  public static func read(from path: String) throws(CheckpointError) -> Checkpoint {
    guard let bytes = readFile(path) else {
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      throw CheckpointError(
        path: path,
        reason: !exists
          ? "no such file" : isDirectory.boolValue ? "it is a directory" : "cannot read the file")
    }
    do {
      return try Checkpoint(decoding: bytes)
    } catch {
      throw CheckpointError(path: path, reason: error.reason)
    }
  }

  /// Copies the saved parameters into `model`.
  /// - Throws: `CheckpointError` naming the parameter whose shape differs, or one that is
  ///   missing from the checkpoint or from the model. The model is unchanged on error.
  public func restore(into model: inout some ParameterContainer<Scalar>) throws(CheckpointError) {
    var saved: [String: Tensor<Scalar>] = [:]
    for entry in parameters { saved[entry.name] = entry.tensor }
    var modelNames = Set<String>()
    for (name, value) in model.namedParameters {
      modelNames.insert(name)
      guard let tensor = saved[name] else {
        throw CheckpointError(path: nil, reason: "parameter \(name) is missing from the checkpoint")
      }
      guard tensor.shape == value.shape else {
        throw CheckpointError(
          path: nil,
          reason: "parameter \(name) has shape \(tensor.shape) in the checkpoint "
            + "but \(value.shape) in the model")
      }
    }
    if let extra = parameters.first(where: { !modelNames.contains($0.name) }) {
      throw CheckpointError(path: nil, reason: "the model has no parameter \(extra.name)")
    }
    model.visitParameters { name, parameter in parameter.value = saved[name]! }
  }

  /// Restores `optimizer` from the saved optimizer state.
  /// - Throws: `CheckpointError` if none was saved or it is of another kind.
  public func restore(optimizer: inout some Optimizer<Scalar>) throws(CheckpointError) {
    guard let optimizerState else {
      throw CheckpointError(path: nil, reason: "the checkpoint holds no optimizer state")
    }
    do {
      try optimizer.restore(optimizerState)
    } catch {
      throw CheckpointError(path: nil, reason: error.description)
    }
  }
}

/// A checkpoint that cannot be loaded, with the file (when known) and the reason.
public struct CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
  public var path: String?
  public var reason: String

  public init(path: String?, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String {
    (path.map { "checkpoint \($0): " } ?? "checkpoint: ") + reason
  }
}

private func readFile(_ path: String) -> [UInt8]? {
  guard let file = fopen(path, "rb") else { return nil }
  defer { fclose(file) }
  var bytes: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 1 << 20)
  while true {
    let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
    bytes.append(contentsOf: chunk[0..<n])
    if n < chunk.count { return ferror(file) == 0 ? bytes : nil }
  }
}
