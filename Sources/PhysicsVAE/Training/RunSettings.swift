import Foundation
import VidlatSupport

/// What `config.json` holds: the configuration and where the prior and data came from.
public struct RunSettings: Codable, Sendable, Equatable {
  public var configuration: TrainingConfiguration
  /// The prior file trained with (its text is saved as `prior.prior`).
  public var priorFile: String
  /// The videos trained on; empty for the built-in scene.
  public var dataFiles: [String]
  /// The built-in scene trained on, if any.
  public var scene: String?
  public var dataSummary: String

  public init(
    configuration: TrainingConfiguration, priorFile: String, dataFiles: [String],
    scene: String?, dataSummary: String
  ) {
    self.configuration = configuration
    self.priorFile = priorFile
    self.dataFiles = dataFiles
    self.scene = scene
    self.dataSummary = dataSummary
  }

  var json: String {
    (try? String(decoding: JSONEncoder.runFolder.encode(self), as: UTF8.self)) ?? "{}"
  }
}
