import PriorLanguage
import Video

/// Training and validation sequences, with the ground truth of the validation sequences when
/// it is known (built-in scenes).
public struct TrainingData: Sendable {
  public var train: VideoSequences
  public var validation: VideoSequences
  /// The truth of the validation sequences, rows numbered like `validation`.
  public var validationTruth: GroundTruth?
  /// The built-in scene the data was rendered from, if any.
  public var scene: Scene?
  /// Where the data came from, for logs.
  public var summary: String

  public init(
    train: VideoSequences, validation: VideoSequences, validationTruth: GroundTruth? = nil,
    scene: Scene? = nil, summary: String
  ) {
    self.train = train
    self.validation = validation
    self.validationTruth = validationTruth
    self.scene = scene
    self.summary = summary
  }

  /// The clips at `paths` (`clips(paths:configuration:)`), or, when there are none, the
  /// built-in scene named like the prior.
  public static func load(
    paths: [String], for prior: PriorModel, configuration: TrainingConfiguration
  ) throws(TrainingError) -> TrainingData {
    paths.isEmpty
      ? try scene(for: prior, configuration: configuration)
      : try clips(paths: paths, configuration: configuration)
  }

  /// The built-in scene named like the prior, rendered with the prior's `dt` and the
  /// configuration's sequence count, length, size and seed, split by sequence.
  public static func scene(for prior: PriorModel, configuration: TrainingConfiguration)
    throws(TrainingError) -> TrainingData
  {
    guard let scene = Scene(rawValue: prior.name) else {
      throw .noData(
        prior: prior.name,
        scenes: Scene.allCases.map(\.rawValue))
    }
    do {
      let (video, truth) = try scene.generate(
        sequences: configuration.sceneSequences, frames: configuration.frameCount,
        size: configuration.size, dt: prior.dt, seed: configuration.seed)
      let split = video.split(
        validationFraction: configuration.validationFraction, seed: configuration.seed)
      return TrainingData(
        train: split.train, validation: split.validation,
        validationTruth: truth.selectingSequences(split.validationIndices), scene: scene,
        summary:
          "built-in scene \(scene.rawValue): \(video.count) sequences of \(video.length) frames "
          + "at \(video.width)x\(video.height) (\(split.train.count) train, "
          + "\(split.validation.count) validation)")
    } catch {
      throw .data(error.description)
    }
  }

}

/// Why training could not start or continue.
public enum TrainingError: Error, CustomStringConvertible, Equatable, Sendable {
  /// No data was given and no built-in scene has the prior's name.
  case noData(prior: String, scenes: [String])
  /// The data could not be read or cut into sequences.
  case data(String)
  /// A configuration value that cannot be used.
  case configuration(String)
  /// The run folder could not be written or read.
  case runFolder(String)
  /// Training kept producing non-finite values.
  case diverged(String)

  public var description: String {
    switch self {
    case .noData(let prior, let scenes):
      "prior '\(prior)' names no built-in scene (\(scenes.joined(separator: ", "))) and no "
        + "data was given: pass a video with --data"
    case .data(let message): message
    case .configuration(let message): "invalid configuration: \(message)"
    case .runFolder(let message): message
    case .diverged(let message): "training diverged: \(message)"
    }
  }
}
