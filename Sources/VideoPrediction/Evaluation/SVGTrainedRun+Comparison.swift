import Engine
import Foundation
import Video
import VidlatSupport

/// An SVG run's scores beside physics runs (`vidlat compare`): what applies to a learned
/// predictor. It has no latent with physical meaning (no latent recovery), no learned
/// physical parameters, and its validation loss (frame MSE + beta KL, docs/svg.md "Loss") is
/// not in the physics runs' units (a negative ELBO per frame), so it is not reported beside
/// theirs.
public struct SVGRunScores: Sendable {
  /// The run folder.
  public var path: String
  /// `svg-lp`, `svg-fp` or `svg-deterministic`.
  public var modelName: String
  /// Futures sampled per sequence: the comparison's N, or 1 (`SVGTrainedRun.comparisonScores`).
  public var samples: Int
  /// Mean PSNR (dB) and SSIM over the sequences of the frame h = 1 ... longest horizon after
  /// the context, of the best of `samples` futures (of the one future when `samples` is 1);
  /// index h - 1.
  public var psnr: [Double]
  public var ssim: [Double]
  /// The full best-of-N scores (nil when the sequences leave no frame after the context).
  public var sampled: BestOfNScores?
  /// The network's trainable scalars.
  public var parameterCount: Int
  /// Wall-clock seconds of training, the last row of the run's metrics.csv (every epoch, as
  /// for a physics run); nil when it has none.
  public var trainingSeconds: Double?

  /// How the row's scores were predicted: `1 sample` or `best of N`.
  public var predictionName: String { samples == 1 ? "1 sample" : "best of \(samples)" }
}

extension SVGTrainedRun {
  /// The sequences `vidlat compare` scores this run on: `data` read as this run reads video
  /// (its size and colour, whole recordings), or its validation sequences; with a summary of
  /// where they come from for error messages.
  public func comparisonSequences(data: String?, minimumLength: Int) throws(SVGTrainingError)
    -> (video: VideoSequences, summary: String)
  {
    let size = configuration.model.imageSize
    if let data {
      let video = try sequences(from: [data], frames: nil, minimumLength: minimumLength)
      return (
        video,
        "\(data) read as \(video.count) sequences of \(video.length) frames at \(size)x\(size) "
          + "\(video.colour)"
      )
    }
    let source = configuration.data
    return (
      try validationSequences(),
      "the validation sequences of "
        + (source.scene.map { "the built-in scene \($0)" }
          ?? source.paths.joined(separator: ", ")) + ", seed \(configuration.seed)"
    )
  }

  /// The scores `vidlat compare` reports for this run on `video` (`path` names it): the
  /// futures of every horizon after the first `context` frames, scored by the best-of-N
  /// protocol (`predict`, from `seed`; nil: the run's own). With `samples` N, the best of N
  /// as for every run of the comparison; without, one sampled future, whose scores are an
  /// unbiased estimate of a single sample's expected PSNR and SSIM (the model's learned
  /// prior has no mean future to decode: its futures exist only as samples).
  public mutating func comparisonScores(
    path: String, video: VideoSequences, context: Int, samples: Int?, seed: UInt64? = nil
  ) throws(SVGTrainingError) -> SVGRunScores {
    let longest = max(0, video.length - context)
    let n = samples ?? 1
    var scores: BestOfNScores?
    if longest > 0 {
      scores =
        try predict(
          sequences: video, context: context, horizon: longest, samples: n, seed: seed
        ).scores
    }
    let means = scores?.horizonMeans
    return SVGRunScores(
      path: path, modelName: configuration.model.variant.modelName, samples: n,
      psnr: means?.bestPSNR ?? [], ssim: means?.bestSSIM ?? [], sampled: scores,
      parameterCount: model.parameterCount, trainingSeconds: trainingSeconds)
  }

  /// The `seconds` of the last row of metrics.csv, or nil when the file or column is missing.
  var trainingSeconds: Double? {
    MetricsFile.lastValue(of: "seconds", inFile: folder.metricsPath)
  }
}
