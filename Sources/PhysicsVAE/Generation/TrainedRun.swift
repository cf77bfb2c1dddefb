import Engine
import Foundation
import PriorLanguage
import Video
import VidlatSupport

/// A trained run loaded from its folder: the prior, the networks and the learned parameters,
/// ready to encode, evaluate, predict, intervene and sample (docs/method.md, "Generation" and "Evaluation").
///
///     var run = try TrainedRun(path: "runs/pendulum")
///     let posteriors = try run.encode(video)
public struct TrainedRun {
  public let folder: RunFolder
  public let settings: RunSettings
  /// The prior as trained (from the run's `prior.prior`).
  public let prior: Prior
  public let compiled: CompiledPrior
  /// The prior's symmetries at the file's parameter values.
  public let symmetries: PriorSymmetries
  public var model: VAE
  /// theta: the file's parameter values with the learned ones in place.
  public var parameters: [Double]
  /// The metrics of every epoch trained.
  public let records: [TrainingRecord]

  /// Which checkpoint to load.
  public enum Checkpoint: String, Sendable {
    case best, latest
  }

  /// Loads the run at `path` from its best (lowest validation loss) or latest checkpoint.
  public init(path: String, checkpoint: Checkpoint = .best) throws {
    folder = RunFolder(path: path)
    settings = try folder.readSettings()
    prior = try Prior(source: try folder.readPriorSource(), name: folder.priorPath)
    compiled = CompiledPrior(prior.model)
    symmetries =
      PriorSymmetries.withoutDynamics(prior.model.kind)
      ?? PriorSymmetries(compiled, parameters: compiled.defaultParameters)
    let file = checkpoint == .best ? folder.bestCheckpointPath : folder.latestCheckpointPath
    guard FileManager.default.fileExists(atPath: file) else {
      throw TrainingError.runFolder("\(file): no such checkpoint (has the run trained an epoch?)")
    }
    let state: TrainingState
    do {
      state = try folder.load(
        file, description: prior.model, configuration: settings.configuration,
        observationDimension: compiled.observationDimension)
    } catch {
      // The latest checkpoint is written separately, and may still load.
      guard checkpoint == .best, FileManager.default.fileExists(atPath: folder.latestCheckpointPath)
      else { throw error }
      throw TrainingError.runFolder(
        "\(error.description); give --checkpoint latest to load the run's latest state "
          + "(\(folder.latestCheckpointPath)) instead")
    }
    model = state.model
    parameters = state.learnable.applied(to: compiled.defaultParameters)
    records = state.progress.records
  }

  /// The prior with the learned parameters, as the KL terms use it.
  public var physicsPrior: KLPrior {
    KLPrior(
      model: prior.model, transition: compiled, parameters: parameters,
      mixtureChains: settings.configuration.mixtureChains,
      mixtureSamples: settings.configuration.mixtureSamples)
  }

  /// The frame side the model was trained at.
  public var size: Int { settings.configuration.size }

  /// The built-in scene the run trained on, if any.
  public var scene: Scene? { settings.scene.flatMap(Scene.init(rawValue:)) }

  /// The run's validation data (the built-in scene is re-rendered from the saved settings).
  public func validationData() throws -> TrainingData {
    try TrainingData.load(
      paths: settings.dataFiles, for: prior.model, configuration: settings.configuration)
  }

  /// Posteriors of every frame of `sequences`.
  public mutating func encode(_ sequences: VideoSequences) throws -> FramePosteriors {
    try model.encode(sequences)
  }

  /// Scores on `sequences` against `truth` (docs/method.md, "Evaluation").
  public mutating func evaluate(sequences: VideoSequences, truth: GroundTruth?) throws
    -> EvaluationReport
  {
    try Evaluation.evaluate(
      model: &model, prior: physicsPrior, description: prior.model, symmetries: symmetries,
      sequences: sequences, truth: truth)
  }

  /// The physics terms at each of `values` of the parameter named `name`
  /// (`Evaluation.parameterScan`), or nil when the prior has no such parameter.
  public mutating func parameterScan(sequences: VideoSequences, name: String, values: [Double])
    throws -> [ParameterScanPoint]?
  {
    guard let index = prior.model.parameters.firstIndex(where: { $0.name == name }) else {
      return nil
    }
    return try Evaluation.parameterScan(
      model: &model, prior: physicsPrior, sequences: sequences, parameter: index, values: values)
  }

