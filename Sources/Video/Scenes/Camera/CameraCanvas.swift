import Foundation

/// An RGB frame buffer (`width x height x 3`, row-major, channels side by side) seen through
/// a pinhole camera, on which the camera style draws solids in perspective. Drawing touches
/// only the pixels of `clip`.
///
/// Every solid is anti-aliased by the same rule as the flat ``Canvas``: with d the signed
/// distance in pixels from a pixel centre to the solid's outline (negative inside), the
/// coverage is clamp(1/2 - d, 0, 1) and the pixel moves that fraction of the way to the
/// solid's colour.
struct CameraCanvas {
  let camera: PinholeCamera
  let pixels: UnsafeMutablePointer<Float>
  let clip: PixelRect

  /// Draws `part`, lit by ``CameraWorld/light``.
  func draw(_ part: CameraPart) {
    switch part {
    case .sphere(let centre, let radius, let colour):
      sphere(centre: centre, radius: radius, colour: colour)
    case .rod(let a, let b, let radius, let colour):
      rod(from: a, to: b, radius: radius, colour: colour)
    case .box(let centre, let halfSize, let colour):
      box(centre: centre, halfSize: halfSize, colour: colour)
    case .glow(let centre, let sigma, let colour):
      glow(centre: centre, sigma: sigma, colour: colour)
    }
  }

  private func bounds(of part: CameraPart) -> PixelRect {
    camera.pixelBounds(of: part.extent, margin: 1).intersection(clip)
  }

  @inline(__always) private func paint(_ i: Int, _ j: Int, _ colour: RGB, coverage: Double) {
    guard coverage > 0 else { return }
    let index = (i * camera.width + j) * 3
    let weight = Float(min(coverage, 1))
    for c in 0..<3 { pixels[index + c] += (colour[c] - pixels[index + c]) * weight }
  }

  /// A sphere, ray-cast per pixel: the ray through the pixel centre passes the centre at
  /// distance d; where it hits, the normal n gives Lambert shading plus a Phong highlight
  /// 0.35 max(0, n . h)^40 (h halfway between the light and the eye). The part below the
  /// floor is hidden by it.
  private func sphere(centre: Point3, radius: Double, colour: RGB) {
    let rect = bounds(of: .sphere(centre: centre, radius: radius, colour: colour))
    let toCentre = centre - camera.position
    for i in rect.rows {
      for j in rect.columns {
        let ray = camera.ray(u: Double(j) + 0.5, v: Double(i) + 0.5)
        let along = toCentre.dot(ray)
        guard along > 0 else { continue }
        let miss = (toCentre.dot(toCentre) - along * along).squareRoot()
        let coverage = 0.5 - (miss - radius) * camera.focalLength / along
        guard coverage > 0 else { continue }
        let entry = along - max(radius * radius - miss * miss, 0).squareRoot()
        let hit = camera.position + ray * entry
        guard hit.y > CameraWorld.floorY else { continue }
        let normal = (hit - centre).normalized
        let halfway = (CameraWorld.light - ray).normalized
        let highlight = Float(0.35 * pow(max(0, normal.dot(halfway)), 40))
        paint(i, j, CameraWorld.lambert(colour, normal: normal) + highlight, coverage: coverage)
      }
    }
  }

  /// A rod drawn in the image: its axis projects to a segment AB and its radius to
  /// r = f radius / depth pixels. A pixel at signed offset s r across the axis sees the
  /// cylinder's normal s e + sqrt(1 - s^2) w, with w the direction to the eye square to the
  /// axis and e square to both, shaded by Lambert plus a faint highlight.
  private func rod(from a: Point3, to b: Point3, radius: Double, colour: RGB) {
    let rect = bounds(of: .rod(from: a, to: b, radius: radius, colour: colour))
    let (pa, pb) = (camera.project(a), camera.project(b))
    guard pa.depth > 0, pb.depth > 0 else { return }
    let pixelRadius = camera.focalLength * radius / ((pa.depth + pb.depth) / 2)
    let axis2 = SIMD2(pb.u - pa.u, pb.v - pa.v)
    let length2 = max((axis2 * axis2).sum(), 1e-12)
    let across2 = length2 > 1e-9 ? SIMD2(-axis2.y, axis2.x) / length2.squareRoot() : SIMD2(1, 0)
    let axis = (b - a).length > 1e-12 ? (b - a).normalized : Point3(0, 1, 0)
    let toEye = camera.position - (a + b) / 2
    let facing = (toEye - axis * toEye.dot(axis)).normalized
    var side = axis.cross(facing).normalized
    if side.dot(camera.right * across2.x - camera.up * across2.y) < 0 { side = -side }
    let halfway = (CameraWorld.light + toEye.normalized).normalized
    for i in rect.rows {
      for j in rect.columns {
        let p = SIMD2(Double(j) + 0.5 - pa.u, Double(i) + 0.5 - pa.v)
        let t = min(max((p * axis2).sum() / length2, 0), 1)
        let offset = p - axis2 * t
        let distance = (offset * offset).sum().squareRoot()
        let coverage = 0.5 - (distance - pixelRadius)
        guard coverage > 0 else { continue }
        let s = min(max((offset * across2).sum() / max(pixelRadius, 0.5), -1), 1)
        let normal = side * s + facing * (1 - s * s).squareRoot()
        let highlight = Float(0.2 * pow(max(0, normal.dot(halfway)), 20))
        paint(i, j, CameraWorld.lambert(colour, normal: normal) + highlight, coverage: coverage)
      }
    }
  }

