import Testing
import Video
import VidlatSupport

@Suite struct FrameQualityTests {
  @Test func psnrOfKnownError() {
    let a = [Float](repeating: 0.5, count: 100)
    let b = [Float](repeating: 0.6, count: 100)
    #expect(abs(FrameQuality.psnr(a, b) - 20) < 1e-5)
    #expect(FrameQuality.psnr(a, a) == .infinity)
  }

  /// 16 x 16 gray images of residues: a against b and against 0.8 a + 0.1, checked against
  /// scikit-image 0.26 (`structural_similarity(a, b, data_range=1, gaussian_weights=True,
  /// sigma=1.5, use_sample_covariance=False)`): -0.0134277426 and 0.9757258544.
  @Test func grayExamplesMatchScikitImage() {
    var (a, b) = ([Float](), [Float]())
    for i in 0..<16 {
      for j in 0..<16 {
        a.append(Float((i * 7 + j * 3) % 11) / 10)
        b.append(Float((i * 5 + j * 2) % 13) / 12)
      }
    }
    let ab = FrameQuality.ssim(a, b, height: 16, width: 16)
    #expect(abs(ab[0] - -0.01342774261609526) < 1e-9)
    let dimmed: [Float] = a.map { (value: Float) -> Float in min(max(value * 0.8 + 0.1, 0), 1) }
    #expect(
      abs(FrameQuality.ssim(a, dimmed, height: 16, width: 16)[0] - 0.9757258543793292) < 1e-6)
  }

  /// 12 x 13 RGB (channels last), per channel then averaged: scikit-image gives
  /// 0.0377106275505942 with `channel_axis=2`. Frames are scored independently.
  @Test func colourFramesMatchScikitImageAndFramesAreSeparate() {
    var (a, b) = ([Float](), [Float]())
    for i in 0..<12 {
      for j in 0..<13 {
        for c in 0..<3 {
          a.append(Float((i * 7 + j * 3 + c * 5) % 11) / 10)
          b.append(Float((i * 5 + j * 2 + c) % 13) / 12)
        }
      }
    }
    let scores = FrameQuality.ssim(a + b, b + b, height: 12, width: 13, channels: 3)
    #expect(scores.count == 2)
    #expect(abs(scores[0] - 0.037710627550594185) < 1e-9)
    #expect(abs(scores[1] - 1) < 1e-12)
  }

  @Test func identicalFramesScoreOneAndSmallFramesAreNaN() {
    var generator = SeededGenerator(seed: 1)
    let frames = (0..<(3 * 32 * 32)).map { _ in Float(generator.nextUnitDouble()) }
    #expect(
      FrameQuality.ssim(frames, frames, height: 32, width: 32).allSatisfy { abs($0 - 1) < 1e-12 })
    let small = FrameQuality.ssim(
      [Float](repeating: 0, count: 64), [Float](repeating: 0, count: 64), height: 8, width: 8)
    #expect(small.count == 1 && small[0].isNaN)
  }
}
