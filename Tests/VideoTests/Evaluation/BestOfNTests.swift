import Engine
import Foundation
import Testing

@testable import Video

/// `BestOfN` on frames whose PSNR and SSIM are known by hand.
@Suite struct BestOfNTests {
  /// Uniform 12 x 12 frames (the SSIM window fits once): a prediction off by a constant d
  /// from a truth of 0.5 has MSE d^2, so PSNR = -20 log10 d (20 dB for 0.1, 13.98 for 0.2),
  /// and zero variances, so SSIM = (2 mu_a mu_b + C1) / (mu_a^2 + mu_b^2 + C1), C1 = 1e-4:
  /// 0.6001 / 0.6101 for 0.6, 0.7001 / 0.7401 for 0.7.
  @Test func picksTheBestSampleAndAveragesByHand() {
    let (horizon, batch, side) = (3, 2, 12)
    let shape = [horizon, batch, side, side, 1]
    let truth = Tensor<Float>(repeating: 0.5, shape: shape)
    /// Sequence b's frames at `levels[b]`.
    func sample(_ levels: [Float]) -> Tensor<Float> {
      var t = Tensor<Float>(zeros: shape)
      let frame = side * side
      for step in 0..<horizon {
        for b in 0..<batch {
          for i in 0..<frame { t.scalars[(step * batch + b) * frame + i] = levels[b] }
        }
      }
      return t
    }
    let scores = BestOfN.evaluate(
      truth: truth, samples: [sample([0.7, 0.6]), sample([0.6, 0.7]), sample([0.7, 0.7])])
    #expect(scores.best == [1, 0])
    let (psnr1, psnr2) = (20.0, -20 * log10(0.2))
    let (ssim1, ssim2) = (0.6001 / 0.6101, 0.7001 / 0.7401)
    let means = scores.horizonMeans
    for h in 0..<horizon {
      #expect(abs(means.bestPSNR[h] - psnr1) < 1e-4)
      #expect(abs(means.bestSSIM[h] - ssim1) < 1e-6)
      #expect(abs(means.meanPSNR[h] - (psnr1 + 2 * psnr2) / 3) < 1e-4)
      #expect(abs(means.meanSSIM[h] - (ssim1 + 2 * ssim2) / 3) < 1e-6)
    }
    var joined = scores
    joined.append(BestOfN.evaluate(truth: truth, samples: [sample([0.6, 0.6])]).withSamples(3))
    #expect(joined.sequences == 4 && joined.best == [1, 0, 0, 0])
  }

  /// The best sample is the one with the best mean SSIM over the horizon, even when another
  /// is better at one frame.
  @Test func bestMeansBestOverTheHorizon() {
    let shape = [2, 1, 12, 12, 1]
    let truth = Tensor<Float>(repeating: 0.5, shape: shape)
    var early = Tensor<Float>(repeating: 0.5, shape: shape)  // exact, then far off
    let steady = Tensor<Float>(repeating: 0.6, shape: shape)  // a little off throughout
    for i in 144..<288 { early.scalars[i] = 1 }
    let scores = BestOfN.evaluate(truth: truth, samples: [early, steady])
    #expect(scores.best == [1])
    #expect(scores.bestSSIM[0][0] < 1 && scores.meanSSIM[0][0] > scores.bestSSIM[0][0])
  }
}

extension BestOfNScores {
  /// The same scores labelled with `samples` samples, to join scores in a test.
  fileprivate func withSamples(_ samples: Int) -> BestOfNScores {
    var copy = self
    copy.samples = samples
    return copy
  }
}
