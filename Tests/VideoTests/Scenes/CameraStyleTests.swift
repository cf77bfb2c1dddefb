import Foundation
import Testing

@testable import Video

/// A small camera style, quick to render in a debug build.
private func smallStyle(
  background: CameraBackground? = .bricks, noise: Double = 0.02, subframes: Int = 4
) -> CameraStyle {
  CameraStyle(width: 64, height: 48, background: background, noise: noise, subframes: subframes)
}

/// The mean of each channel of a video.
private func meanColour(_ video: Video) -> SIMD3<Double> {
  var sum = SIMD3<Double>.zero
  for pixel in 0..<video.pixels.count / 3 {
    sum += SIMD3(
      Double(video.pixels[3 * pixel]), Double(video.pixels[3 * pixel + 1]),
      Double(video.pixels[3 * pixel + 2]))
  }
  return sum / Double(video.pixels.count / 3)
}

@Suite struct CameraStyleTests {
  @Test func sameSeedSameClipsAndTheFlatStylesTruth() throws {
    for scene in Scene.allCases {
      let a = try scene.generateCamera(sequences: 2, frames: 3, seed: 7, style: smallStyle())
      let b = try scene.generateCamera(sequences: 2, frames: 3, seed: 7, style: smallStyle())
      let other = try scene.generateCamera(sequences: 2, frames: 3, seed: 8, style: smallStyle())
      let flat = try scene.generate(sequences: 2, frames: 3, size: 8, seed: 7)
      #expect(a.clip(1) == b.clip(1), "\(scene)")
      #expect(a.clip(0) != other.clip(0), "\(scene)")
      #expect(a.truth == flat.truth, "\(scene)")
      let clip = a.clip(0)
      #expect(clip.colour == .rgb && clip.width == 64 && clip.height == 48 && clip.frameCount == 3)
      #expect(clip.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
      guard scene.motion == .differentialEquation else { continue }
      let rendered = try scene.renderCamera(
        initialStates: scene.initialStates(in: a.truth), frames: 3, seed: 7, style: smallStyle())
      #expect(rendered.clip(1) == a.clip(1) && rendered.truth == a.truth, "\(scene)")
    }
  }

  /// Two pendulum states: the frames differ around the bob of each and are identical outside
  /// the pixels either apparatus covers or shades (no noise, no blur).
  @Test func theBobsPixelsMoveWithTheAngle() throws {
    let states = [[1.0, 0.0], [-1.0, 0.0]]
    let footage = try Scene.pendulum.renderCamera(
      initialStates: states, frames: 1, style: smallStyle(noise: 0, subframes: 1))
    let (a, b) = (footage.clip(0).frame(0), footage.clip(1).frame(0))
    let parameters = try Scene.pendulum.parameters()
    var changed = PixelRect.empty
    for state in states {
      let apparatus = Scene.pendulum.cameraApparatus(state: state, parameters: parameters)
      changed = changed.union(footage.studio.footprint(of: apparatus))
      let bob = Scene.pendulum.objectPosition(state: state)
      let centre = footage.studio.camera.project(Point3(bob.x, bob.y, 0))
      let index = (Int(centre.v) * 64 + Int(centre.u)) * 3
      let difference = (0..<3).map { abs(a.pixels[index + $0] - b.pixels[index + $0]) }.max() ?? 0
      #expect(difference > 0.2, "the bob at \(state) shows")
    }
    #expect(changed.columns.count < 48 && changed.rows.count < 40, "\(changed)")
    for i in 0..<48 {
      for j in 0..<64 where !changed.rows.contains(i) || !changed.columns.contains(j) {
        #expect(a[i, j] == b[i, j], "pixel (\(i), \(j)) outside the apparatus")
      }
    }
  }

  @Test func exposureInstantsAreCentredOnTheFrame() throws {
    let footage = try Scene.falling.renderCamera(initialStates: [[0, 8]], frames: 1, dt: 0.1)
    let instants = footage.exposureStates(around: [0, 8])
    // Falling at 8 m/s over an exposure of 0.05 s: 4 heights 0.0125 s apart around 0.
    #expect(instants.count == 4)
    #expect(abs(instants.map { $0[0] }.reduce(0, +) / 4) < 1e-3)
    #expect(abs((instants[3][0] - instants[0][0]) - 8 * 0.0375) < 1e-2)
  }

  @Test func backgroundsDifferInMeanColour() throws {
    let means = try CameraBackground.allCases.map { background in
      meanColour(
        try Scene.pendulum.generateCamera(
          sequences: 1, frames: 1, style: smallStyle(background: background)
        ).clip(0))
    }
    for i in means.indices {
      for j in means.indices where i < j {
        let difference = means[i] - means[j]
        #expect((difference * difference).sum().squareRoot() > 0.05, "\(i) vs \(j)")
      }
    }
    let chosen = try (0..<8).map { seed in
      try Scene.spring.generateCamera(
        sequences: 1, frames: 1, seed: UInt64(seed), style: smallStyle(background: nil)
      ).background
    }
    #expect(Set(chosen).count > 1)
  }

  @Test func flatInvertedIsOneMinusFlat() throws {
    let flat = try Scene.pendulum.generate(sequences: 2, frames: 4, size: 16, seed: 3).video
    #expect(flat.invertingPolarity.pixels == flat.pixels.map { 1 - $0 })
  }

  @Test func invalidStylesAreRefused() {
    #expect(throws: SceneError.self) {
      try Scene.spring.generateCamera(sequences: 1, frames: 1, style: CameraStyle(width: 63))
    }
    #expect(throws: SceneError.self) {
      try Scene.spring.generateCamera(sequences: 1, frames: 1, style: CameraStyle(noise: -1))
    }
    #expect(throws: SceneError.self) { try CameraBackground.named("stone") }
  }
}