  /// A box: each face turned towards the eye projects to a convex quadrilateral, flat-shaded
  /// by Lambert's law. A pixel takes the face whose outline is nearest inside (faces share
  /// edges, so they meet without seams) and the coverage of the box's outline.
  private func box(centre: Point3, halfSize: Point3, colour: RGB) {
    let rect = bounds(of: .box(centre: centre, halfSize: halfSize, colour: colour))
    var faces: [(edges: [(origin: SIMD2<Double>, outward: SIMD2<Double>)], colour: RGB)] = []
    for axis in 0..<3 {
      for sign in [-1.0, 1.0] {
        var normal = Point3.zero
        normal[axis] = sign
        let faceCentre = centre + normal * halfSize
        guard normal.dot(camera.position - faceCentre) > 0 else { continue }
        let (b, c) = ((axis + 1) % 3, (axis + 2) % 3)
        let corners = [(1.0, 1.0), (1.0, -1.0), (-1.0, -1.0), (-1.0, 1.0)].map { sb, sc in
          var corner = faceCentre
          corner[b] += sb * halfSize[b]
          corner[c] += sc * halfSize[c]
          let p = camera.project(corner)
          return SIMD2(p.u, p.v)
        }
        let turn = (0..<4).reduce(0.0) { sum, k in
          let (p, q) = (corners[k], corners[(k + 1) % 4])
          return sum + p.x * q.y - p.y * q.x
        }
        let edges = (0..<4).map { k in
          let direction = corners[(k + 1) % 4] - corners[k]
          let outward = SIMD2(direction.y, -direction.x) * (turn > 0 ? 1 : -1)
          return (corners[k], outward / max((outward * outward).sum().squareRoot(), 1e-12))
        }
        faces.append((edges, CameraWorld.lambert(colour, normal: normal)))
      }
    }
    for i in rect.rows {
      for j in rect.columns {
        let p = SIMD2(Double(j) + 0.5, Double(i) + 0.5)
        var nearest = (distance: Double.infinity, colour: colour)
        for face in faces {
          var distance = -Double.infinity
          for edge in face.edges {
            distance = max(distance, ((p - edge.origin) * edge.outward).sum())
          }
          if distance < nearest.distance { nearest = (distance, face.colour) }
        }
        paint(i, j, nearest.colour, coverage: 0.5 - nearest.distance)
      }
    }
  }

  /// Adds colour x exp(-r^2 / (2 sigma^2)) around the projection of `centre` (sigma projected
  /// to pixels), cut at 4 sigma.
  private func glow(centre: Point3, sigma: Double, colour: RGB) {
    let rect = bounds(of: .glow(centre: centre, sigma: sigma, colour: colour))
    let p = camera.project(centre)
    guard p.depth > 0 else { return }
    let pixelSigma = camera.focalLength * sigma / p.depth
    let scale = -1 / (2 * pixelSigma * pixelSigma)
    for i in rect.rows {
      let dv = Double(i) + 0.5 - p.v
      for j in rect.columns {
        let du = Double(j) + 0.5 - p.u
        let weight = Float(exp(scale * (du * du + dv * dv)))
        let index = (i * camera.width + j) * 3
        for c in 0..<3 { pixels[index + c] += colour[c] * weight }
      }
    }
  }
}
