import Foundation
import Testing
import VidlatSupport

@testable import Video

/// The bounce's limits: the largest |x| or |y| of the disc's centre (1 - 0.25) and of the
/// square's (1 - 0.1875).
private let discLimit = 0.75
private let squareLimit = 0.8125

/// The 4-connected regions of non-zero pixels of `frame`, each as its total intensity (its
/// area in pixels, for a shape drawn at 1) and intensity-weighted centroid in frame
/// coordinates.
private func brightRegions(_ frame: Frame) -> [(area: Double, x: Double, y: Double)] {
  let (height, width) = (frame.height, frame.width)
  var seen = [Bool](repeating: false, count: height * width)
  var regions: [(area: Double, x: Double, y: Double)] = []
  for start in 0..<(height * width) where !seen[start] && frame.pixels[start] > 0 {
    var stack = [start]
    seen[start] = true
    var (sum, sx, sy) = (0.0, 0.0, 0.0)
    while let index = stack.popLast() {
      let (i, j) = (index / width, index % width)
      let w = Double(frame.pixels[index])
      sum += w
      sx += w * ((2 * Double(j) + 1) / Double(width) - 1)
      sy += w * (1 - (2 * Double(i) + 1) / Double(height))
      for (di, dj) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
        let (ni, nj) = (i + di, j + dj)
        guard ni >= 0, ni < height, nj >= 0, nj < width else { continue }
        let next = ni * width + nj
        if !seen[next] && frame.pixels[next] > 0 {
          seen[next] = true
          stack.append(next)
        }
      }
    }
    regions.append((sum, sx / sum, sy / sum))
  }
  return regions
}

@Suite struct BounceSceneTests {
  /// 200 sequences of 30 frames: every centre stays within its shape's limit (the shape
  /// inside the frame), and the shapes do reach the walls.
  @Test func shapesStayInsideTheFrame() throws {
    let truth = try Scene.bounce.generate(sequences: 200, size: 4, seed: 1).truth
    #expect(truth.columns == ["sequence", "frame", "x1", "y1", "x2", "y2", "speed"])
    let disc = try #require(truth.column("x1")) + #require(truth.column("y1"))
    let square = try #require(truth.column("x2")) + #require(truth.column("y2"))
    #expect(disc.count == 2 * 200 * 30)
    #expect(disc.allSatisfy { abs($0) <= discLimit })
    #expect(square.allSatisfy { abs($0) <= squareLimit })
    #expect(disc.map(abs).max()! > discLimit - 0.1 && square.map(abs).max()! > squareLimit - 0.1)
  }

