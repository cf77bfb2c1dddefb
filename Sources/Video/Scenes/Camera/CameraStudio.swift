import Foundation
import VidlatSupport

/// What stays the same in every frame of a scene's camera footage, computed once: the camera,
/// the lit background with the static solids, the vignette, and for each background pixel
/// where shadows of the apparatus land on it.
struct CameraStudio {
  let camera: PinholeCamera
  /// The lit background, `height x width x 3`, before vignetting.
  let background: [Float]
  /// The background with the vignette applied: the start of every frame.
  let vignettedBackground: [Float]
  /// The vignette's gain per pixel: 1 - 0.3 r^2, r the distance from the frame's centre
  /// over half its diagonal (a lens darkening towards the corners).
  let vignette: [Float]
  /// For each pixel showing the wall or the floor behind the apparatus plane: the point where
  /// the ray from that surface point towards the light crosses the plane z = 0 (what a
  /// silhouette there shades), and the penumbra width there; a width of 0 where no shadow
  /// of the apparatus can fall (the floor in front of it, the sky).
  let shadowPoints: [SIMD2<Double>]
  let penumbras: [Double]

  init(scene: Scene, style: CameraStyle, background: CameraBackground, seed: UInt64) {
    let (width, height) = (style.width, style.height)
    let pose = scene.cameraPose
    let camera = PinholeCamera(
      position: pose.position, target: pose.target, verticalFieldOfView: Scene.cameraFieldOfView,
      width: width, height: height)
    self.camera = camera
    var textures = SeededGenerator(seed: seed).derived(stream: RandomStream.cameraTextures)
    let noise = TextureNoise(seed: textures.next())
    var pixels = [Float](repeating: 0, count: width * height * 3)
    var shadowPoints = [SIMD2<Double>](repeating: .zero, count: width * height)
    var penumbras = [Double](repeating: 0, count: width * height)
    for i in 0..<height {
      for j in 0..<width {
        let colour: RGB
        if scene == .pulsar {
          colour = CameraStudio.sky(
            u: Double(j), v: Double(i), background: background, noise: noise)
        } else {
          let surface = CameraStudio.surface(
            camera: camera, i: i, j: j, background: background, noise: noise)
          colour = surface.colour
          if surface.point.z < 0 {
            let t = -surface.point.z / CameraWorld.light.z
            let crossing = surface.point + CameraWorld.light * t
            shadowPoints[i * width + j] = SIMD2(crossing.x, crossing.y)
            penumbras[i * width + j] = 2 * t * CameraWorld.lightAngularRadius + 0.01
          }
        }
        for c in 0..<3 { pixels[(i * width + j) * 3 + c] = colour[c] }
      }
    }
    if scene == .pulsar {
      CameraStudio.addStars(to: &pixels, width: width, height: height, using: &textures)
    }
    pixels.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      let canvas = CameraCanvas(
        camera: camera, pixels: base, clip: PixelRect(rows: 0..<height, columns: 0..<width))
      for part in scene.cameraStaticParts { canvas.draw(part) }
    }
    let halfDiagonal = (Double(width * width + height * height)).squareRoot() / 2
    let vignette = (0..<width * height).map { index in
      let du = Double(index % width) + 0.5 - Double(width) / 2
      let dv = Double(index / width) + 0.5 - Double(height) / 2
      return Float(1 - 0.3 * (du * du + dv * dv) / (halfDiagonal * halfDiagonal))
    }
    self.vignette = vignette
    self.background = pixels
    vignettedBackground = pixels.indices.map { pixels[$0] * vignette[$0 / 3] }
    self.shadowPoints = shadowPoints
    self.penumbras = penumbras
  }

  /// The wall or floor seen through pixel (i, j), lit by Lambert's law and darkened near the
  /// corner where they meet (1 - 0.3 exp(-distance / 0.12), light the corner hides), and the
  /// world point seen.
  private static func surface(
    camera: PinholeCamera, i: Int, j: Int, background: CameraBackground, noise: TextureNoise
  ) -> (colour: RGB, point: Point3) {
    let ray = camera.ray(u: Double(j) + 0.5, v: Double(i) + 0.5)
    let eye = camera.position
    let toFloor = ray.y < 0 ? (CameraWorld.floorY - eye.y) / ray.y : .infinity
    let toWall = ray.z < 0 ? (CameraWorld.wallZ - eye.z) / ray.z : .infinity
    let seesWall = toWall <= toFloor || !toFloor.isFinite
    let point = eye + ray * (seesWall ? (toWall.isFinite ? toWall : 100) : toFloor)
    let colour =
      seesWall
      ? CameraWorld.lambert(
        background.wallAlbedo(x: point.x, y: point.y, noise: noise), normal: Point3(0, 0, 1))
      : CameraWorld.lambert(
        background.floorAlbedo(x: point.x, z: point.z, noise: noise), normal: Point3(0, 1, 0))
    let fromCorner = seesWall ? point.y - CameraWorld.floorY : point.z - CameraWorld.wallZ
    return (colour * Float(1 - 0.3 * exp(-max(fromCorner, 0) / 0.12)), point)
  }

  /// The pulsar's night sky at pixel (u, v): near-black blue with a nebula of the
  /// background's colour where broad noise is high.
  private static func sky(u: Double, v: Double, background: CameraBackground, noise: TextureNoise)
    -> RGB
  {
    let density = max(0, noise.fractal(u / 70, v / 70) + 0.2)
    return RGB(0.012, 0.014, 0.03) + background.nebulaColour * (2.2 * density * density)
  }

  /// Faint stars, one per 400 pixels: each a Gaussian dot of 0.7 pixels at a random place,
  /// with a random brightness (mostly faint) and a slight random tint.
  private static func addStars(
    to pixels: inout [Float], width: Int, height: Int, using generator: inout SeededGenerator
  ) {
    for _ in 0..<max(1, width * height / 400) {
      let (x, y) = (
        generator.nextUniform(0, Double(width)), generator.nextUniform(0, Double(height))
      )
      let brightness = Float(0.1 + 0.7 * pow(generator.nextUnitDouble(), 3))
      let tint = RGB(1, 1, 1) + RGB(-0.2, 0, 0.2) * Float(generator.nextUniform(-1, 1))
      for i in max(0, Int(y) - 2)..<min(height, Int(y) + 3) {
        for j in max(0, Int(x) - 2)..<min(width, Int(x) + 3) {
          let (du, dv) = (Double(j) + 0.5 - x, Double(i) + 0.5 - y)
          let weight = Float(exp(-(du * du + dv * dv) / (2 * 0.7 * 0.7)))
          for c in 0..<3 { pixels[(i * width + j) * 3 + c] += brightness * tint[c] * weight }
        }
      }
    }
  }

  /// The pixels an apparatus covers or shades: its parts' projections and its silhouettes'
  /// shadows, widened by two pixels.
  func footprint(of apparatus: CameraApparatus) -> PixelRect {
    var rect = camera.pixelBounds(of: apparatus.parts.flatMap(\.extent), margin: 2)
    for silhouette in apparatus.silhouettes {
      // The shadow of the silhouette's bounding rectangle (widened by the widest penumbra)
      // is the image of its corners and of the points whose shadows land on the corner
      // between wall and floor: the landing is affine on either side of that line.
      let (low, high) = silhouette.bounds
      let (lower, upper) = (low - 0.3, high + 0.3)
      let light = CameraWorld.light
      let creaseY = CameraWorld.floorY - light.y * CameraWorld.wallZ / light.z
      var corners = [lower, upper, SIMD2(lower.x, upper.y), SIMD2(upper.x, lower.y)]
      if creaseY > lower.y && creaseY < upper.y {
        corners += [SIMD2(lower.x, creaseY), SIMD2(upper.x, creaseY)]
      }
      let landings = corners.map { CameraWorld.shadowLanding(of: Point3($0.x, $0.y, 0)) }
      rect = rect.union(camera.pixelBounds(of: landings, margin: 2))
    }
    return rect
  }

  /// Darkens the background pixels of `rect` in `pixels` where the silhouettes shade them:
  /// with d the signed distance from the pixel's shadow point to the nearest silhouette and w
  /// the penumbra, the shade is smoothstep(clamp(1/2 - d / w, 0, 1)) times the shadow strength.
  func castShadows(
    of silhouettes: [Silhouette], on pixels: UnsafeMutablePointer<Float>, in rect: PixelRect
  ) {
    guard !silhouettes.isEmpty else { return }
    for i in rect.rows {
      for j in rect.columns {
        let index = i * camera.width + j
        let penumbra = penumbras[index]
        guard penumbra > 0 else { continue }
        let point = shadowPoints[index]
        var distance = Double.infinity
        for silhouette in silhouettes { distance = min(distance, silhouette.distance(to: point)) }
        let t = Float(min(max(0.5 - distance / penumbra, 0), 1))
        guard t > 0 else { continue }
        let gain = 1 - CameraWorld.shadowStrength * t * t * (3 - 2 * t)
        for c in 0..<3 { pixels[index * 3 + c] *= gain }
      }
    }
  }
}
