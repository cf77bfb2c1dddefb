import Foundation

/// What the camera sees of a scene at one instant: the moving solids, drawn in order, and
/// their silhouettes in the apparatus plane, which cast their shadows.
struct CameraApparatus {
  var parts: [CameraPart]
  var silhouettes: [Silhouette]
}

extension Scene {
  /// Where the camera stands and what it looks at: slightly above and to the right of the
  /// apparatus, aimed right of and below its middle so that the apparatus (the flat frame's
  /// square, about half the frame's height) sits off centre. The pulsar's telescope looks
  /// nearly straight at the star, also off centre.
  var cameraPose: (position: Point3, target: Point3) {
    self == .pulsar
      ? (Point3(0.4, 0.3, 4.2), Point3(0.65, 0.4, 0))
      : (Point3(1.3, 0.75, 4.6), Point3(0.45, -0.15, 0))
  }

  /// Vertical field of view of the camera, in radians (40 degrees).
  static let cameraFieldOfView = 40 * Double.pi / 180

  /// The solids that never move (stands, brackets), drawn once into the background.
  var cameraStaticParts: [CameraPart] {
    let metal = RGB(0.32, 0.33, 0.36)
    let floor = CameraWorld.floorY
    switch self {
    case .pendulum:
      // A post behind the pivot on a heavy base, with an arm reaching forward to the axle.
      let pivot = SceneLayout.pendulumPivot
      let (postZ, armY) = (-0.45, pivot.y + 0.05)
      return [
        .box(
          centre: Point3(0, floor + 0.03, postZ), halfSize: Point3(0.32, 0.03, 0.22),
          colour: RGB(0.18, 0.18, 0.2)),
        .box(
          centre: Point3(0, (floor + armY) / 2, postZ),
          halfSize: Point3(0.04, (armY + 0.03 - floor) / 2, 0.04), colour: metal),
        .box(
          centre: Point3(0, armY, (postZ + 0.06) / 2),
          halfSize: Point3(0.03, 0.03, (0.06 - postZ) / 2),
          colour: metal),
        .rod(
          from: Point3(pivot.x, pivot.y, -0.06), to: Point3(pivot.x, pivot.y, 0.07), radius: 0.022,
          colour: RGB(0.6, 0.6, 0.62)),
      ]
    case .spring:
      // A shelf fixed to the wall, holding the spring's hook.
      let ceiling = SceneLayout.springCeiling
      return [
        .box(
          centre: Point3(0, ceiling + 0.04, (CameraWorld.wallZ + 0.2) / 2),
          halfSize: Point3(0.38, 0.04, (0.2 - CameraWorld.wallZ) / 2), colour: metal),
        .sphere(centre: Point3(0, ceiling - 0.01, 0), radius: 0.025, colour: RGB(0.6, 0.6, 0.62)),
      ]
    case .falling, .pulsar, .gpball, .bounce:
      return []
    }
  }

  /// The moving solids for `state`, placed where the flat style draws them
  /// (``objectPositions(state:)``, in the plane z = 0). The bounce's shapes are a sphere and
  /// a cube of the flat disc's radius and square's side, passing in front of each other
  /// (the cube drawn last, as if nearer).
  func cameraApparatus(state: [Double], parameters: SceneParameters) -> CameraApparatus {
    let position = objectPosition(state: state)
    let centre = Point3(position.x, position.y, 0)
    let flatCentre = SIMD2(position.x, position.y)
    switch self {
    case .pendulum:
      let pivot = Point3(SceneLayout.pendulumPivot.x, SceneLayout.pendulumPivot.y, 0)
      let radius = SceneLayout.pendulumBobRadius
      return CameraApparatus(
        parts: [
          .rod(from: pivot, to: centre, radius: 0.014, colour: RGB(0.78, 0.78, 0.8)),
          .sphere(centre: centre, radius: radius, colour: RGB(0.2, 0.72, 0.3)),
        ],
        silhouettes: [
          .capsule(from: SIMD2(pivot.x, pivot.y), to: flatCentre, radius: 0.014),
          .disc(centre: flatCentre, radius: radius),
        ])
    case .spring:
      let half = SceneLayout.springBlockHalfSize
      let (top, bottom) = (SceneLayout.springCeiling, position.y + half)
      let coilRadius = 0.075
      return CameraApparatus(
        parts: Scene.coil(from: top, to: bottom, radius: coilRadius)
          + [
            .box(centre: centre, halfSize: Point3(half, half, half), colour: RGB(0.15, 0.36, 0.78))
          ],
        silhouettes: [
          .rectangle(
            centre: SIMD2(0, (top + bottom) / 2), halfSize: SIMD2(coilRadius, abs(top - bottom) / 2)
          ),
          .rectangle(centre: flatCentre, halfSize: SIMD2(half, half)),
        ])
    case .falling, .gpball:
      let (radius, colour) =
        self == .falling
        ? (SceneLayout.fallingBallRadius, RGB(0.95, 0.52, 0.08))
        : (SceneLayout.gpballRadius, RGB(0.92, 0.92, 0.9))
      return CameraApparatus(
        parts: [.sphere(centre: centre, radius: radius, colour: colour)],
        silhouettes: [.disc(centre: flatCentre, radius: radius)])
    case .bounce:
      let square = objectPositions(state: state)[1]
      let (radius, half) = (SceneLayout.bounceDiscRadius, SceneLayout.bounceSquareHalfSide)
      return CameraApparatus(
        parts: [
          .sphere(centre: centre, radius: radius, colour: RGB(0.92, 0.92, 0.9)),
          .box(
            centre: Point3(square.x, square.y, 0), halfSize: Point3(half, half, half),
            colour: RGB(0.85, 0.3, 0.25)),
        ],
        silhouettes: [
          .disc(centre: flatCentre, radius: radius),
          .rectangle(centre: SIMD2(square.x, square.y), halfSize: SIMD2(half, half)),
        ])
    case .pulsar:
      // The flat star's peak, 0.85 b(phase), as a broad halo and a bright core.
      let brightness = Float(
        SceneLayout.starPeak
          * Scene.pulseProfile(phase: atan2(state[1], state[0]), parameters: parameters))
      return CameraApparatus(
        parts: [
          .glow(
            centre: centre, sigma: SceneLayout.starSigma, colour: RGB(0.75, 0.85, 1) * brightness),
          .glow(
            centre: centre, sigma: SceneLayout.starSigma / 3,
            colour: RGB(0.5, 0.5, 0.45) * brightness),
        ],
        silhouettes: [])
    }
  }

  /// A helical spring of 9 turns hanging from height `top` to `bottom` around the vertical
  /// axis x = z = 0, as straight wire pieces (12 per turn), the far half of each turn drawn
  /// before the near half.
  private static func coil(from top: Double, to bottom: Double, radius: Double) -> [CameraPart] {
    let (turns, piecesPerTurn) = (9, 12)
    let count = turns * piecesPerTurn
    let points = (0...count).map { k in
      let fraction = Double(k) / Double(count)
      let angle = 2 * Double.pi * Double(turns) * fraction
      return Point3(radius * cos(angle), top + (bottom - top) * fraction, radius * sin(angle))
    }
    let pieces = (0..<count).map { k in
      CameraPart.rod(
        from: points[k], to: points[k + 1], radius: 0.011, colour: RGB(0.72, 0.72, 0.74))
    }
    return pieces.enumerated().sorted { a, b in
      (points[a.offset].z + points[a.offset + 1].z) < (points[b.offset].z + points[b.offset + 1].z)
    }.map(\.element)
  }
}
