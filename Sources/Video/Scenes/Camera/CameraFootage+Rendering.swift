import VidlatSupport

extension CameraFootage {
  /// The samples of clip `index`. Each frame starts as the vignetted background; only the
  /// pixels the apparatus covers or shades over the exposure (``CameraStudio/footprint(of:)``)
  /// are redrawn: for each sub-frame instant, the background there with the apparatus's
  /// shadows and solids drawn over it; their mean, vignetted, is the frame there (motion
  /// blur). Then sensor noise is added to every sample and the result clamped to [0, 1].
  func renderClip(_ index: Int) -> [Float] {
    let camera = studio.camera
    let frameSize = camera.width * camera.height * 3
    var pixels = [Float](repeating: 0, count: frames * frameSize)
    var scratch = [Float](repeating: 0, count: frameSize)
    var sum = [Float](repeating: 0, count: frameSize)
    var noise = SeededGenerator(seed: seed).derived(stream: RandomStream.pixelNoise(index))
    for (t, state) in simulation.trajectories[index].enumerated() {
      let instants = exposureStates(around: state).map {
        scene.cameraApparatus(state: $0, parameters: simulation.parameters)
      }
      let region = instants.reduce(PixelRect.empty) { $0.union(studio.footprint(of: $1)) }
      scratch.withUnsafeMutableBufferPointer { scratch in
        sum.withUnsafeMutableBufferPointer { sum in
          pixels.withUnsafeMutableBufferPointer { all in
            guard let scratch = scratch.baseAddress, let sum = sum.baseAddress,
              let frame = all.baseAddress.map({ $0 + t * frameSize })
            else { return }
            frame.update(from: studio.vignettedBackground, count: frameSize)
            region.forEachSample(width: camera.width) { sum[$0] = 0 }
            let canvas = CameraCanvas(camera: camera, pixels: scratch, clip: region)
            for apparatus in instants {
              region.forEachSample(width: camera.width) { scratch[$0] = studio.background[$0] }
              studio.castShadows(of: apparatus.silhouettes, on: scratch, in: region)
              for part in apparatus.parts { canvas.draw(part) }
              region.forEachSample(width: camera.width) { sum[$0] += scratch[$0] }
            }
            let scale = 1 / Float(instants.count)
            region.forEachSample(width: camera.width) {
              frame[$0] = sum[$0] * scale * studio.vignette[$0 / 3]
            }
            CameraFootage.addSensorNoise(
              to: UnsafeMutableBufferPointer(start: frame, count: frameSize),
              standardDeviation: Float(style.noise), using: &noise)
          }
        }
      }
    }
    return pixels
  }

  /// The states at the style's sub-frame instants around `state`: K = subframes instants
  /// t + ((k + 1/2) / K - 1/2) e for k = 0 ..< K, over the exposure e = shutter x dt centred
  /// on the frame's time t, by the scene's RK4 (backwards to the first instant, then forwards).
  /// The gpball's and the bounce's paths are known at the frames only, so their frames are
  /// single instants.
  func exposureStates(around state: [Double]) -> [[Double]] {
    let count = style.subframes
    let exposure = style.shutter * simulation.dt
    guard count > 1, exposure > 0, scene.motion == .differentialEquation else { return [state] }
    let parameters = simulation.parameters
    let first = scene.trajectory(
      from: state, frames: 2, dt: -exposure / 2 * (1 - 1 / Double(count)), parameters: parameters,
      substeps: 4)[1]
    return scene.trajectory(
      from: first, frames: count, dt: exposure / Double(count), parameters: parameters, substeps: 4)
  }

  /// Adds zero-mean noise of standard deviation sigma to every sample, then clamps to [0, 1].
  /// Each sample's noise is the Irwin-Hall sum of four uniforms (the four 16-bit parts of one
  /// 64-bit SplitMix64 draw, the stream seeded by one draw of `generator` per call), sigma
  /// sqrt(3) (u1 + u2 + u3 + u4 - 2): mean 0, variance sigma^2, within 0.008 of the Gaussian's
  /// distribution function everywhere and bounded at 2 sqrt(3) sigma, at a fraction of the
  /// cost of exact normals (a frame has 230 400 samples at 320 x 240).
  static func addSensorNoise(
    to samples: UnsafeMutableBufferPointer<Float>, standardDeviation: Float,
    using generator: inout SeededGenerator
  ) {
    let scale = standardDeviation * Float(3).squareRoot() / 65536
    var state = generator.next()
    for i in samples.indices {
      state &+= 0x9E37_79B9_7F4A_7C15
      var bits = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
      bits = (bits ^ (bits >> 27)) &* 0x94D0_49BB_1331_11EB
      bits ^= bits >> 31
      let total = (bits & 0xFFFF) + (bits >> 16 & 0xFFFF) + (bits >> 32 & 0xFFFF) + (bits >> 48)
      samples[i] = min(max(samples[i] + (Float(total) - 131_070) * scale, 0), 1)
    }
  }
}

extension PixelRect {
  /// Calls `body` with the index of every sample (3 per pixel) of the rectangle in an RGB
  /// frame `width` pixels wide.
  @inline(__always) func forEachSample(width: Int, _ body: (Int) -> Void) {
    for i in rows {
      for index in (i * width + columns.lowerBound) * 3..<(i * width + columns.upperBound) * 3 {
        body(index)
      }
    }
  }
}
