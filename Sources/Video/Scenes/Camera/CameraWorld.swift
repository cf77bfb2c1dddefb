import Foundation

/// A linear RGB colour, each channel in [0, 1].
typealias RGB = SIMD3<Float>

/// The fixed surroundings and light of the camera style. The apparatus moves in the plane
/// z = 0 (the flat frame's square); behind it stands a wall at z = ``wallZ`` on a floor at
/// y = ``floorY``; one distant light shines from the upper left front.
enum CameraWorld {
  /// Height of the floor plane.
  static let floorY = -1.2
  /// Depth of the back wall plane.
  static let wallZ = -1.1
  /// Unit direction towards the light: from the left, above and in front, so that shadows
  /// fall a little to the right and down onto the wall behind, or onto the floor.
  static let light = Point3(-0.4, 0.5, 0.8).normalized
  /// Light reaching surfaces facing away from the light (sky and bounce light).
  static let ambient: Float = 0.35
  /// Weight of Lambert's law, max(0, n . light), on top of the ambient light.
  static let diffuse: Float = 0.65
  /// Fraction of the light a full shadow takes away.
  static let shadowStrength: Float = 0.55
  /// Angular radius of the light in radians: the penumbra of a shadow widens by this much
  /// per unit of distance between the object and the surface it falls on.
  static let lightAngularRadius = 0.05

  /// The lit colour of a matte surface of colour `albedo` with unit normal `normal`.
  static func lambert(_ albedo: RGB, normal: Point3) -> RGB {
    albedo * (ambient + diffuse * Float(max(0, normal.dot(light))))
  }

  /// Where the shadow of the apparatus-plane point `point` (z = 0) lands: the point's ray
  /// away from the light, to the wall, or to the floor when it meets the floor first.
  static func shadowLanding(of point: Point3) -> Point3 {
    let onWall = point - light * ((point.z - wallZ) / light.z)
    if onWall.y >= floorY { return onWall }
    return point - light * ((point.y - floorY) / light.y)
  }
}

/// A flat shape in the apparatus plane z = 0: what a moving part looks like to the light,
/// used to cast its shadow.
enum Silhouette {
  /// A disc (a sphere's cross-section).
  case disc(centre: SIMD2<Double>, radius: Double)
  /// A segment widened by `radius` on every side (a rod).
  case capsule(from: SIMD2<Double>, to: SIMD2<Double>, radius: Double)
  /// An axis-aligned rectangle (a block or a coil).
  case rectangle(centre: SIMD2<Double>, halfSize: SIMD2<Double>)

  /// Signed distance from `point` to the shape's edge, negative inside.
  func distance(to point: SIMD2<Double>) -> Double {
    switch self {
    case .disc(let centre, let radius):
      return ((point - centre) * (point - centre)).sum().squareRoot() - radius
    case .capsule(let a, let b, let radius):
      let axis = b - a
      let t = min(max(((point - a) * axis).sum() / max((axis * axis).sum(), 1e-12), 0), 1)
      let offset = point - a - axis * t
      return (offset * offset).sum().squareRoot() - radius
    case .rectangle(let centre, let halfSize):
      let offset = point - centre
      let q = SIMD2(abs(offset.x), abs(offset.y)) - halfSize
      let outside = SIMD2(max(q.x, 0), max(q.y, 0))
      return (outside * outside).sum().squareRoot() + min(max(q.x, q.y), 0)
    }
  }

  /// The shape's bounding rectangle (lower-left and upper-right corners).
  var bounds: (low: SIMD2<Double>, high: SIMD2<Double>) {
    switch self {
    case .disc(let centre, let radius):
      return (centre - radius, centre + radius)
    case .capsule(let a, let b, let radius):
      return (pointwiseMin(a, b) - radius, pointwiseMax(a, b) + radius)
    case .rectangle(let centre, let halfSize):
      return (centre - halfSize, centre + halfSize)
    }
  }
}

/// One solid of the apparatus, in world coordinates.
enum CameraPart {
  /// A shiny sphere (the bob, the ball).
  case sphere(centre: Point3, radius: Double, colour: RGB)
  /// A cylinder with rounded ends (a rod, a wire, an axle).
  case rod(from: Point3, to: Point3, radius: Double, colour: RGB)
  /// A matte axis-aligned box (a block, a stand, a bracket).
  case box(centre: Point3, halfSize: Point3, colour: RGB)
  /// Light added around a point, a Gaussian of standard deviation `sigma` (a star).
  case glow(centre: Point3, sigma: Double, colour: RGB)

  /// World points whose projections bound the part's pixels: the corners of its bounding box.
  var extent: [Point3] {
    let (low, high): (Point3, Point3)
    switch self {
    case .sphere(let centre, let radius, _): (low, high) = (centre - radius, centre + radius)
    case .rod(let a, let b, let radius, _):
      (low, high) = (pointwiseMin(a, b) - radius, pointwiseMax(a, b) + radius)
    case .box(let centre, let halfSize, _): (low, high) = (centre - halfSize, centre + halfSize)
    case .glow(let centre, let sigma, _): (low, high) = (centre - 4 * sigma, centre + 4 * sigma)
    }
    return (0..<8).map { corner in
      Point3(
        corner & 1 == 0 ? low.x : high.x, corner & 2 == 0 ? low.y : high.y,
        corner & 4 == 0 ? low.z : high.z)
    }
  }
}
