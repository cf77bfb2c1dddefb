import Engine
import Foundation
import VidlatSupport

/// An SVG training run's folder:
///
///     config.json     the `SVGTrainingConfiguration` ("method": "svg"), and the data summary
///     metrics.csv     one row per epoch (`SVGMetricsTable`)
///     latest.ckpt     the latest state: parameters, Adam's state, progress (engine format)
///     best.ckpt       the state with the lowest validation loss
///
/// Every file is written atomically (`AtomicFile`, `Checkpoint.write`), so a run killed at
/// any moment leaves the previous version of each.
public struct SVGRunFolder: Sendable {
  public let path: String

  public init(path: String) {
    self.path = path
  }

  public var configurationPath: String { path + "/config.json" }
  public var metricsPath: String { path + "/metrics.csv" }
  public var latestCheckpointPath: String { path + "/latest.ckpt" }
  public var bestCheckpointPath: String { path + "/best.ckpt" }

  /// Whether the folder holds a run to continue (it saved `latest.ckpt`).
  public var holdsRun: Bool { FileManager.default.fileExists(atPath: latestCheckpointPath) }

  /// Whether `path` holds an SVG run's config.json (`"method": "svg"`), rather than a physics
  /// run's or none: how commands that take any run folder tell the kinds apart.
  public static func isSVGRun(_ path: String) -> Bool {
    guard let data = FileManager.default.contents(atPath: path + "/config.json"),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return false }
    return object["method"] as? String == "svg"
  }

  /// Creates the folder if needed.
  public func prepare() throws(SVGTrainingError) {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw .runFolder("\(path): cannot create the run folder (\(error.localizedDescription))")
    }
  }

  /// Writes config.json.
  public func writeConfiguration(_ configuration: SVGTrainingConfiguration)
    throws(SVGTrainingError)
  {
    try prepare()
    let text: String
    do {
      text = String(
        decoding: try JSONEncoder.runFolder.encode(configuration), as: UTF8.self)
    } catch {
      throw .runFolder("\(configurationPath): cannot encode the configuration (\(error))")
    }
    try write(text + "\n", to: configurationPath)
  }

  /// The configuration saved by `writeConfiguration`.
  public func readConfiguration() throws(SVGTrainingError) -> SVGTrainingConfiguration {
    guard let data = FileManager.default.contents(atPath: configurationPath) else {
      throw .runFolder("\(path): not a run folder: no config.json")
    }
    guard Self.isSVGRun(path) else {
      throw .runFolder("\(configurationPath): not an SVG run (no \"method\": \"svg\")")
    }
    let configuration: SVGTrainingConfiguration
    do {
      configuration = try JSONDecoder.runFolder.decode(
        SVGTrainingConfiguration.self, from: data)
    } catch {
      throw .runFolder("\(configurationPath): not a valid SVG run configuration (\(error))")
    }
    if let problem = configuration.problem {
      throw .runFolder("\(configurationPath): not a valid SVG run configuration: \(problem)")
    }
    return configuration
  }

  func writeMetrics(_ records: [SVGEpochRecord]) throws(SVGTrainingError) {
    try write(SVGMetricsTable.text(records), to: metricsPath)
  }

  /// Saves `state` (parameters, Adam's moments and step, and the progress as JSON metadata).
  func save(_ state: SVGTrainingState, to file: String) throws(SVGTrainingError) {
    let progress: String
    do {
      progress = String(
        decoding: try JSONEncoder.runFolder.encode(state.progress), as: UTF8.self)
    } catch {
      throw .runFolder("\(file): cannot encode the training state (\(error))")
    }
    let checkpoint = Checkpoint<Float>(
      model: state.model, optimizer: state.optimizer, step: state.optimizer.step,
      metadata: ["svg-progress": progress])
    do {
      try checkpoint.write(to: file)
    } catch {
      throw .runFolder(error.description)
    }
  }

  /// The state saved in `file` for a run of `configuration`.
  /// - Throws: `.runFolder` naming the file: missing, corrupt (checksum, truncation), of
  ///   another model, or without an SVG training state.
  public func load(_ file: String, configuration: SVGTrainingConfiguration)
    throws(SVGTrainingError) -> SVGTrainingState
  {
    var state = SVGTrainingState(configuration: configuration)
    do {
      let checkpoint = try Checkpoint<Float>.read(from: file)
      try checkpoint.restore(into: &state.model)
      try checkpoint.restore(optimizer: &state.optimizer)
      guard let progress = checkpoint.metadata["svg-progress"] else {
        throw CheckpointError(path: file, reason: "no SVG training state in the checkpoint")
      }
      state.progress = try JSONDecoder.runFolder.decode(
        SVGTrainingProgress.self, from: Data(progress.utf8))
    } catch var error as CheckpointError {
      if error.path == nil { error.path = file }
      throw .runFolder(error.description)
    } catch {
      throw .runFolder("checkpoint \(file): \(error)")
    }
    return state
  }

  private func write(_ text: String, to file: String) throws(SVGTrainingError) {
    do {
      try AtomicFile.write(text, to: file)
    } catch {
      throw .runFolder(error.description)
    }
  }
}
