import Foundation
import VidlatSupport

/// Geometry of the scenes in the canvas's world square [-1, 1]^2 (y up).
enum SceneLayout {
  static let pendulumPivot = (x: 0.0, y: 0.55)
  static let pendulumLength = 0.75
  static let pendulumBobRadius = 0.14
  /// World units of the spring's state per canvas unit: the frame spans [-1.2, 1.2].
  static let springHalfSpan = 1.2
  static let springCeiling = 0.9
  static let springBlockHalfSize = 0.14
  /// The falling scene's frame spans [-8, 8] m.
  static let fallingHalfSpan = 8.0
  static let fallingBallRadius = 0.12
  /// The gpball's radius, 3 pixels of 32 (Pearce's r = 3), in world units at any size.
  static let gpballRadius = 2 * 3.0 / 32
  /// World units per gpball unit: the frame's [-1, 1] spans [-2.5, 2.5] (size / 5 pixels a
  /// unit, as in Pearce's data).
  static let gpballScale = 0.4
  /// The largest |x| or |y| of a gpball path, in its units: the ball's edge then touches the
  /// frame's, (1 - radius) / scale = 2.03.
  static let gpballLimit = (1 - gpballRadius) / gpballScale
  /// The bounce's disc radius, 8 pixels at 64 x 64.
  static let bounceDiscRadius = 0.25
  /// Half the side of the bounce's square, 6 pixels at 64 x 64.
  static let bounceSquareHalfSide = 0.1875
  /// The bounce's shapes' half extents (centre to edge along x and y), disc then square.
  static let bounceHalfExtents = [bounceDiscRadius, bounceSquareHalfSide]
  static let starSigma = 0.12
  static let starPeak = 0.85
  /// Intensity of supporting structure (rod, spring, ceiling), below the moving object's 1.
  static let structure: Float = 0.5
}

extension Scene {
  /// Where the moving object (bob, block, ball, star) is drawn for `state`, in frame
  /// coordinates: [-1, 1] from the left edge to the right and from the bottom to the top.
  /// The pendulum's pivot is at (0, 0.55) and its rod 0.75 long; the spring's position x
  /// and the falling height y are drawn at x / 1.2 and y / 8; the gpball's (x, y) at
  /// (0.4 x, 0.4 y). The bounce has two moving shapes: this is its disc's centre (x1, y1),
  /// ``objectPositions(state:)`` gives both.
  public func objectPosition(state: [Double]) -> (x: Double, y: Double) {
    switch self {
    case .pendulum:
      let pivot = SceneLayout.pendulumPivot
      let length = SceneLayout.pendulumLength
      return (pivot.x + length * sin(state[0]), pivot.y - length * cos(state[0]))
    case .spring: return (0, state[0] / SceneLayout.springHalfSpan)
    case .falling: return (0, state[0] / SceneLayout.fallingHalfSpan)
    case .pulsar: return (0, 0)
    case .gpball: return (SceneLayout.gpballScale * state[0], SceneLayout.gpballScale * state[1])
    case .bounce: return (state[0], state[1])
    }
  }

  /// Where every moving object is drawn for `state`, in frame coordinates: the bounce's disc
  /// (x1, y1) and square (x2, y2), for the other scenes the one ``objectPosition(state:)``.
  public func objectPositions(state: [Double]) -> [(x: Double, y: Double)] {
    self == .bounce ? [(state[0], state[1]), (state[2], state[3])] : [objectPosition(state: state)]
  }

  /// Draws the noise-free frame for `state` onto `canvas`, which holds the background.
  func draw(state: [Double], parameters: SceneParameters, on canvas: Canvas) {
    let centre = objectPosition(state: state)
    switch self {
    case .pendulum:
      let pivot = SceneLayout.pendulumPivot
      canvas.segment(from: pivot, to: centre, halfWidth: 0.03, intensity: SceneLayout.structure)
      canvas.disc(centre: pivot, radius: 0.05, intensity: SceneLayout.structure)
      canvas.disc(centre: centre, radius: SceneLayout.pendulumBobRadius, intensity: 1)
    case .spring:
      let ceiling = SceneLayout.springCeiling
      let half = SceneLayout.springBlockHalfSize
      canvas.box(
        centre: (0, ceiling + 0.04), halfWidth: 0.4, halfHeight: 0.03,
        intensity: SceneLayout.structure)
      // A zigzag of `turns` teeth from the ceiling to the top of the block.
      let top = centre.y + half
      let turns = 8
      var previous = (x: 0.0, y: ceiling)
      for k in 1...turns {
        let y = ceiling + (top - ceiling) * Double(k) / Double(turns)
        let x = k == turns ? 0 : (k % 2 == 1 ? 0.12 : -0.12)
        canvas.segment(
          from: previous, to: (x, y), halfWidth: 0.022, intensity: SceneLayout.structure)
        previous = (x, y)
      }
      canvas.box(centre: centre, halfWidth: half, halfHeight: half, intensity: 1)
    case .falling:
      canvas.disc(centre: centre, radius: SceneLayout.fallingBallRadius, intensity: 1)
    case .gpball:
      canvas.disc(centre: centre, radius: SceneLayout.gpballRadius, intensity: 1)
    case .bounce:
      // Added, not painted over: where the shapes overlap the frame saturates at 1 when it is
      // clamped, as Moving MNIST's digits do.
      let square = objectPositions(state: state)[1]
      canvas.disc(
        centre: centre, radius: SceneLayout.bounceDiscRadius, intensity: 1, blending: .add)
      canvas.box(
        centre: square, halfWidth: SceneLayout.bounceSquareHalfSide,
        halfHeight: SceneLayout.bounceSquareHalfSide, intensity: 1, blending: .add)
    case .pulsar:
      let brightness = Scene.pulseProfile(phase: atan2(state[1], state[0]), parameters: parameters)
      canvas.addGaussian(
        centre: centre, sigma: SceneLayout.starSigma, peak: SceneLayout.starPeak * brightness)
    }
  }

  /// The static background of every frame: black, or for the pulsar a faint nebula of a few
  /// broad Gaussian clouds placed by `generator`.
  func background(size: Int, using generator: inout SeededGenerator) -> [Float] {
    var pixels = [Float](repeating: 0, count: size * size)
    guard self == .pulsar else { return pixels }
    pixels.withUnsafeMutableBufferPointer { buffer in
      let canvas = Canvas(size: size, pixels: buffer)
      for _ in 0..<5 {
        let centre = (x: generator.nextUniform(-0.8, 0.8), y: generator.nextUniform(-0.8, 0.8))
        canvas.addGaussian(
          centre: centre, sigma: generator.nextUniform(0.2, 0.45),
          peak: generator.nextUniform(0.03, 0.08))
      }
    }
    return pixels
  }
}
