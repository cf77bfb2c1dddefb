import Foundation

/// A point or direction in the camera style's world: x to the right, y up, z towards the
/// viewer, in the flat scenes' frame units (the flat frame's [-1, 1] square is the apparatus
/// plane z = 0).
typealias Point3 = SIMD3<Double>

extension SIMD3 where Scalar == Double {
  /// The dot product.
  func dot(_ other: Self) -> Double { (self * other).sum() }
  /// The cross product.
  func cross(_ other: Self) -> Self {
    Self(y * other.z - z * other.y, z * other.x - x * other.z, x * other.y - y * other.x)
  }
  /// The Euclidean length.
  var length: Double { dot(self).squareRoot() }
  /// The vector scaled to length 1.
  var normalized: Self { self / length }
}

/// A pinhole camera: the eye at `position` looking at `target` with the world's y axis up,
/// `verticalFieldOfView` radians between the top and bottom edges of a `width x height` frame.
///
/// A world point X with camera coordinates (a, b, c) = ((X - eye) . right, (X - eye) . up,
/// (X - eye) . forward) is seen at pixel u = width / 2 + f a / c, v = height / 2 - f b / c
/// (u to the right, v down, pixel (i, j) centred at (j + 1/2, i + 1/2)), with the focal
/// length f = (height / 2) / tan(fov / 2) in pixels.
struct PinholeCamera {
  let position: Point3
  let width: Int
  let height: Int
  let forward: Point3
  let right: Point3
  let up: Point3
  /// Focal length in pixels.
  let focalLength: Double

  init(position: Point3, target: Point3, verticalFieldOfView: Double, width: Int, height: Int) {
    self.position = position
    self.width = width
    self.height = height
    forward = (target - position).normalized
    right = forward.cross(Point3(0, 1, 0)).normalized
    up = right.cross(forward)
    focalLength = Double(height) / 2 / tan(verticalFieldOfView / 2)
  }

  /// The pixel position (u, v) of `point` and its depth along the view axis.
  func project(_ point: Point3) -> (u: Double, v: Double, depth: Double) {
    let d = point - position
    let depth = d.dot(forward)
    return (
      Double(width) / 2 + focalLength * d.dot(right) / depth,
      Double(height) / 2 - focalLength * d.dot(up) / depth, depth
    )
  }

  /// The unit direction of the ray from the eye through pixel position (u, v).
  func ray(u: Double, v: Double) -> Point3 {
    (forward * focalLength + right * (u - Double(width) / 2) - up * (v - Double(height) / 2))
      .normalized
  }

  /// The pixel rectangle (rows, columns) covering the projections of `points` widened by
  /// `margin` pixels, clipped to the frame; empty when it misses the frame or a point is
  /// behind the eye.
  func pixelBounds(of points: [Point3], margin: Double) -> PixelRect {
    var (left, right, top, bottom) = (
      Double.infinity, -Double.infinity, Double.infinity, -Double.infinity
    )
    for point in points {
      let p = project(point)
      guard p.depth > 0 else { return .empty }
      (left, right) = (min(left, p.u), max(right, p.u))
      (top, bottom) = (min(top, p.v), max(bottom, p.v))
    }
    return PixelRect(
      rows: Int((top - margin).rounded(.down))..<Int((bottom + margin).rounded(.up)),
      columns: Int((left - margin).rounded(.down))..<Int((right + margin).rounded(.up))
    ).clipped(width: width, height: height)
  }
}

/// A rectangle of pixel rows and columns.
struct PixelRect: Equatable {
  var rows: Range<Int>
  var columns: Range<Int>

  static let empty = PixelRect(rows: 0..<0, columns: 0..<0)

  var isEmpty: Bool { rows.isEmpty || columns.isEmpty }

  /// The rectangle inside a `width x height` frame.
  func clipped(width: Int, height: Int) -> PixelRect {
    func clip(_ range: Range<Int>, _ limit: Int) -> Range<Int> {
      let lower = min(max(range.lowerBound, 0), limit)
      return lower..<max(lower, min(range.upperBound, limit))
    }
    return PixelRect(rows: clip(rows, height), columns: clip(columns, width))
  }

  /// The pixels in both.
  func intersection(_ other: PixelRect) -> PixelRect {
    let (top, left) = (
      max(rows.lowerBound, other.rows.lowerBound), max(columns.lowerBound, other.columns.lowerBound)
    )
    let (bottom, right) = (
      min(rows.upperBound, other.rows.upperBound), min(columns.upperBound, other.columns.upperBound)
    )
    return PixelRect(rows: top..<max(top, bottom), columns: left..<max(left, right))
  }

  /// The smallest rectangle holding both.
  func union(_ other: PixelRect) -> PixelRect {
    if isEmpty { return other }
    if other.isEmpty { return self }
    let top = min(rows.lowerBound, other.rows.lowerBound)
    let left = min(columns.lowerBound, other.columns.lowerBound)
    return PixelRect(
      rows: top..<max(rows.upperBound, other.rows.upperBound),
      columns: left..<max(columns.upperBound, other.columns.upperBound))
  }
}