  /// Between frames a shape covers speed x dt = 0.1 along a straight line: every step is
  /// that long or, bent by a bounce, shorter; two full steps in a row are the same vector
  /// (the direction changes only at a wall); and bounces do happen.
  @Test func speedIsConstantBetweenBounces() throws {
    let (sequences, frames) = (100, 30)
    let truth = try Scene.bounce.generate(sequences: sequences, size: 4, seed: 2).truth
    let step = 2 * Scene.defaultTimeStep
    var (full, bent) = (0, 0)
    for (xName, yName, limit) in [("x1", "y1", discLimit), ("x2", "y2", squareLimit)] {
      let (x, y) = (try #require(truth.column(xName)), try #require(truth.column(yName)))
      for s in 0..<sequences {
        let base = s * frames
        let moves = (0..<(frames - 1)).map { t in
          (x[base + t + 1] - x[base + t], y[base + t + 1] - y[base + t])
        }
        for (t, move) in moves.enumerated() {
          let length = (move.0 * move.0 + move.1 * move.1).squareRoot()
          #expect(length <= step + 1e-12, "sequence \(s) frame \(t): \(length)")
          if abs(length - step) < 1e-9 { full += 1 } else { bent += 1 }
          guard t > 0, abs(length - step) < 1e-9 else { continue }
          let previous = moves[t - 1]
          let previousLength = (previous.0 * previous.0 + previous.1 * previous.1).squareRoot()
          let atWall = max(abs(x[base + t]), abs(y[base + t])) >= limit
          guard abs(previousLength - step) < 1e-9, !atWall else { continue }
          #expect(abs(move.0 - previous.0) < 1e-12 && abs(move.1 - previous.1) < 1e-12)
        }
      }
    }
    #expect(bent > 100 && full > 10 * bent, "\(full) full steps, \(bent) bent")
  }

  /// Leaving a wall, the direction is uniform over the half-plane pointing into the frame:
  /// from the right wall, the angle from the inward normal (-1, 0) falls in each sixth of
  /// (-pi/2, pi/2) about equally often (1/6 +- 0.02 of 6000 draws), never outwards; from a
  /// corner, within the quarter-plane into both walls.
  @Test func bounceDirectionsCoverTheHalfPlane() {
    var generator = SeededGenerator(seed: 3)
    var counts = [Int](repeating: 0, count: 6)
    for _ in 0..<6000 {
      let (dx, dy) = BouncingShapes.bounceDirection(wallX: 1, wallY: 0, using: &generator)
      #expect(dx < 0 && abs(dx * dx + dy * dy - 1) < 1e-12)
      let offset = atan2(-dy, -dx)  // from the inward normal, in (-pi/2, pi/2)
      counts[min(5, Int((offset + Double.pi / 2) / (Double.pi / 6)))] += 1
    }
    for count in counts { #expect(abs(Double(count) / 6000 - 1.0 / 6) < 0.02, "\(counts)") }
    var corner = (dx: [Double](), dy: [Double]())
    for _ in 0..<1000 {
      let (dx, dy) = BouncingShapes.bounceDirection(wallX: -1, wallY: 1, using: &generator)
      corner.dx.append(dx)
      corner.dy.append(dy)
    }
    #expect(corner.dx.allSatisfy { $0 > 0 } && corner.dy.allSatisfy { $0 < 0 })
    #expect(corner.dx.max()! > 0.98 && corner.dy.min()! < -0.98)
  }

  /// The same start under two different random streams: the paths agree until the first
  /// bounce and part after it; across 50 streams the positions 10 frames after the first
  /// bounce are spread over the frame, the future genuinely random.
  @Test func pathsPartAfterTheFirstBounce() {
    let start = [
      BouncingShapes.Shape(x: 0.5, y: 0, dx: 1, dy: 0, limit: discLimit),
      BouncingShapes.Shape(x: 0, y: 0, dx: 0, dy: 1, limit: squareLimit),
    ]
    let motion = BouncingShapes(speed: 2, dt: 0.05)
    // The disc meets the right wall after 0.25 / 0.1 = 2.5 frames, the square the top after
    // 8.125 frames.
    let paths = (0..<50).map { seed in
      motion.path(from: start, frames: 15, generator: SeededGenerator(seed: UInt64(seed)))
    }
    for path in paths {
      for t in 0...2 { #expect(path[t] == paths[0][t], "frame \(t)") }
      #expect(abs(path[2][0] - 0.7) < 1e-12 && path[3][0] < 0.75)
      for t in 0...8 { #expect(path[t][2] == 0 && abs(path[t][3] - 0.1 * Double(t)) < 1e-12) }
    }
    #expect(paths[0][3] != paths[1][3])
    let later = paths.map { $0[13][1] }  // the disc's y, 10 frames after its bounce
    #expect(later.min()! < -0.4 && later.max()! > 0.4)
  }

  /// Each shape's brightness centroid is at its true centre within 0.05 pixel (0.021 seen), and
  /// its brightness is the shape's area (pi r^2 for the disc, the side squared for the
  /// square, within a pixel), at the default 64 x 64 and at 32 x 32, in every frame where
  /// the two are two pixels or more apart.
  @Test func centroidsGiveTheTruePositions() throws {
    for size in [64, 32] {
      let (video, truth) = try Scene.bounce.generate(
        sequences: 3, size: size == 64 ? nil : size, seed: 4)
      #expect(video.width == size && video.height == size && video.length == 30)
      let columns = try ["x1", "y1", "x2", "y2"].map { try #require(truth.column($0)) }
      let pixel = 2 / Double(size)
      let areas = [Double.pi * pow(0.25 / pixel, 2), pow(2 * 0.1875 / pixel, 2)]
      var (checked, worst) = (0, 0.0)
      for f in 0..<(3 * 30) {
        let (disc, square) = ((columns[0][f], columns[1][f]), (columns[2][f], columns[3][f]))
        let gap = max(abs(disc.0 - square.0), abs(disc.1 - square.1)) - 0.25 - 0.1875
        guard gap > 2 * pixel else { continue }
        let regions = brightRegions(video.concatenated.frame(f)).sorted { $0.area > $1.area }
        try #require(regions.count == 2, "frame \(f) of \(size)")
        for (region, (centre, area)) in zip(regions, zip([disc, square], areas)) {
          worst = max(worst, abs(region.x - centre.0) / pixel, abs(region.y - centre.1) / pixel)
          #expect(abs(region.area - area) < 1, "frame \(f) of \(size): \(region.area)")
        }
        checked += 1
      }
      #expect(checked > 30, "\(checked) frames of \(size) with the shapes apart")
      #expect(worst < 0.05, "worst centroid error \(worst) pixels at \(size)")
    }
  }

  /// Where the shapes overlap their light adds and is clipped at 1: the frame's total is
  /// less than the two shapes' areas, and no pixel exceeds 1.
  @Test func overlappingShapesAddAndClip() throws {
    let size = 32
    let parameters = try Scene.bounce.parameters()
    var pixels = [Float](repeating: 0, count: size * size)
    pixels.withUnsafeMutableBufferPointer { buffer in
      Scene.bounce.draw(
        state: [0, 0, 0.1, 0.1], parameters: parameters, on: Canvas(size: size, pixels: buffer))
    }
    let pixel = 2.0 / Double(size)
    let disc = Double.pi * pow(0.25 / pixel, 2)
    let square = pow(0.375 / pixel, 2)
    // Before the clamp the sum is the two areas; overlap pixels hold 2.
    #expect(abs(Double(pixels.reduce(0, +)) - (disc + square)) < 2)
    #expect(pixels.max() == 2)
    let clamped = pixels.map { min($0, 1) }
    #expect(Double(clamped.reduce(0, +)) < disc + square - 20)
  }

  @Test func seedsDefaultsAndMisuseAreHandled() throws {
    let a = try Scene.bounce.generate(sequences: 2, frames: 8, size: 16, seed: 5)
    #expect(a == (try Scene.bounce.generate(sequences: 2, frames: 8, size: 16, seed: 5)))
    #expect(
      a.video != (try Scene.bounce.generate(sequences: 2, frames: 8, size: 16, seed: 6)).video)
    #expect(Scene.bounce.motion == .randomBounces)
    #expect(Scene.bounce.defaultFrameSize == 64 && Scene.bounce.defaultSequenceLength == 30)
    #expect(Scene.pendulum.defaultFrameSize == 32)
    // Twice the speed, twice the step.
    let fast = try Scene.bounce.generate(
      sequences: 1, frames: 2, size: 4, seed: 5, parameters: ["speed": 4]
    ).truth
    let (x, y) = (try #require(fast.column("x1")), try #require(fast.column("y1")))
    #expect(abs(hypot(x[1] - x[0], y[1] - y[0]) - 0.2) < 1e-12)
    #expect(
      throws: SceneError.invalidArgument("parameter speed of the bounce must be positive, not 0.0")
    ) { try Scene.bounce.parameters(setting: ["speed": 0]) }
    do {
      _ = try Scene.bounce.generate(sequences: 1, frames: 2, size: 4, parameters: ["speed": 30])
      Issue.record("a bounce of 1.5 frame units a frame was generated")
    } catch {
      #expect(error.description.contains("more than 1 (half the frame)"))
    }
    do {
      _ = try Scene.bounce.render(initialStates: [[0, 0, 0, 0]])
      Issue.record("rendered a bounce from an initial state")
    } catch {
      #expect(error.description.contains("no initial state determines"))
    }
  }

  /// A bounce dataset written and read back: the same truth, 64 x 64 frames within the
  /// 8-bit rounding.
  @Test func datasetFolderRoundTrips() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let (video, truth) = try Scene.bounce.generate(sequences: 2, frames: 6, seed: 7)
    try SceneDataset.write(video: video, truth: truth, to: folder.path)
    let read = try SceneDataset.read(folder: folder.path)
    #expect(read.truth == truth)
    #expect(read.video.count == 2 && read.video.length == 6 && read.video.width == 64)
    #expect(zip(read.video.pixels, video.pixels).allSatisfy { abs($0 - $1) <= 0.5 / 255 + 1e-6 })
  }

  /// The camera style films the same paths: a sphere and a cube, with the flat truth.
  @Test func cameraStyleFilmsTheSamePaths() throws {
    let style = CameraStyle(width: 48, height: 32, background: .bricks, noise: 0, subframes: 4)
    let footage = try Scene.bounce.generateCamera(sequences: 2, frames: 4, seed: 8, style: style)
    let flat = try Scene.bounce.generate(sequences: 2, frames: 4, size: 8, seed: 8)
    #expect(footage.truth == flat.truth)
    #expect(footage.clip(1).frameCount == 4)
    #expect(footage.clip(0).frame(0) != footage.clip(0).frame(3))
  }
}
