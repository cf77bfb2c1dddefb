import Foundation
import PriorLanguage
import Video
import VidlatSupport

/// Trained runs scored side by side on the same sequences (`vidlat compare`): the point is
/// runs of different priors (physics, Gaussian process, i.i.d.) on one video, with the same
/// encoder and decoder.
public struct Comparison: Sendable {
  /// Context frames encoded before predicting.
  public static let context = 10
  /// The prediction horizons the table reports (frames after the context).
  public static let reportedHorizons = [1, 10, 20, 40]

  /// One per run, in the order given.
  public var runs: [RunScores]
  /// The sequences every run was scored on, and their length.
  public var sequenceCount: Int
  public var sequenceLength: Int
  /// Whether the sequences have ground truth (latent recovery is scored only then).
  public var hasTruth: Bool
  /// The sequences every run was scored on (nil before the first run), the run that
  /// brought them and how they were read, so that other predictors (`vidlat compare`'s SVG
  /// runs) are scored on the same frames (`admit`).
  public var video: VideoSequences?
  public var videoPath = ""
  public var videoSummary = ""
  /// Futures sampled per sequence, or nil for each run's deterministic prediction.
  public var samples: Int?

  /// The longest horizon the sequences allow after the context: length - context (0 when
  /// they are no longer than the context).
  public var longestHorizon: Int { max(0, sequenceLength - Self.context) }
  /// The reported horizons the sequences allow.
  public var horizons: [Int] { Self.reportedHorizons.filter { $0 <= longestHorizon } }
  /// The reported horizons longer than the sequences allow.
  public var skippedHorizons: [Int] { Self.reportedHorizons.filter { $0 > longestHorizon } }
}

/// The scores of one run in a ``Comparison``.
public struct RunScores: Sendable {
  /// The run folder.
  public var path: String
  /// The prior's name (`prior NAME`) and kind (``Comparison/kindName(of:)``).
  public var priorName: String
  public var priorKind: String
  /// The validation loss terms the run reported at the epoch of the loaded checkpoint, per
  /// frame (`L_rec + KL terms` at full weight: the negative ELBO the run optimises); nil for
  /// a run without records.
  public var validation: LossTerms?
  /// Latent recovery per variable (no-fit and affine R^2), when the sequences have truth.
  public var variables: [VariableRecovery]
  /// The Procrustes fit of the run's two latents named like two truth columns (the
  /// gpball's x, y), when there are exactly two such.
  public var procrustes: ProcrustesFit?
  /// Every learnable parameter: learned value, and truth when known.
  public var parameters: [ParameterRecovery]
  /// How the run's predictions carry the latent past the context (``Comparison/extrapolation(for:)``)
  /// when they are not sampled.
  public var extrapolation: LatentExtrapolation
  /// Mean PSNR (dB) and SSIM over the sequences of the frame h = 1 ... longest horizon after
  /// the context; index h - 1. Without samples, predicted as `extrapolation` says
  /// (`TrainedRun.predict(video:...)`); with samples, the best of N sampled futures
  /// (`sampled`'s best-sample means).
  public var psnr: [Double]
  public var ssim: [Double]
  /// The best-of-N scores of N futures sampled from the prior given the context
  /// (`TrainedRun.predict(sequences:...)`), when the comparison samples.
  public var sampled: BestOfNScores?
  /// The trainable scalars: the networks' weights and the prior's learned parameters.
  public var parameterCount: Int
  /// Seconds of training, the last row of the run's metrics.csv; nil when it has none.
  public var trainingSeconds: Double?

  /// How the row's `psnr` and `ssim` were predicted: the extrapolation's name, or
  /// `best of N`.
  public var predictionName: String {
    sampled.map { "best of \($0.samples)" } ?? extrapolation.rawValue
  }
}

/// Why runs could not be compared.
public enum ComparisonError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Two runs' held-out sequences (or their reading of `--data`) differ.
  case differentVideos(first: String, other: String, firstVideo: String, otherVideo: String)

  public var description: String {
    switch self {
    case .differentVideos(let first, let other, let firstVideo, let otherVideo):
      "\(other) and \(first) are scored on different videos (\(other): \(otherVideo); "
        + "\(first): \(firstVideo)): compare runs trained on the same video, or give --data "
        + "to score all on one"
    }
  }
}

