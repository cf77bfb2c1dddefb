import Engine
import Foundation
import Video
import VidlatSupport

/// A trained SVG run loaded from its folder: the configuration and the network, ready to
/// predict (`predict(sequences:context:horizon:samples:seed:)`).
public struct SVGTrainedRun {
  public let folder: SVGRunFolder
  public let configuration: SVGTrainingConfiguration
  public var model: SVGModel<Float>
  /// The metrics of every epoch trained.
  public let records: [SVGEpochRecord]

  /// Which checkpoint to load.
  public enum Checkpoint: String, Sendable {
    case best, latest
  }

  /// Loads the run at `path` from its best (lowest validation loss) or latest checkpoint.
  public init(path: String, checkpoint: Checkpoint = .best) throws(SVGTrainingError) {
    folder = SVGRunFolder(path: path)
    configuration = try folder.readConfiguration()
    let file = checkpoint == .best ? folder.bestCheckpointPath : folder.latestCheckpointPath
    guard FileManager.default.fileExists(atPath: file) else {
      throw .runFolder("\(file): no such checkpoint (has the run trained an epoch?)")
    }
    let state = try folder.load(file, configuration: configuration)
    model = state.model
    records = state.progress.records
  }

  /// The run's validation sequences, whole (the scene re-rendered from the saved seed, or the
  /// clips read again); its training sequences when it held none out.
  public func validationSequences() throws(SVGTrainingError) -> VideoSequences {
    let data = try SVGData.load(
      configuration.data, size: configuration.model.imageSize,
      minimumLength: configuration.windowLength,
      validationFraction: configuration.validationFraction, seed: configuration.seed)
    return data.validation.count > 0 ? data.validation : data.train
  }

  /// The sequences of `paths` (videos, clip folders, datasets) as the run sees frames (its
  /// size and colour), cut into sequences of `frames` frames (nil: the shortest recording's),
  /// each at least `minimumLength` long.
  public func sequences(from paths: [String], frames: Int?, minimumLength: Int)
    throws(SVGTrainingError) -> VideoSequences
  {
    var source = SVGDataSource(paths: paths)
    source.frames = frames
    source.colour = configuration.model.channels == 3 ? .rgb : .gray
    return try SVGData.read(
      source, size: configuration.model.imageSize, minimumLength: minimumLength,
      seed: configuration.seed
    ).0
  }
}
