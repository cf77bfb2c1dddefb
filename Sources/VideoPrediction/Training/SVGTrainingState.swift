import Engine
import VidlatSupport

/// What one epoch of SVG training measured: a row of `metrics.csv`.
public struct SVGEpochRecord: Codable, Sendable, Equatable {
  /// 1-based epoch number.
  public var epoch: Int
  /// Wall-clock training seconds since the run started (all sessions).
  public var seconds: Double
  /// Mean over the epoch's steps of the minibatch loss and its parts (`SVGLoss`).
  public var train: SVGLoss
  /// The loss on the validation windows at the epoch's end, with fixed noise.
  public var validation: SVGLoss

  public init(epoch: Int, seconds: Double, train: SVGLoss, validation: SVGLoss) {
    self.epoch = epoch
    self.seconds = seconds
    self.train = train
    self.validation = validation
  }
}

/// The scalar part of an SVG run's state, saved as JSON inside its checkpoints.
public struct SVGTrainingProgress: Codable, Sendable, Equatable {
  public var completedEpochs = 0
  public var stepInEpoch = 0
  /// Sums of the current epoch's step losses so far.
  public var epochSums = SVGLoss(value: 0, reconstruction: 0, kl: 0)
  public var epochSteps = 0
  public var bestValidationLoss = Double.infinity
  public var records: [SVGEpochRecord] = []
  /// Training seconds of earlier sessions.
  public var seconds = 0.0

  public init() {}

  /// The mean of the epoch's steps so far.
  public var epochMean: SVGLoss {
    let n = Double(max(epochSteps, 1))
    return SVGLoss(
      value: epochSums.value / n, reconstruction: epochSums.reconstruction / n,
      kl: epochSums.kl / n)
  }

  /// Adds a step's loss to the epoch's sums.
  public mutating func accumulate(_ loss: SVGLoss) {
    epochSums.value += loss.value
    epochSums.reconstruction += loss.reconstruction
    epochSums.kl += loss.kl
    epochSteps += 1
  }
}

/// Everything an SVG run needs to continue exactly where it was: the network, Adam's state
/// and the position.
public struct SVGTrainingState {
  public var model: SVGModel<Float>
  public var optimizer: Adam<Float>
  public var progress: SVGTrainingProgress

  /// A fresh state: the network initialised from the configuration's seed (its own stream,
  /// `SVGRandomStream.initialization`).
  public init(configuration: SVGTrainingConfiguration) {
    var generator = SeededGenerator(seed: configuration.seed).derived(
      stream: SVGRandomStream.initialization)
    model = SVGModel(configuration: configuration.model, generator: &generator)
    optimizer = Adam(learningRate: configuration.learningRate)
    progress = SVGTrainingProgress()
  }
}

/// The streams of an SVG run's seeded generator, one per use, so that a resumed run draws
/// exactly what an unbroken one would.
enum SVGRandomStream {
  /// The order of epoch e: streams 0 ..< 2^32.
  static func epochOrder(_ epoch: Int) -> UInt64 { UInt64(epoch) }
  /// The reparameterisation noise of global step s: 2^32 + s.
  static func stepNoise(_ step: Int) -> UInt64 { 1 << 32 + UInt64(step) }
  /// The validation noise of the batch starting at window w: 2^62 + w, the same every epoch.
  static func validationNoise(_ start: Int) -> UInt64 { 1 << 62 + UInt64(start) }
  /// The network's initial weights.
  static let initialization: UInt64 = 1 << 63
  /// Prediction's sample noise (`SVGTrainedRun.predict`): 2^63 + 1.
  static let prediction: UInt64 = 1 << 63 + 1
}

/// `metrics.csv` of an SVG run: one row per epoch.
public enum SVGMetricsTable {
  public static let header =
    "epoch,seconds,loss,reconstruction,kl,val_loss,val_reconstruction,val_kl"

  /// The whole table.
  public static func text(_ records: [SVGEpochRecord]) -> String {
    ([header]
      + records.map { record in
        ([String(record.epoch)]
          + [
            record.seconds, record.train.value, record.train.reconstruction, record.train.kl,
            record.validation.value, record.validation.reconstruction, record.validation.kl,
          ].map { $0.isFinite ? String($0) : "nan" }).joined(separator: ",")
      }).joined(separator: "\n") + "\n"
  }
}
