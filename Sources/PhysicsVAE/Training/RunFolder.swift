import Engine
import Foundation
import PriorLanguage
import Video
import VidlatSupport

/// A training run's folder:
///
///     prior.prior          the prior's source, as trained
///     config.json          the configuration, the data used, the prior's file name
///     metrics.csv          one row per epoch (`MetricsTable`)
///     training.log         rejected steps and other events
///     latest.ckpt          the latest state (engine checkpoint format + training metadata)
///     best.ckpt            the state with the lowest validation loss (since window cuts began)
///     reconstruction.png   validation frames and their reconstructions
///     phase.svg            prior and posterior mixtures in phase space
///     latents.svg          posterior means against the truth over time
public struct RunFolder: Sendable {
  public let path: String

  public init(path: String) {
    self.path = path
  }

  public var priorPath: String { path + "/prior.prior" }
  public var configurationPath: String { path + "/config.json" }
  public var metricsPath: String { path + "/metrics.csv" }
  public var logPath: String { path + "/training.log" }
  public var latestCheckpointPath: String { path + "/latest.ckpt" }
  public var bestCheckpointPath: String { path + "/best.ckpt" }
  public var reconstructionPath: String { path + "/reconstruction.png" }
  public var phasePortraitPath: String { path + "/phase.svg" }
  public var latentsPath: String { path + "/latents.svg" }

  /// Whether the folder holds a run to continue: one that saved a checkpoint (`latest.ckpt`).
  /// A run stopped before its first checkpoint left only its setup, and starts again.
  public var holdsRun: Bool { FileManager.default.fileExists(atPath: latestCheckpointPath) }

  /// Creates the folder if needed.
  public func prepare() throws(TrainingError) {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw .runFolder("\(path): cannot create the run folder (\(error.localizedDescription))")
    }
  }

  /// Writes the prior's source and the run's settings.
  public func writeSetup(priorSource: String, settings: RunSettings) throws(TrainingError) {
    try prepare()
    try write(priorSource, to: priorPath)
    try write(settings.json, to: configurationPath)
  }

  /// The settings saved by `writeSetup`.
  public func readSettings() throws(TrainingError) -> RunSettings {
    guard FileManager.default.fileExists(atPath: configurationPath) else {
      throw .runFolder("\(path): not a run folder: no config.json")
    }
    guard let data = FileManager.default.contents(atPath: configurationPath) else {
      throw .runFolder("\(configurationPath): cannot read the run's configuration")
    }
    let settings: RunSettings
    do {
      settings = try JSONDecoder.runFolder.decode(RunSettings.self, from: data)
    } catch let error as DecodingError {
      throw .runFolder("\(configurationPath): not a valid run configuration: \(error.summary)")
    } catch {
      throw .runFolder("\(configurationPath): not a valid run configuration (\(error))")
    }
    if let problem = settings.configuration.problem {
      throw .runFolder("\(configurationPath): not a valid run configuration: \(problem)")
    }
    return settings
  }

  /// The saved prior source.
  public func readPriorSource() throws(TrainingError) -> String {
    guard let data = FileManager.default.contents(atPath: priorPath),
      let text = String(data: data, encoding: .utf8)
    else { throw .runFolder("\(priorPath): cannot read the run's prior") }
    return text
  }

  func writeMetrics(_ records: [TrainingRecord], parameterNames: [String])
    throws(TrainingError)
  {
    try write(MetricsTable.text(records, parameterNames: parameterNames), to: metricsPath)
  }

  func appendLog(_ line: String) throws(TrainingError) {
    let previous = FileManager.default.contents(atPath: logPath).map { [UInt8]($0) } ?? []
    do {
      try AtomicFile.write(previous + Array((line + "\n").utf8), to: logPath)
    } catch {
      throw .runFolder(error.description)
    }
  }

  func saveLatest(_ state: TrainingState) throws(TrainingError) {
    try save(state, to: latestCheckpointPath)
  }

  func saveBest(_ state: TrainingState) throws(TrainingError) {
    try save(state, to: bestCheckpointPath)
  }

  private func save(_ state: TrainingState, to file: String) throws(TrainingError) {
    let metadata: [String: String]
    do {
      metadata = [
        "progress": String(
          decoding: try JSONEncoder.runFolder.encode(state.progress), as: UTF8.self),
        "prior-parameters": String(
          decoding: try JSONEncoder.runFolder.encode(
            SavedParameters(state.learnable, optimizer: state.parameterOptimizer)), as: UTF8.self),
      ]
    } catch {
      throw .runFolder("\(file): cannot encode the training state (\(error))")
    }
    let checkpoint = Checkpoint<Float>(
      model: state.model, optimizer: state.optimizer, step: state.optimizer.step,
      metadata: metadata)
    do {
      try checkpoint.write(to: file)
    } catch {
      throw .runFolder(error.description)
    }
  }

  /// The state saved in the latest checkpoint, for a run of `description` with
  /// `configuration`.
  func loadLatest(
    description: PriorModel, configuration: TrainingConfiguration, observationDimension: Int
  )
    throws(TrainingError) -> TrainingState
  {
    try load(
      latestCheckpointPath, description: description, configuration: configuration,
      observationDimension: observationDimension)
  }

  /// The state saved in `file` (`latest.ckpt` or `best.ckpt`).
  public func load(
    _ file: String, description: PriorModel, configuration: TrainingConfiguration,
    observationDimension: Int
  ) throws(TrainingError) -> TrainingState {
    var state = TrainingState(
      description: description, configuration: configuration,
      observationDimension: observationDimension)
    do {
      let checkpoint = try Checkpoint<Float>.read(from: file)
      try checkpoint.restore(into: &state.model)
      try checkpoint.restore(optimizer: &state.optimizer)
      guard let progress = checkpoint.metadata["progress"],
        let parameters = checkpoint.metadata["prior-parameters"]
      else { throw CheckpointError(path: file, reason: "no training state in the checkpoint") }
      state.progress = try JSONDecoder.runFolder.decode(
        TrainingProgress.self, from: Data(progress.utf8))
      let saved = try JSONDecoder.runFolder.decode(
        SavedParameters.self, from: Data(parameters.utf8))
      try saved.restore(into: &state.learnable, optimizer: &state.parameterOptimizer)
    } catch var error as CheckpointError {
      // Restoring into the model (a shape or name mismatch) knows no file: name it here.
      if error.path == nil { error.path = file }
      throw .runFolder(error.description)
    } catch {
      throw .runFolder("\(file): \(error)")
    }
    return state
  }

  private func write(_ text: String, to file: String) throws(TrainingError) {
    do {
      try AtomicFile.write(text, to: file)
    } catch {
      throw .runFolder(error.description)
    }
  }
}

