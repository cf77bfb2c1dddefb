import Foundation
import Testing
import Video

/// The intensity-weighted centroid, in frame coordinates, of the pixels brighter than
/// `threshold` (the moving object is drawn at 1, supporting structure at 0.5).
func brightCentroid(_ frame: Frame, threshold: Float = 0.75) -> (x: Double, y: Double) {
  var sum = 0.0
  var sx = 0.0
  var sy = 0.0
  for i in 0..<frame.height {
    for j in 0..<frame.width where frame[i, j] > threshold {
      let w = Double(frame[i, j])
      sum += w
      sx += w * ((2 * Double(j) + 1) / Double(frame.width) - 1)
      sy += w * (1 - (2 * Double(i) + 1) / Double(frame.height))
    }
  }
  return (sx / sum, sy / sum)
}

@Suite struct SceneRenderingTests {
  @Test func pendulumBobCentroidGivesTheTrueAngle() throws {
    let (video, truth) = try Scene.pendulum.generate(sequences: 6, frames: 20, size: 32, seed: 1)
    let angles = try #require(truth.column("x"))
    var worst = 0.0
    for s in 0..<6 {
      for t in 0..<20 {
        let c = brightCentroid(video.sequence(s).frame(t))
        let measured = atan2(c.x - 0, 0.55 - c.y)  // from straight down, counter-clockwise
        worst = max(worst, abs(measured - angles[s * 20 + t]))
      }
    }
    #expect(worst < 0.05, "worst angle error \(worst) rad")
  }

  @Test func springAndFallingCentroidsGiveThePosition() throws {
    for (scene, span) in [(Scene.spring, 1.2), (Scene.falling, 8.0)] {
      let (video, truth) = try scene.generate(sequences: 4, frames: 20, size: 32, seed: 2)
      let positions = try #require(truth.column(scene.stateNames[0]))
      for s in 0..<4 {
        for t in 0..<20 where abs(positions[s * 20 + t]) < 0.85 * span {
          let c = brightCentroid(video.sequence(s).frame(t))
          #expect(abs(c.y * span - positions[s * 20 + t]) < 0.03 * span, "\(scene) \(s) \(t)")
          #expect(abs(c.x) < 0.02)
        }
      }
    }
  }

  @Test func pulsarBrightnessFollowsThePulseProfile() throws {
    let (video, truth) = try Scene.pulsar.generate(sequences: 3, frames: 40, size: 32, seed: 3)
    let phases = try #require(truth.column("phase"))
    let parameters = try Scene.pulsar.parameters()
    let profile = phases.map { Scene.pulseProfile(phase: $0, parameters: parameters) }
    let frames = video.concatenated
    let means = (0..<frames.frameCount).map { f in
      Double(frames.frame(f).pixels.reduce(0, +)) / Double(frames.pixelsPerFrame)
    }
    #expect(correlation(means, profile) > 0.95)
  }

  @Test func sameSeedSameVideoAndRenderReproducesGenerate() throws {
    for scene in Scene.allCases {
      let a = try scene.generate(sequences: 2, frames: 5, size: 16, seed: 11, noise: 0.05)
      let b = try scene.generate(sequences: 2, frames: 5, size: 16, seed: 11, noise: 0.05)
      let c = try scene.generate(sequences: 2, frames: 5, size: 16, seed: 12, noise: 0.05)
      #expect(a.video == b.video && a.truth == b.truth)
      #expect(a.video != c.video)
      #expect(a.video.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
      guard scene.motion == .differentialEquation else { continue }
      let rendered = try scene.render(
        initialStates: scene.initialStates(in: a.truth), frames: 5, size: 16, seed: 11,
        noise: 0.05)
      #expect(rendered.video == a.video && rendered.truth == a.truth)
    }
  }

  @Test func interventionChangesOnlyWhatItShould() throws {
    let (_, truth) = try Scene.pendulum.generate(sequences: 2, frames: 30, seed: 4)
    let states = Scene.pendulum.initialStates(in: truth)
    let damped = try Scene.pendulum.render(
      initialStates: states, frames: 30, parameters: ["c": 0.8])
    #expect(damped.truth.column("c")?.allSatisfy { $0 == 0.8 } == true)
    #expect(damped.truth.column("x")?.first == truth.column("x")?.first)
    // Damping shrinks the swing: the last 10 frames' largest |x| is smaller than undamped.
    let free = try #require(truth.column("x"))
    let slowed = try #require(damped.truth.column("x"))
    #expect(slowed[20..<30].map(abs).max()! < free[20..<30].map(abs).max()!)
  }

