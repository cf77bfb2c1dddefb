import Foundation
import VidlatSupport

/// The static surroundings of the camera style: a textured wall behind the apparatus on a
/// tiled floor (for the pulsar, the sky seen around the star). Each differs from the others
/// in texture and in mean colour and brightness, so that a model trained on one cannot rely
/// on what a background looks like.
public enum CameraBackground: String, CaseIterable, Sendable {
  /// Red-brown bricks in staggered rows with pale mortar, over gray checkered floor tiles;
  /// medium brightness. Sky: a reddish nebula.
  case bricks
  /// Light-tan vertical wooden planks with grain, over dark slate floor tiles; warm and
  /// bright. Sky: an amber nebula.
  case wood
  /// Pale mottled plaster over a black-and-white checkerboard floor; the brightest. Sky: a
  /// pale blue nebula.
  case plaster
  /// Small dark blue-gray glazed tiles with dark grout, over a dark floor; the darkest. Sky:
  /// a teal nebula.
  case tiles

  /// The background called `name`.
  /// - Throws: `SceneError.invalidArgument` listing the valid names.
  public static func named(_ name: String) throws(SceneError) -> CameraBackground {
    guard let background = CameraBackground(rawValue: name) else {
      throw .invalidArgument(
        "unknown background '\(name)'; valid backgrounds: "
          + allCases.map(\.rawValue).joined(separator: ", ") + ", random")
    }
    return background
  }

  /// One of the backgrounds, each equally likely.
  public static func random(using generator: inout SeededGenerator) -> CameraBackground {
    allCases[Int(generator.next() % UInt64(allCases.count))]
  }

  /// The unlit colour of the wall at (x, y) on the wall plane.
  func wallAlbedo(x: Double, y: Double, noise: TextureNoise) -> RGB {
    switch self {
    case .bricks:
      let (width, height, mortar) = (0.36, 0.13, 0.018)
      let row = (y / height).rounded(.down)
      let shifted = x + (Int(row) % 2 == 0 ? 0 : width / 2)
      let column = (shifted / width).rounded(.down)
      let (u, v) = (shifted - column * width, y - row * height)
      let grain = 0.88 + 0.24 * noise.fractal(x * 14, y * 14)
      if u < mortar || v < mortar { return RGB(0.70, 0.67, 0.60) * grain }
      let shade = 0.75 + 0.5 * noise.lattice(Int(column), Int(row))
      return RGB(0.58, 0.24, 0.16) * shade * grain
    case .wood:
      let width = 0.3
      let plank = (x / width).rounded(.down)
      if x - plank * width < 0.008 { return RGB(0.30, 0.20, 0.12) }
      let warp = 0.06 * Double(noise.fractal(x * 3, y * 0.6))
      let phase = (x + warp) * 70 + 9 * Double(noise.lattice(Int(plank), 7))
      let rings = Float(0.5 + 0.5 * sin(phase))
      let shade = 0.85 + 0.25 * noise.lattice(Int(plank), 3)
      return RGB(0.80, 0.60, 0.38) * shade * (0.82 + 0.18 * rings)
    case .plaster:
      let mottle = 0.9 + 0.12 * noise.fractal(x * 3, y * 3) + 0.05 * noise.fractal(x * 25, y * 25)
      return RGB(0.86, 0.85, 0.81) * mottle
    case .tiles:
      let (side, grout) = (0.22, 0.014)
      let (column, row) = ((x / side).rounded(.down), (y / side).rounded(.down))
      if x - column * side < grout || y - row * side < grout { return RGB(0.07, 0.07, 0.08) }
      let shade = 0.8 + 0.4 * noise.lattice(Int(column), Int(row))
      return RGB(0.16, 0.22, 0.30) * shade * (0.95 + 0.1 * noise.fractal(x * 20, y * 20))
    }
  }

  /// The unlit colour of the floor at (x, z) on the floor plane.
  func floorAlbedo(x: Double, z: Double, noise: TextureNoise) -> RGB {
    let grain = 0.9 + 0.2 * noise.fractal(x * 10 + 50, z * 10)
    switch self {
    case .bricks, .plaster:
      let side = self == .bricks ? 0.45 : 0.35
      let odd = (Int((x / side).rounded(.down)) + Int((z / side).rounded(.down))) & 1 == 1
      let (light, dark) =
        self == .bricks
        ? (RGB(0.62, 0.60, 0.56), RGB(0.36, 0.35, 0.33))
        : (RGB(0.90, 0.89, 0.86), RGB(0.12, 0.12, 0.13))
      return (odd ? dark : light) * grain
    case .wood, .tiles:
      let side = 0.5
      let (column, row) = ((x / side).rounded(.down), (z / side).rounded(.down))
      if x - column * side < 0.012 || z - row * side < 0.012 { return RGB(0.10, 0.10, 0.11) }
      let base = self == .wood ? RGB(0.27, 0.29, 0.32) : RGB(0.13, 0.13, 0.15)
      return base * (0.85 + 0.3 * noise.lattice(Int(column) + 101, Int(row))) * grain
    }
  }

  /// The colour of the nebula that tints the pulsar's sky.
  var nebulaColour: RGB {
    switch self {
    case .bricks: RGB(0.36, 0.10, 0.08)
    case .wood: RGB(0.32, 0.22, 0.06)
    case .plaster: RGB(0.22, 0.25, 0.34)
    case .tiles: RGB(0.04, 0.24, 0.26)
    }
  }
}

/// Seeded value noise for textures: a random value in [0, 1) at each integer lattice point
/// (a hash of the point and the seed), smoothly interpolated in between.
struct TextureNoise {
  let seed: UInt64

  /// The value at lattice point (i, j): SplitMix64's finaliser applied to the point and seed.
  func lattice(_ i: Int, _ j: Int) -> Float {
    var z = seed &+ UInt64(bitPattern: Int64(i)) &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ UInt64(bitPattern: Int64(j)) &* 0xC2B2_AE3D_27D4_EB4F)
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Float((z ^ (z >> 31)) >> 40) * 0x1p-24
  }

  /// Bilinear interpolation of the lattice values with smoothstep weights 3t^2 - 2t^3.
  func smooth(_ x: Double, _ y: Double) -> Float {
    let (i, j) = (x.rounded(.down), y.rounded(.down))
    let (tx, ty) = (Float(x - i), Float(y - j))
    let (sx, sy) = (tx * tx * (3 - 2 * tx), ty * ty * (3 - 2 * ty))
    let (a, b) = (Int(i), Int(j))
    let top = lattice(a, b) + (lattice(a + 1, b) - lattice(a, b)) * sx
    let bottom = lattice(a, b + 1) + (lattice(a + 1, b + 1) - lattice(a, b + 1)) * sx
    return top + (bottom - top) * sy
  }

  /// Three octaves (frequency x1, x2, x4 with weights 4/7, 2/7, 1/7), centred on 0: values
  /// in about [-0.5, 0.5].
  func fractal(_ x: Double, _ y: Double) -> Float {
    (4 * smooth(x, y) + 2 * smooth(2 * x + 17, 2 * y) + smooth(4 * x, 4 * y + 31)) / 7 - 0.5
  }
}
