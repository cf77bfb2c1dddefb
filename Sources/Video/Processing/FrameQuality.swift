import Engine
import Foundation

/// The quality of frames (reconstructed, predicted) against the real ones: PSNR and SSIM, as
/// the video literature reports them (SVG, SRVP, GP-VAE). Every run kind is scored by these.
public enum FrameQuality {
  /// The peak signal-to-noise ratio of `a` against `b` (values in [0, 1], so the peak is 1):
  /// 10 log10(n / sum (a - b)^2) dB over the n = min(a.count, b.count) values; infinite for
  /// identical inputs, NaN for empty ones.
  public static func psnr(_ a: [Float], _ b: [Float]) -> Double {
    let n = min(a.count, b.count)
    guard n > 0 else { return .nan }
    var squared = 0.0
    for i in 0..<n {
      let delta = Double(a[i]) - Double(b[i])
      squared += delta * delta
    }
    return 10 * log10(Double(n) / squared)
  }

  /// Side of the SSIM window, in pixels (Wang et al. 2004: 11 x 11).
  public static let ssimWindow = 11
  /// Standard deviation of the SSIM window's Gaussian weights, in pixels (Wang et al.: 1.5).
  static let ssimSigma = 1.5

  /// The structural similarity (Wang, Bovik, Sheikh and Simoncelli 2004) of each frame of `a`
  /// against the same frame of `b`: frames `height x width x channels` (channels last), values
  /// in [0, 1], as many in both.
  ///
  /// At every position where the 11 x 11 window fits inside the frame ("valid", as in the
  /// paper's code), with Gaussian weights w (sigma 1.5, normalised to sum 1), the local
  /// weighted means mu, variances sigma^2 and covariance sigma_ab of one channel give
  ///     SSIM = (2 mu_a mu_b + C1)(2 sigma_ab + C2) / ((mu_a^2 + mu_b^2 + C1)(sigma_a^2 + sigma_b^2 + C2))
  /// with C1 = (0.01 L)^2 and C2 = (0.03 L)^2, L = 1 the data range; a frame's SSIM is the
  /// mean over positions and channels. The variances are the weighted population moments
  /// E_w[a^2] - mu_a^2 (the paper's, not the n / (n - 1) sample correction). SSIM is 1 for
  /// identical frames and lies in [-1, 1].
  ///
  /// The window is separable, so the five moment maps (a, b, a^2, b^2, a b) of every frame
  /// are filtered as two matrix products in double precision: along rows by the banded
  /// `(width channels) x ((width - 10) channels)` matrix of the weights, then along columns by
  /// the `(height - 10) x height` one, all frames at once through BLAS.
  /// - Returns: one value per frame; NaN for every frame when a frame is smaller than the
  ///   window in either direction or the inputs do not have `frames` whole frames.
  public static func ssim(
    _ a: [Float], _ b: [Float], height: Int, width: Int, channels: Int = 1
  ) -> [Double] {
    let frameSize = height * width * channels
    guard frameSize > 0, a.count == b.count, a.count % frameSize == 0 else { return [] }
    let frames = a.count / frameSize
    let window = ssimWindow
    guard height >= window, width >= window else {
      return [Double](repeating: .nan, count: frames)
    }
    let weights = gaussianWindow()
    let (rows, columns) = (height - window + 1, width - window + 1)
    let (rowLength, filteredLength) = (width * channels, columns * channels)
    // The five moment maps of every frame, map-major: [frame][map][row][width * channels].
    let maps = 5 * frames
    var moments = [Double](repeating: 0, count: maps * frameSize)
    for f in 0..<frames {
      for i in 0..<frameSize {
        let (x, y) = (Double(a[f * frameSize + i]), Double(b[f * frameSize + i]))
        let base = 5 * f * frameSize + i
        moments[base] = x
        moments[base + frameSize] = y
        moments[base + 2 * frameSize] = x * x
        moments[base + 3 * frameSize] = y * y
        moments[base + 4 * frameSize] = x * y
      }
    }
    // Along rows: (maps height) x (width channels) times the banded matrix G_w, whose
    // entry (j c + k, j' c + k) is w[j - j'] for 0 <= j - j' < window.
    var bandRows = [Double](repeating: 0, count: rowLength * filteredLength)
    for j in 0..<columns {
      for offset in 0..<window {
        for k in 0..<channels {
          bandRows[((j + offset) * channels + k) * filteredLength + j * channels + k] =
            weights[offset]
        }
      }
    }
    var alongRows = [Double](repeating: 0, count: maps * height * filteredLength)
    Double.gemm(
      transposeA: false, transposeB: false, m: maps * height, n: filteredLength, k: rowLength,
      alpha: 1, a: moments, lda: rowLength, b: bandRows, ldb: filteredLength, beta: 0,
      c: &alongRows, ldc: filteredLength)
    // Along columns: rows first, so one product G_h (rows x height) filters every map:
    // [height][map][filtered] -> [rows][map][filtered].
    let width2 = maps * filteredLength
    var transposed = [Double](repeating: 0, count: height * width2)
    for m in 0..<maps {
      for i in 0..<height {
        let source = (m * height + i) * filteredLength
        let target = i * width2 + m * filteredLength
        for x in 0..<filteredLength { transposed[target + x] = alongRows[source + x] }
      }
    }
    var bandColumns = [Double](repeating: 0, count: rows * height)
    for i in 0..<rows {
      for offset in 0..<window { bandColumns[i * height + i + offset] = weights[offset] }
    }
    var filtered = [Double](repeating: 0, count: rows * width2)
    Double.gemm(
      transposeA: false, transposeB: false, m: rows, n: width2, k: height, alpha: 1,
      a: bandColumns, lda: height, b: transposed, ldb: width2, beta: 0, c: &filtered,
      ldc: width2)
    let (c1, c2) = (0.01 * 0.01, 0.03 * 0.03)
    return (0..<frames).map { f in
      var sum = 0.0
      for i in 0..<rows {
        let row = i * width2 + 5 * f * filteredLength
        for x in 0..<filteredLength {
          let muA = filtered[row + x]
          let muB = filtered[row + filteredLength + x]
          let varianceA = filtered[row + 2 * filteredLength + x] - muA * muA
          let varianceB = filtered[row + 3 * filteredLength + x] - muB * muB
          let covariance = filtered[row + 4 * filteredLength + x] - muA * muB
          sum +=
            (2 * muA * muB + c1) * (2 * covariance + c2)
            / ((muA * muA + muB * muB + c1) * (varianceA + varianceB + c2))
        }
      }
      return sum / Double(rows * filteredLength)
    }
  }

  /// The 11 normalised weights exp(-(k - 5)^2 / (2 * 1.5^2)) / sum, k = 0 ..< 11.
  private static func gaussianWindow() -> [Double] {
    let centre = Double(ssimWindow / 2)
    let raw = (0..<ssimWindow).map { k in
      exp(-(Double(k) - centre) * (Double(k) - centre) / (2 * ssimSigma * ssimSigma))
    }
    let total = raw.reduce(0, +)
    return raw.map { $0 / total }
  }
}