  @Test func parametersAndArgumentsAreChecked() throws {
    #expect(throws: SceneError.unknownParameter("q", scene: "spring", valid: ["k", "c"])) {
      try Scene.spring.generate(sequences: 1, frames: 2, parameters: ["q": 1])
    }
    #expect(
      SceneError.unknownParameter("q", scene: "spring", valid: ["k", "c"]).description
        == "unknown parameter 'q' for scene spring; valid parameters: k, c")
    #expect(
      throws: SceneError.unknownScene(
        "pendlum", valid: ["pendulum", "spring", "falling", "pulsar", "gpball", "bounce"])
    ) {
      try Scene.named("pendlum")
    }
    #expect(throws: SceneError.self) { try Scene.falling.generate(sequences: 1, size: 2) }
    #expect(throws: SceneError.self) { try Scene.falling.generate(sequences: 1, dt: 0) }
    #expect(throws: SceneError.self) { try Scene.falling.generate(sequences: 0) }
    #expect(throws: SceneError.self) { try Scene.falling.generate(sequences: 1, noise: -1) }
    #expect(throws: SceneError.self) {
      try Scene.falling.render(initialStates: [[1, 2, 3]])
    }
    #expect(try Scene.pulsar.parameters(setting: ["w": 3])["w"] == 3)
    for width in ["s1", "s2"] {
      #expect(
        throws: SceneError.invalidArgument(
          "parameter \(width) of the pulsar must be positive, not 0.0")
      ) { try Scene.pulsar.parameters(setting: [width: 0]) }
    }
    #expect(throws: SceneError.self) {
      try Scene.spring.generate(sequences: 1_000_000, frames: 100_000, size: 4096)
    }
  }

  /// A time step or parameter that makes the physics overflow is an error naming the scene
  /// and the frame, not a trap when the non-finite position is drawn.
  @Test func divergingPhysicsIsAnError() throws {
    for (scene, dt, parameters) in [
      (Scene.pendulum, 1e300, [String: Double]()), (.falling, 0.05, ["g": 1e308]),
      (.spring, 1e200, [:]),
    ] {
      do {
        _ = try scene.generate(sequences: 2, frames: 4, size: 8, dt: dt, parameters: parameters)
        Issue.record("\(scene) with dt \(dt), \(parameters) rendered non-finite states")
      } catch {
        #expect(error.description.contains("the \(scene.rawValue) diverges"))
        #expect(error.description.contains("not finite at frame"))
      }
    }
  }
}

@Suite struct ScenePhysicsTests {
  let times = (0..<40).map { Double($0) * 0.05 }

  @Test func dampedSpringMatchesTheClosedForm() throws {
    let p = try Scene.spring.parameters()  // k = 16, c = 0.3
    let path = Scene.spring.trajectory(from: [0.6, 0], frames: 40, dt: 0.05, parameters: p)
    let omega = (16 - 0.3 * 0.3 / 4).squareRoot()
    for (t, state) in zip(times, path) {
      let exact = 0.6 * exp(-0.15 * t) * (cos(omega * t) + 0.15 / omega * sin(omega * t))
      #expect(abs(state[0] - exact) < 1e-9)
    }
  }

  @Test func fallingWithDragMatchesTheClosedForm() throws {
    let p = try Scene.falling.parameters(setting: ["c": 0.4])
    let path = Scene.falling.trajectory(from: [1, 8], frames: 40, dt: 0.05, parameters: p)
    for (t, state) in zip(times, path) {
      let g = 9.81
      let c = 0.4
      let exact = 1 + (8 + g / c) * (1 - exp(-c * t)) / c - g * t / c
      #expect(abs(state[0] - exact) < 1e-9)
    }
  }

  @Test func pendulumConservesEnergyAndPulsarKeepsItsRadius() throws {
    let p = try Scene.pendulum.parameters()
    let path = Scene.pendulum.trajectory(from: [1.5, 0], frames: 40, dt: 0.05, parameters: p)
    let energy = path.map { $0[1] * $0[1] / 2 - 9.81 * cos($0[0]) }
    #expect(energy.map { abs($0 - energy[0]) }.max()! < 1e-8)
    let pulsar = Scene.pulsar.trajectory(
      from: [1, 0], frames: 40, dt: 0.05, parameters: try Scene.pulsar.parameters())
    let w = 2 * Double.pi / 1.2
    for (t, state) in zip(times, pulsar) {
      #expect(abs(state[0] - cos(w * t)) < 1e-8 && abs(state[1] - sin(w * t)) < 1e-8)
    }
  }