/// The learnable parameters and their optimizer's state, bit-exact (IEEE 754 bit patterns),
/// for the checkpoint's metadata. `values` are the optimizer's coordinates, on the scale named
/// in `scales` ("log" or "linear"); a checkpoint without `scales` (from before log scales)
/// holds the parameters' values themselves.
struct SavedParameters: Codable {
  var names: [String]
  var scales: [String]?
  var values: [UInt64]
  var optimizerKind: String
  var optimizerStep: Int
  var optimizerTensors: [String: [UInt64]]
  var optimizerShapes: [String: [Int]]
  var optimizerOrder: [String]

  init(_ learnable: LearnableParameters, optimizer: Adam<Double>) {
    names = learnable.names
    scales = Self.scales(of: learnable)
    values = learnable.values.map { $0.value.scalars[0].bitPattern }
    let state = optimizer.state
    optimizerKind = state.kind
    optimizerStep = state.step
    optimizerOrder = state.tensors.map(\.name)
    optimizerTensors = Dictionary(
      uniqueKeysWithValues: state.tensors.map { ($0.name, $0.tensor.scalars.map(\.bitPattern)) })
    optimizerShapes = Dictionary(
      uniqueKeysWithValues: state.tensors.map { ($0.name, $0.tensor.shape) })
  }

  /// The scale of each learnable parameter's coordinate, as saved: "log" or "linear".
  static func scales(of learnable: LearnableParameters) -> [String] {
    learnable.isLogScale.map { $0 ? "log" : "linear" }
  }

  func restore(into learnable: inout LearnableParameters, optimizer: inout Adam<Double>) throws {
    guard names == learnable.names else {
      throw CheckpointError(
        path: nil,
        reason: "learnable parameters \(names) differ from the prior's \(learnable.names)")
    }
    guard values.count == names.count, (scales?.count ?? names.count) == names.count else {
      throw CheckpointError(path: nil, reason: "malformed learnable parameters")
    }
    let saved = values.map(Double.init(bitPattern:))
    if let scales {
      guard scales == Self.scales(of: learnable) else {
        throw CheckpointError(
          path: nil,
          reason: "learnable parameters were optimized on the scales \(scales), the prior's "
            + "ranges now give others")
      }
      for i in saved.indices { learnable.values[i].value = Tensor(saved[i]) }
    } else {
      learnable.setCurrent(saved)
    }
    let tensors = try optimizerOrder.map { name throws in
      let bits = optimizerTensors[name] ?? []
      let shape = optimizerShapes[name] ?? [bits.count]
      guard shape.reduce(1, *) == bits.count else {
        throw CheckpointError(path: nil, reason: "malformed optimizer state for \(name)")
      }
      return NamedTensor(
        name: name, tensor: Tensor(shape: shape, scalars: bits.map(Double.init(bitPattern:))))
    }
    try optimizer.restore(
      OptimizerState(kind: optimizerKind, step: optimizerStep, tensors: tensors))
  }
}
