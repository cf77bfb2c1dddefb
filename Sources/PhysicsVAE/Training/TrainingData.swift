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

  /// The videos at `paths`, or, when there are none, the built-in scene named like the prior.
  public static func load(
    paths: [String], for prior: PriorModel, configuration: TrainingConfiguration
  ) throws(TrainingError) -> TrainingData {
    paths.isEmpty
      ? try scene(for: prior, configuration: configuration)
      : try videos(paths: paths, configuration: configuration)
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

  /// The videos at `paths`, each read at the configuration's size, cut into sequences of T
  /// frames (half-overlapping) and split so that no frame is on both sides. A video that
  /// records independent sequences (a `vidlat dataset` video.y4m, see
  /// ``Video/sequenceStarts``) is cut inside each of them and split by them, so that no
  /// training sequence joins two.
  public static func videos(paths: [String], configuration: TrainingConfiguration)
    throws(TrainingError) -> TrainingData
  {
    var train: [VideoSequences] = []
    var validation: [VideoSequences] = []
    for path in paths {
      do {
        let video = try Video.read(
          path: path, width: configuration.size, height: configuration.size)
        let split = try video.trainValidationSplit(
          length: configuration.frameCount, stride: max(1, configuration.frameCount / 2),
          validationFraction: configuration.validationFraction, seed: configuration.seed)
        train.append(split.train)
        validation.append(split.validation)
      } catch {
        // Reading errors name the file; cutting errors (too few frames) get it here.
        let message = error.description
        throw .data(message.hasPrefix(path) ? message : "\(path): \(message)")
      }
    }
    guard let first = train.first else { throw .data("no video given") }
    let joinedTrain = joined(train, like: first)
    let joinedValidation = joined(validation, like: first)
    return TrainingData(
      train: joinedTrain, validation: joinedValidation,
      summary:
        "\(paths.joined(separator: ", ")): \(joinedTrain.count) train and "
        + "\(joinedValidation.count) validation sequences of \(first.length) frames")
  }

  private static func joined(_ parts: [VideoSequences], like first: VideoSequences)
    -> VideoSequences
  {
    VideoSequences(
      count: parts.reduce(0) { $0 + $1.count }, length: first.length, height: first.height,
      width: first.width, framesPerSecond: first.framesPerSecond,
      pixels: parts.flatMap(\.pixels), startFrames: parts.flatMap(\.startFrames))
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