  /// The picture of `points`, a scan of the parameter named `name` (`Evaluation.scanPlot`),
  /// with its learned value and `truth` when known; nil when the prior has no such parameter.
  public func scanPlot(_ points: [ParameterScanPoint], name: String, truth: Double?) -> Plot? {
    guard let index = prior.model.parameters.firstIndex(where: { $0.name == name }) else {
      return nil
    }
    return Evaluation.scanPlot(
      points, parameter: prior.model.parameters[index], learned: parameters[index], truth: truth)
  }

  /// The sequences `eval` and `measure` score on without `--data`: the run's validation
  /// sequences with their truth (known for a built-in scene), or its training sequences,
  /// without truth, when it has no validation sequences.
  public func heldOutSequences() throws -> (video: VideoSequences, truth: GroundTruth?) {
    let data = try validationData()
    guard data.validation.count > 0 else { return (data.train, nil) }
    return (data.validation, data.validationTruth)
  }

  /// Frames decoded from states (`N x d`) through the trained prior's h.
  public mutating func decode(states: [Double]) throws -> [Float] {
    try model.render(states: states, prior: compiled, parameters: parameters)
  }

  /// Rolls `initialStates` (`count x d`) forward for `steps` frames (the first frame is the
  /// initial state) with `transition` and `theta`: the mean F, or with process noise Q when
  /// `generator` is given. Returns `count x steps x d`, sequence-major.
  public static func rollout(
    initialStates: [Double], transition: some TransitionModel, parameters theta: [Double],
    steps: Int, generator: inout SeededGenerator?
  ) -> [Double] {
    let d = transition.stateDimension
    let count = initialStates.count / d
    let noise = transition.processNoiseStandardDeviations
    var states = [Double](repeating: 0, count: count * steps * d)
    var current = initialStates
    for t in 0..<steps {
      for n in 0..<count {
        for k in 0..<d { states[(n * steps + t) * d + k] = current[n * d + k] }
      }
      guard t + 1 < steps else { break }
      current =
        transition.step(
          states: current, count: count, parameters: theta, jacobians: false
        ).next
      if generator != nil {
        for i in current.indices {
          current[i] += noise[i % d] * generator!.nextStandardNormal()
        }
      }
    }
    return states
  }

  /// Frames `steps` long for each of `count` sequences as `VideoSequences`.
  func sequences(_ frames: [Float], count: Int, steps: Int) -> VideoSequences {
    VideoSequences(
      count: count, length: steps, height: size, width: size,
      colour: settings.configuration.frameFormat.colour, framesPerSecond: 1 / prior.model.dt,
      pixels: frames,
      startFrames: (0..<count).map { $0 * steps })
  }
}

extension TrainedRun {
  /// Sequences to evaluate or encode, read as the run sees video (its `FrameFormat`: size,
  /// colour, region), with their truth when known:
  /// - a folder written by `vidlat dataset` (truth.csv beside video.y4m or clips/): its
  ///   sequences, each whole (they must be equally long);
  /// - a video with `truthPath`: cut into the truth's sequences (which must be the sequences
  ///   the video records, if it records any);
  /// - a video alone: cut into back-to-back sequences of the run's frame count (at most the
  ///   longest sequence the video records), never across two recorded sequences.
  public func sequences(from path: String, truthPath: String?) throws -> (
    video: VideoSequences, truth: GroundTruth?
  ) {
    let format = settings.configuration.frameFormat
    if truthPath == nil, DatasetFolder(path: path) != nil {
      let recordings = try TrainingData.read(paths: [path], format: format)
      guard let length = recordings.first?.video.frameCount,
        recordings.allSatisfy({ $0.video.frameCount == length })
      else {
        throw TrainingError.data("\(path): the dataset's sequences differ in length")
      }
      let whole = TrainingData.windows(recordings, length: length, stride: length)
      return (whole.sequences, whole.truth)
    }
    let video = try Video.read(path: path, format: format)
    if let truthPath {
      let truth = try GroundTruth.read(path: truthPath)
      let length = truth.column("sequence")?.prefix { $0 == 0 }.count ?? 0
      guard length > 0, video.frameCount == truth.rows.count else {
        throw TrainingError.data(
          "\(truthPath): \(truth.rows.count) rows do not match the \(video.frameCount) frames of "
            + path)
      }
      if video.sequenceStarts != [0],
        let recorded = video.sequenceRanges.first(where: { $0.count != length })
      {
        throw TrainingError.data(
          "\(truthPath): sequences of \(length) frames do not match the sequence of "
            + "\(recorded.count) frames at frame \(recorded.lowerBound) recorded in \(path)")
      }
      return (try VideoSequences(concatenated: video, length: length), truth)
    }
    let longest = video.sequenceRanges.map(\.count).max() ?? video.frameCount
    let length = min(settings.configuration.frameCount, longest)
    return (try video.sequences(length: length, stride: length), nil)
  }
}
