import Foundation
import Video

/// Where an SVG run's frames come from: a built-in scene (rendered from the run's seed), or
/// video files, folders of clips and `vidlat dataset` folders. Saved in config.json, so a
/// resumed run and `predict` read the same frames.
public struct SVGDataSource: Codable, Sendable, Equatable {
  /// A built-in scene's name (`Scene`), e.g. `bounce`; nil when `paths` are given.
  public var scene: String?
  /// Sequences rendered from the scene.
  public var sceneSequences = 256
  /// Videos, folders of clips, glob patterns, `vidlat dataset` folders (`VideoSources`).
  public var paths: [String] = []
  /// Frames per sequence: the scene's sequence length, or the length clips are cut into; nil:
  /// the scene's own (`Scene.defaultSequenceLength`), or the shortest recording's.
  public var frames: Int?
  /// Gray or RGB; nil: gray.
  public var colour: Video.Colour?
  /// The frame rate clips are resampled to; nil keeps theirs.
  public var framesPerSecond: Double?
  /// Frames between the starts of the training windows cut from a sequence; nil: a third of
  /// a window (context + future frames).
  public var stride: Int?

  public init(scene: String? = nil, paths: [String] = []) {
    self.scene = scene
    self.paths = paths
  }
}

/// Everything that determines an SVG training run: the model, the optimisation and the data;
/// saved as the run's `config.json` (with `"method": "svg"`, which tells an SVG run folder
/// from a physics one). The defaults are the paper's (Denton and Fergus 2018): Adam at
/// 2e-3, minibatches of 16 sequences of 5 + 10 frames.
public struct SVGTrainingConfiguration: Codable, Sendable, Equatable {
  /// Always "svg": marks the folder's kind.
  public var method = "svg"
  /// The network: variant, sizes, beta, context and future frames in training.
  public var model = SVGConfiguration()
  /// Epochs to train (an epoch visits every training window once).
  public var epochs = 10
  /// B, sequences (windows) per minibatch.
  public var batchSize = 16
  /// Adam's learning rate (the paper's 2e-3).
  public var learningRate = 2e-3
  /// When set, gradients are scaled so that their global norm is at most this before each
  /// update (`ParameterContainer.clipGradients(globalNorm:)`); the paper clips nothing.
  public var gradientClip: Double?
  /// The fraction of sequences held out for validation.
  public var validationFraction = 0.2
  /// Seeds everything: initialisation, data order, noise, the scene's rendering.
  public var seed: UInt64 = 0
  /// The frames.
  public var data = SVGDataSource(scene: "bounce")

  public init(variant: SVGVariant = .learnedPrior) {
    model = SVGConfiguration(variant: variant)
  }

  /// Frames of one training window: context + future.
  public var windowLength: Int { model.sequenceLength }

  /// Frames between training windows' starts.
  public var windowStride: Int { data.stride ?? max(1, windowLength / 3) }

  /// The LSTM width of the predictor, the posterior and the prior together (the paper uses
  /// 256 for all three); reading gives the predictor's.
  public var lstmHidden: Int {
    get { model.predictorHidden }
    set {
      model.predictorHidden = newValue
      model.posteriorHidden = newValue
      model.priorHidden = newValue
    }
  }

  /// A description of the first invalid setting, or nil.
  public var problem: String? {
    if method != "svg" { return "not an SVG configuration (method '\(method)')" }
    if let problem = model.problem { return problem }
    if epochs < 1 { return "train at least one epoch (got \(epochs))" }
    if batchSize < 1 { return "the batch size must be at least 1 (got \(batchSize))" }
    if !(learningRate > 0) || !learningRate.isFinite {
      return "the learning rate must be positive (got \(learningRate))"
    }
    if let gradientClip, !(gradientClip > 0) {
      return "the gradient clipping norm must be positive (got \(gradientClip))"
    }
    if !(validationFraction >= 0 && validationFraction < 1) {
      return "the validation fraction must be in [0, 1) (got \(validationFraction))"
    }
    if (data.scene == nil) == data.paths.isEmpty {
      return "give either a built-in scene or data paths"
    }
    if let frames = data.frames, frames < windowLength {
      return "sequences of \(frames) frames are shorter than a training window of "
        + "\(model.contextFrames) context + \(model.futureFrames) future frames"
    }
    if let stride = data.stride, stride < 1 {
      return "the stride must be at least 1 (got \(stride))"
    }
    if data.sceneSequences < 2 { return "render at least 2 sequences (got \(data.sceneSequences))" }
    return nil
  }
}

/// Why SVG training or prediction could not start or continue.
public enum SVGTrainingError: Error, CustomStringConvertible, Equatable, Sendable {
  /// A configuration value that cannot be used.
  case configuration(String)
  /// The data could not be read or cut into windows.
  case data(String)
  /// The run folder could not be written or read.
  case runFolder(String)
  /// A step's loss or gradient was not finite.
  case diverged(String)

  public var description: String {
    switch self {
    case .configuration(let message): "invalid configuration: \(message)"
    case .data(let message), .runFolder(let message): message
    case .diverged(let message): "training diverged: \(message)"
    }
  }
}