extension Comparison {
  /// Scores the runs at `paths` on the same sequences: each run's held-out sequences
  /// (`TrainedRun.heldOutSequences`), which must be the same video for every run, or the
  /// video or dataset folder `data`, which every run must read into the same frames (size,
  /// colour). For each run: the validation loss it reported, latent recovery and the
  /// Procrustes fit when there is truth, the learned parameters, the prediction PSNR and
  /// SSIM at every horizon from ``context`` frames (``extrapolation(for:)``), and the training
  /// time.
  ///
  /// The prediction scores are means over sequences of each frame's PSNR (in dB) and SSIM.
  /// - Throws: `ComparisonError.differentVideos` naming the first run and the one that
  ///   differs; the errors of loading a run or reading `data`.
  ///
  /// With `samples` N, each run's prediction is instead N futures sampled from its prior given
  /// the context and scored best-of-N (`TrainedRun.predict(sequences:...)`, from `seed`,
  /// nil: each run's own), as SVG runs are.
  public static func compare(
    paths: [String], data: String?, checkpoint: TrainedRun.Checkpoint = .best,
    samples: Int? = nil, seed: UInt64? = nil
  ) throws -> Comparison {
    var comparison = Comparison(
      runs: [], sequenceCount: 0, sequenceLength: 0, hasTruth: false, samples: samples)
    for path in paths {
      var run = try TrainedRun(path: path, checkpoint: checkpoint)
      let (video, truth) =
        try data.map { try run.sequences(from: $0, truthPath: nil) } ?? run.heldOutSequences()
      let summary =
        data.map {
          "\($0) read as \(video.count) sequences of \(video.length) frames at "
            + "\(video.width)x\(video.height) \(video.colour)"
        }
        ?? "\(run.settings.dataSummary), seed \(run.settings.configuration.seed), "
        + "dt \(run.prior.model.dt)"
      try comparison.admit(path: path, video: video, summary: summary)
      comparison.hasTruth = truth != nil
      comparison.runs.append(
        try score(&run, path: path, video: video, truth: truth, samples: samples, seed: seed))
    }
    return comparison
  }

  /// Takes `video`, the sequences the run at `path` is to be scored on (read as `summary`
  /// says), as the comparison's when it has none yet; otherwise requires them to be the same
  /// frames, pixel for pixel.
  ///
  /// - Throws: `ComparisonError.differentVideos` naming the first run and `path`.
  public mutating func admit(path: String, video: VideoSequences, summary: String)
    throws(ComparisonError)
  {
    guard let reference = self.video else {
      (self.video, videoPath, videoSummary) = (video, path, summary)
      (sequenceCount, sequenceLength) = (video.count, video.length)
      return
    }
    guard reference == video else {
      throw .differentVideos(
        first: videoPath, other: path, firstVideo: videoSummary, otherVideo: summary)
    }
  }

  /// The name `compare` gives a prior's kind: the language's (`PriorKind.name`: ODE, i.i.d.
  /// Gaussian, Gaussian-process).
  public static func kindName(of prior: PriorModel) -> String { prior.kind.name }

  /// How a run of `prior` predicts: by its prior, unless the prior links no frame to the
  /// next (the i.i.d. kind), whose own prediction is Var-Next's linear extrapolation.
  public static func extrapolation(for prior: PriorModel) -> LatentExtrapolation {
    if case .independent = prior.kind { return .linear }
    return .prior
  }

  /// The scores of one run on `video` (and `truth`).
  private static func score(
    _ run: inout TrainedRun, path: String, video: VideoSequences, truth: GroundTruth?,
    samples: Int?, seed: UInt64?
  ) throws -> RunScores {
    let report = try run.evaluate(sequences: video, truth: truth)
    var procrustes: ProcrustesFit?
    if let truth {
      procrustes = try procrustesFit(&run, video: video, truth: truth)
    }
    let longest = max(0, video.length - context)
    let extrapolation = extrapolation(for: run.prior.model)
    var (psnr, ssim) = (
      [Double](repeating: 0, count: longest), [Double](repeating: 0, count: longest)
    )
    var sampled: BestOfNScores?
    if longest > 0, let samples {
      let scores = try run.predict(
        sequences: video, context: context, horizon: longest, samples: samples, seed: seed
      ).scores
      (psnr, ssim) = (scores.horizonMeans.bestPSNR, scores.horizonMeans.bestSSIM)
      sampled = scores
    } else if longest > 0 {
      for s in 0..<video.count {
        let prediction = try run.predict(
          video: video.sequence(s), context: context, horizon: longest,
          extrapolation: extrapolation)
        for h in 0..<longest {
          psnr[h] += prediction.psnr[h] / Double(video.count)
          ssim[h] += prediction.ssim[h] / Double(video.count)
        }
      }
    }
    return RunScores(
      path: path, priorName: run.prior.model.name, priorKind: kindName(of: run.prior.model),
      validation: run.records.last?.validation, variables: report.variables,
      procrustes: procrustes, parameters: report.parameters, extrapolation: extrapolation,
      psnr: psnr, ssim: ssim, sampled: sampled,
      parameterCount: run.model.parameterCount + report.parameters.count,
      trainingSeconds: MetricsFile.lastValue(of: "seconds", inFile: run.folder.metricsPath))
  }

  /// The Procrustes fit of the posterior means of the run's two configuration variables
  /// named like truth columns onto those columns; nil unless there are exactly two.
  private static func procrustesFit(
    _ run: inout TrainedRun, video: VideoSequences, truth: GroundTruth
  ) throws -> ProcrustesFit? {
    let ordered = Evaluation.orderedRows(truth)
    let matched = run.prior.model.variables.compactMap { variable in
      ordered.column(variable.name).map { (index: variable.firstStateIndex, truth: $0) }
    }
    guard matched.count == 2 else { return nil }
    let posteriors = try run.encode(video)
    let d = posteriors.dimension
    guard matched.allSatisfy({ $0.truth.count == posteriors.count }) else { return nil }
    let estimate = (0..<posteriors.count).flatMap { row in
      matched.map { posteriors.means[row * d + $0.index] }
    }
    let target = (0..<posteriors.count).flatMap { row in matched.map { $0.truth[row] } }
    return LatentRecovery.procrustes(estimate: estimate, truth: target)
  }
}
