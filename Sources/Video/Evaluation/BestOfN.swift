import Engine

/// The scores of N sampled futures of each of a set of sequences, by the stochastic video
/// prediction protocol (SVG, Denton and Fergus 2018, section 5): for each sequence the
/// sample with the highest SSIM averaged over the predicted frames is "the best", and PSNR
/// and SSIM are reported per frame after the context, for the best sample and averaged over
/// all samples.
///
/// Kept per sequence, so that the scores of sequences evaluated in separate batches join
/// with `append(_:)`; the per-horizon means over sequences are `horizonMeans`.
public struct BestOfNScores: Sendable, Equatable {
  /// The number of samples per sequence.
  public var samples: Int
  /// The frames scored after the context.
  public var horizon: Int
  /// For each sequence, the index of its best sample.
  public var best: [Int] = []
  /// [sequence][h]: PSNR (dB) and SSIM of the best sample's frame h + 1 after the context.
  public var bestPSNR: [[Double]] = []
  public var bestSSIM: [[Double]] = []
  /// [sequence][h]: PSNR and SSIM of frame h + 1, averaged over the samples.
  public var meanPSNR: [[Double]] = []
  public var meanSSIM: [[Double]] = []

  public init(samples: Int, horizon: Int) {
    self.samples = samples
    self.horizon = horizon
  }

  /// The number of sequences scored.
  public var sequences: Int { best.count }

  /// Adds the sequences of `other` (same samples and horizon).
  public mutating func append(_ other: BestOfNScores) {
    precondition(other.samples == samples && other.horizon == horizon, "scores do not match")
    best += other.best
    bestPSNR += other.bestPSNR
    bestSSIM += other.bestSSIM
    meanPSNR += other.meanPSNR
    meanSSIM += other.meanSSIM
  }

  /// Per horizon, the mean over sequences.
  public var horizonMeans:
    (bestPSNR: [Double], bestSSIM: [Double], meanPSNR: [Double], meanSSIM: [Double])
  {
    func mean(_ table: [[Double]]) -> [Double] {
      (0..<horizon).map { h in
        table.reduce(0) { $0 + $1[h] } / Double(max(table.count, 1))
      }
    }
    return (mean(bestPSNR), mean(bestSSIM), mean(meanPSNR), mean(meanSSIM))
  }
}

public enum BestOfN {
  /// Scores `samples` (N tensors) against `truth`, all `[H, batch, height, width, channels]`
  /// time-major, values in [0, 1]: per sequence b and sample n, PSNR and SSIM of each frame
  /// (`FrameQuality`); the best sample of b maximises the mean SSIM over the H frames (the
  /// mean PSNR when SSIM is undefined, frames under 11 x 11; the first on a tie).
  public static func evaluate(truth: Tensor<Float>, samples: [Tensor<Float>]) -> BestOfNScores {
    precondition(truth.rank == 5 && !samples.isEmpty, "BestOfN: truth [H, B, S, S, C], samples")
    precondition(samples.allSatisfy { $0.shape == truth.shape }, "BestOfN: shapes differ")
    let (horizon, batch) = (truth.shape[0], truth.shape[1])
    let (height, width, channels) = (truth.shape[2], truth.shape[3], truth.shape[4])
    let frame = height * width * channels
    /// Sequence b's H frames of `tensor`, back to back.
    func sequence(_ tensor: Tensor<Float>, _ b: Int) -> [Float] {
      var pixels: [Float] = []
      pixels.reserveCapacity(horizon * frame)
      for t in 0..<horizon {
        let start = (t * batch + b) * frame
        pixels += tensor.scalars[start..<(start + frame)]
      }
      return pixels
    }
    var scores = BestOfNScores(samples: samples.count, horizon: horizon)
    for b in 0..<batch {
      let real = sequence(truth, b)
      var psnr: [[Double]] = []
      var ssim: [[Double]] = []
      for sample in samples {
        let predicted = sequence(sample, b)
        psnr.append(
          (0..<horizon).map { t in
            FrameQuality.psnr(
              Array(predicted[(t * frame)..<((t + 1) * frame)]),
              Array(real[(t * frame)..<((t + 1) * frame)]))
          })
        ssim.append(
          FrameQuality.ssim(predicted, real, height: height, width: width, channels: channels))
      }
      func key(_ n: Int) -> Double {
        let s = ssim[n].reduce(0, +)
        return s.isNaN ? psnr[n].reduce(0, +) : s
      }
      var best = 0
      for n in 1..<samples.count where key(n) > key(best) { best = n }
      let count = Double(samples.count)
      scores.best.append(best)
      scores.bestPSNR.append(psnr[best])
      scores.bestSSIM.append(ssim[best])
      scores.meanPSNR.append((0..<horizon).map { h in psnr.reduce(0) { $0 + $1[h] } / count })
      scores.meanSSIM.append((0..<horizon).map { h in ssim.reduce(0) { $0 + $1[h] } / count })
    }
    return scores
  }

  /// The figure of `vidlat predict --samples`: PSNR (dB) and SSIM against the horizon, one
  /// panel each, the best sample's line and the mean over samples' (dashed), means over the
  /// sequences.
  public static func plots(_ scores: BestOfNScores, context: Int, title: String) -> [Plot] {
    let x = (1...max(scores.horizon, 1)).map(Double.init)
    let means = scores.horizonMeans
    return [
      ("PSNR (dB)", means.bestPSNR, means.meanPSNR), ("SSIM", means.bestSSIM, means.meanSSIM),
    ].enumerated().map { panel, measure in
      var plot = Plot(
        title: panel == 0
          ? "\(title): \(scores.samples) samples of \(scores.sequences) sequences, "
            + "\(context) context frames" : "",
        xLabel: "horizon (frames after the context)", yLabel: measure.0)
      plot.height = 320
      plot.lines = [
        Plot.Line(name: "best of \(scores.samples) (by SSIM)", x: x, y: measure.1, colour: 0),
        Plot.Line(name: "mean over samples", x: x, y: measure.2, colour: 1, dashed: true),
      ]
      return plot
    }
  }
}
