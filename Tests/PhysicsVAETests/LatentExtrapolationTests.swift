import Foundation
import Testing
import Video

@testable import PhysicsVAE

@Suite struct LatentExtrapolationTests {
  private static var pendulumPath: String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Priors/pendulum.prior").path
  }

  /// z_{t+1} = 2 z_t - z_{t-1} from (1, 2) then (2, 5): (3, 8), (4, 11), (5, 14).
  @Test func linearContinuesTheLine() {
    #expect(
      LatentExtrapolation.linear(previous: [1, 2], last: [2, 5], steps: 3) == [3, 8, 4, 11, 5, 14])
    #expect(LatentExtrapolation.linear(previous: [1], last: [2], steps: 0).isEmpty)
    #expect(LatentExtrapolation.linear.minimumContext == 2)
    #expect(LatentExtrapolation.prior.minimumContext == 1)
  }

  /// A trained run's linear prediction keeps the encoded means of the context and goes on
  /// at the velocity of its last two frames; PSNR and SSIM come for every known frame.
  @Test func predictionGoesOnAtTheEncodedVelocity() throws {
    let folder = temporaryFolder("linear-prediction")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let trainer = try Trainer.start(
      priorFile: Self.pendulumPath, dataFiles: [],
      settings: TrainingSettings(
        configuration: tinyConfiguration(epochs: 1), adaptation: .plainDefaults),
      runPath: folder)
    try trainer.train()
    var run = try TrainedRun(path: folder)
    let video = try run.heldOutSequences().video.sequence(0)
    let prediction = try run.predict(video: video, context: 3, horizon: 3, extrapolation: .linear)
    let d = run.compiled.stateDimension
    let means = try run.encode(
      VideoSequences(
        count: 1, length: 3, height: video.height, width: video.width, colour: video.colour,
        framesPerSecond: video.framesPerSecond,
        pixels: Array(video.pixels[0..<(3 * video.pixelsPerFrame)]), startFrames: [0])
    ).means
    #expect(Array(prediction.states[0..<(3 * d)]) == means)
    for h in 1...3 {
      for k in 0..<d {
        let expected = means[2 * d + k] + Double(h) * (means[2 * d + k] - means[d + k])
        #expect(abs(prediction.states[(2 + h) * d + k] - expected) < 1e-12)
      }
    }
    #expect(prediction.psnr.count == 1 && prediction.ssim.count == 1)
    #expect(prediction.ssim[0] > -1 && prediction.ssim[0] < 1)
  }

  @Test func comparisonSkipsLongHorizons() {
    let comparison = Comparison(runs: [], sequenceCount: 3, sequenceLength: 35, hasTruth: false)
    #expect(comparison.longestHorizon == 25)
    #expect(comparison.horizons == [1, 10, 20] && comparison.skippedHorizons == [40])
  }
}