  @Test func initialStatesFollowTheSharedRanges() throws {
    let pendulum = try Scene.pendulum.generate(sequences: 200, frames: 1, size: 8, seed: 5).truth
    let x = try #require(pendulum.column("x"))
    #expect(x.allSatisfy { abs($0) >= 0.5 && abs($0) <= 1.6 })
    #expect(x.contains { $0 < 0 } && x.contains { $0 > 0 })
    #expect(pendulum.column("x'")!.allSatisfy { $0 == 0 })
    let spring = try Scene.spring.generate(sequences: 200, frames: 1, size: 8, seed: 5).truth
    #expect(spring.column("x")!.allSatisfy { abs($0) >= 0.3 && abs($0) <= 0.8 })
    let falling = try Scene.falling.generate(sequences: 200, frames: 1, size: 8, seed: 5).truth
    #expect(falling.column("y")!.allSatisfy { abs($0) <= 2 })
    #expect(falling.column("y'")!.allSatisfy { $0 >= 7 && $0 <= 10 })
    let pulsar = try Scene.pulsar.generate(sequences: 200, frames: 1, size: 8, seed: 5).truth
    for (u, v) in zip(pulsar.column("u")!, pulsar.column("v")!) {
      #expect(abs(u * u + v * v - 1) < 1e-12)
    }
  }
}

@Suite struct GroundTruthTests {
  @Test func columnsFollowTheSharedNaming() throws {
    let expected = [
      Scene.pendulum: "sequence,frame,x,x',k,c",
      .spring: "sequence,frame,x,x',k,c",
      .falling: "sequence,frame,y,y',g,c",
      .pulsar: "sequence,frame,u,v,phase,w,s1,a2,s2",
      .gpball: "sequence,frame,x,y,lengthscale",
      .bounce: "sequence,frame,x1,y1,x2,y2,speed",
    ]
    for (scene, header) in expected {
      let truth = try scene.generate(sequences: 1, frames: 2, size: 8).truth
      #expect(truth.columns.joined(separator: ",") == header)
      #expect(truth.csv.hasPrefix(header + "\n0,0,"))
    }
  }

  @Test func csvRoundTripsExactly() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let truth = try Scene.pulsar.generate(sequences: 2, frames: 3, size: 8).truth
    try truth.write(to: folder.file("t.csv"))
    #expect(try GroundTruth.read(path: folder.file("t.csv")) == truth)
    let bad = try folder.write(Array("a,b\n1,x\n".utf8), to: "bad.csv")
    let error = videoError { () throws(VideoError) in try GroundTruth.read(path: bad) }
    #expect(error?.path == bad)
  }

  @Test func datasetFolderRoundTrips() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let (video, truth) = try Scene.spring.generate(sequences: 3, frames: 6, size: 16, seed: 8)
    try SceneDataset.write(video: video, truth: truth, to: folder.path)
    let read = try SceneDataset.read(folder: folder.path)
    #expect(read.truth == truth)
    #expect(read.video.count == 3 && read.video.length == 6)
    for (a, b) in zip(read.video.pixels, video.pixels) { #expect(abs(a - b) <= 0.5 / 255 + 1e-6) }
    let preview = try PNG.decode(
      Array(try Data(contentsOf: URL(fileURLWithPath: folder.file("preview.png")))))
    #expect(preview.width > 0)
    let split = read.video.split(validationFraction: 1.0 / 3, seed: 0)
    let validationTruth = read.truth.selectingSequences(split.validationIndices)
    #expect(validationTruth.rows.count == 6)
    #expect(validationTruth.column("sequence")!.allSatisfy { $0 == 0 })
  }
}

func correlation(_ a: [Double], _ b: [Double]) -> Double {
  let n = Double(a.count)
  let ma = a.reduce(0, +) / n
  let mb = b.reduce(0, +) / n
  var sab = 0.0
  var saa = 0.0
  var sbb = 0.0
  for (x, y) in zip(a, b) {
    sab += (x - ma) * (y - mb)
    saa += (x - ma) * (x - ma)
    sbb += (y - mb) * (y - mb)
  }
  return sab / (saa * sbb).squareRoot()
}
