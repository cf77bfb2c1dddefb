import Foundation

/// A square grayscale canvas over the world square [-1, 1] x [-1, 1] (x to the right, y up),
/// drawn with anti-aliased shapes.
///
/// Coverage is analytic from the signed distance d of a pixel centre to the shape's edge
/// (negative inside): coverage = clamp(1/2 - d / pixel, 0, 1), the exact area fraction for
/// a straight edge parallel to a pixel side and a close approximation for curved or slanted
/// edges. Each shape visits only the pixel rows and columns of its bounding box.
struct Canvas {
  let size: Int
  let pixels: UnsafeMutableBufferPointer<Float>

  /// How a shape's intensity joins what the pixel holds, at coverage a.
  enum Blending {
    /// p + (intensity - p) a: the shape drawn over what is there (opaque where it covers).
    case over
    /// p + intensity a: light added (overlapping shapes sum; the frame is clamped later).
    case add
  }

  /// Width of one pixel in world units.
  var pixelSize: Double { 2 / Double(size) }

  /// World x of the centre of column `j`.
  func worldX(_ j: Int) -> Double { (2 * Double(j) + 1) / Double(size) - 1 }
  /// World y of the centre of row `i`.
  func worldY(_ i: Int) -> Double { 1 - (2 * Double(i) + 1) / Double(size) }

  /// Columns whose centres may lie within [low, high] in world x, clipped to the canvas.
  func columns(_ low: Double, _ high: Double) -> Range<Int> {
    clip(
      Int(((low + 1) * Double(size) / 2).rounded(.down)) - 1,
      Int(((high + 1) * Double(size) / 2).rounded(.up)) + 1)
  }
  /// Rows whose centres may lie within [low, high] in world y, clipped to the canvas.
  func rows(_ low: Double, _ high: Double) -> Range<Int> {
    clip(
      Int(((1 - high) * Double(size) / 2).rounded(.down)) - 1,
      Int(((1 - low) * Double(size) / 2).rounded(.up)) + 1)
  }

  private func clip(_ low: Int, _ high: Int) -> Range<Int> {
    let lower = max(0, low)
    return lower..<max(lower, min(size, high))
  }

  /// Blends `intensity` into pixel (i, j) with weight `coverage` given the signed distance.
  @inline(__always) private func paint(
    _ i: Int, _ j: Int, distance: Double, intensity: Float, blending: Blending = .over
  ) {
    let coverage = Float(min(max(0.5 - distance / pixelSize, 0), 1))
    if coverage > 0 {
      let index = i * size + j
      switch blending {
      case .over: pixels[index] += (intensity - pixels[index]) * coverage
      case .add: pixels[index] += intensity * coverage
      }
    }
  }

  /// A filled disc.
  func disc(
    centre: (x: Double, y: Double), radius: Double, intensity: Float, blending: Blending = .over
  ) {
    let margin = radius + pixelSize
    for i in rows(centre.y - margin, centre.y + margin) {
      let dy = worldY(i) - centre.y
      for j in columns(centre.x - margin, centre.x + margin) {
        let dx = worldX(j) - centre.x
        paint(
          i, j, distance: (dx * dx + dy * dy).squareRoot() - radius, intensity: intensity,
          blending: blending)
      }
    }
  }

  /// A line segment from `a` to `b` with round caps, `halfWidth` either side.
  func segment(
    from a: (x: Double, y: Double), to b: (x: Double, y: Double), halfWidth: Double,
    intensity: Float
  ) {
    let margin = halfWidth + pixelSize
    let ex = b.x - a.x
    let ey = b.y - a.y
    let lengthSquared = max(ex * ex + ey * ey, 1e-12)
    for i in rows(min(a.y, b.y) - margin, max(a.y, b.y) + margin) {
      let py = worldY(i) - a.y
      for j in columns(min(a.x, b.x) - margin, max(a.x, b.x) + margin) {
        let px = worldX(j) - a.x
        let t = min(max((px * ex + py * ey) / lengthSquared, 0), 1)
        let dx = px - t * ex
        let dy = py - t * ey
        paint(i, j, distance: (dx * dx + dy * dy).squareRoot() - halfWidth, intensity: intensity)
      }
    }
  }

  /// An axis-aligned filled rectangle.
  func box(
    centre: (x: Double, y: Double), halfWidth: Double, halfHeight: Double, intensity: Float,
    blending: Blending = .over
  ) {
    let margin = pixelSize
    for i in rows(centre.y - halfHeight - margin, centre.y + halfHeight + margin) {
      let qy = abs(worldY(i) - centre.y) - halfHeight
      for j in columns(centre.x - halfWidth - margin, centre.x + halfWidth + margin) {
        let qx = abs(worldX(j) - centre.x) - halfWidth
        let outside = (max(qx, 0) * max(qx, 0) + max(qy, 0) * max(qy, 0)).squareRoot()
        paint(
          i, j, distance: outside + min(max(qx, qy), 0), intensity: intensity, blending: blending)
      }
    }
  }

  /// Adds `peak * exp(-r^2 / (2 sigma^2))` (cut at 4 sigma), e.g. a star or a nebula cloud.
  func addGaussian(centre: (x: Double, y: Double), sigma: Double, peak: Double) {
    let reach = 4 * sigma
    let scale = -1 / (2 * sigma * sigma)
    for i in rows(centre.y - reach, centre.y + reach) {
      let dy = worldY(i) - centre.y
      for j in columns(centre.x - reach, centre.x + reach) {
        let dx = worldX(j) - centre.x
        pixels[i * size + j] += Float(peak * exp(scale * (dx * dx + dy * dy)))
      }
    }
  }
}
