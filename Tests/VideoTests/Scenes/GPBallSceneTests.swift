import Foundation
import Testing
import Video

@Suite struct GPBallSceneTests {
  /// The ball is drawn where the truth says, at (0.4 x, 0.4 y) in frame coordinates, with
  /// the blog's radius of 3 pixels at 32 x 32 (an area of about pi 3^2 = 28 pixels).
  @Test func ballCentroidGivesTheTruePosition() throws {
    let (video, truth) = try Scene.gpball.generate(sequences: 4, size: 32, seed: 1)
    #expect(video.length == 30 && video.width == 32)
    let (x, y) = (try #require(truth.column("x")), try #require(truth.column("y")))
    var worst = 0.0
    for s in 0..<4 {
      for t in 0..<30 {
        let frame = video.sequence(s).frame(t)
        let c = brightCentroid(frame, threshold: 0.5)
        worst = max(worst, abs(c.x / 0.4 - x[s * 30 + t]), abs(c.y / 0.4 - y[s * 30 + t]))
        let area = frame.pixels.reduce(0, +)
        #expect(abs(Double(area) - Double.pi * 9) < 1.5, "sequence \(s) frame \(t): \(area)")
      }
    }
    #expect(worst < 0.05, "worst position error \(worst) units")
  }

  /// Paths are smooth draws of the squared-exponential GP: the correlation of a coordinate
  /// with itself k frames later is close to exp(-k^2 / (2 l^2)), l = 5 frames (0.98 at 1,
  /// 0.61 at 5, 0.14 at 10), and every path keeps the ball inside the frame.
  @Test func pathsFollowTheKernelAndStayInFrame() throws {
    let truth = try Scene.gpball.generate(sequences: 600, size: 4, seed: 2).truth
    let x = try #require(truth.column("x"))
    let y = try #require(truth.column("y"))
    #expect((x + y).allSatisfy { abs($0) <= 2.04 })
    for lag in [1, 5, 10] {
      var (a, b) = ([Double](), [Double]())
      for s in 0..<600 {
        for t in 0..<(30 - lag) {
          a.append(x[s * 30 + t])
          b.append(x[s * 30 + t + lag])
        }
      }
      let expected = exp(-Double(lag * lag) / 50)
      #expect(abs(correlation(a, b) - expected) < 0.04, "lag \(lag)")
    }
  }

  @Test func seedsLengthscaleAndMisuseAreHandled() throws {
    let a = try Scene.gpball.generate(sequences: 2, frames: 8, size: 16, seed: 3)
    #expect(a == (try Scene.gpball.generate(sequences: 2, frames: 8, size: 16, seed: 3)))
    #expect(
      a.video != (try Scene.gpball.generate(sequences: 2, frames: 8, size: 16, seed: 4)).video)
    #expect(
      Scene.gpball.motion == .gaussianProcess && Scene.pendulum.motion == .differentialEquation)
    // A longer lengthscale gives a smoother path: smaller frame-to-frame steps.
    func meanStep(_ lengthscale: Double) throws -> Double {
      let x = try #require(
        try Scene.gpball.generate(
          sequences: 50, size: 4, seed: 5, parameters: ["lengthscale": lengthscale]
        ).truth.column("x"))
      var total = 0.0
      for t in 0..<(x.count - 1) where (t + 1) % 30 != 0 { total += abs(x[t + 1] - x[t]) }
      return total
    }
    #expect(try meanStep(10) < meanStep(2) / 3)
    #expect(
      throws: SceneError.invalidArgument(
        "parameter lengthscale of the gpball must be positive, not 0.0")
    ) { try Scene.gpball.parameters(setting: ["lengthscale": 0]) }
    do {
      _ = try Scene.gpball.render(initialStates: [[0, 0]])
      Issue.record("rendered a gpball from an initial state")
    } catch {
      #expect(error.description.contains("no initial state determines"))
    }
  }

  @Test func cameraStyleFilmsTheSamePaths() throws {
    var style = CameraStyle()
    (style.width, style.height) = (48, 32)
    let footage = try Scene.gpball.generateCamera(sequences: 2, frames: 4, seed: 6, style: style)
    let flat = try Scene.gpball.generate(sequences: 2, frames: 4, size: 8, seed: 6)
    #expect(footage.truth == flat.truth)
    #expect(footage.clip(1).frameCount == 4)
  }
}
