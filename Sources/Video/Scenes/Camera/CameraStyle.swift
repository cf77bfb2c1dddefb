import VidlatSupport

/// How the camera style films a scene: frame size, background, sensor noise and exposure.
///
/// The camera style shows the same motion as the flat style (the same states, the same
/// ground truth for the same seed and parameters) the way a phone or lab camera would: the
/// apparatus as lit 3-D solids in perspective, off centre, casting a soft shadow on a
/// textured wall and floor, in colour, with vignetting, motion blur and sensor noise. It
/// exists to test that what vidlat learns does not depend on its flat renderings.
public struct CameraStyle: Equatable, Sendable {
  /// Frame width in pixels when none is given.
  public static let defaultWidth = 320
  /// Frame height in pixels when none is given.
  public static let defaultHeight = 240
  /// Standard deviation of the sensor noise when none is given.
  public static let defaultNoise = 0.02

  /// Frame width in pixels (even, for H.264's 4:2:0 chroma).
  public var width: Int
  /// Frame height in pixels (even).
  public var height: Int
  /// The surroundings; nil picks one at random from the seed (the same for every clip).
  public var background: CameraBackground?
  /// Standard deviation of the Gaussian noise added to every sample of every frame.
  public var noise: Double
  /// Instants averaged into each frame for motion blur.
  public var subframes: Int
  /// Fraction of the frame interval the shutter is open (0.5: a 180-degree shutter); the
  /// sub-frames are spread evenly over it, centred on the frame's time.
  public var shutter: Double

  /// A camera style; the defaults film 320 x 240 with 4 sub-frames over half the frame
  /// interval and noise 0.02 in front of bricks.
  public init(
    width: Int = CameraStyle.defaultWidth, height: Int = CameraStyle.defaultHeight,
    background: CameraBackground? = .bricks, noise: Double = CameraStyle.defaultNoise,
    subframes: Int = 4, shutter: Double = 0.5
  ) {
    self.width = width
    self.height = height
    self.background = background
    self.noise = noise
    self.subframes = subframes
    self.shutter = shutter
  }

  /// - Throws: `.invalidArgument` for a size that is odd or outside 16...4096, noise that is
  ///   negative, sub-frames outside 1...64 or a shutter outside [0, 1].
  public func validate() throws(SceneError) {
    for (name, side) in [("width", width), ("height", height)]
    where !(16...4096).contains(side) || side % 2 != 0 {
      throw .invalidArgument("camera \(name) \(side) must be even and between 16 and 4096 pixels")
    }
    guard noise.isFinite, noise >= 0 else {
      throw .invalidArgument("noise \(noise) must be non-negative")
    }
    guard (1...64).contains(subframes) else {
      throw .invalidArgument("sub-frames \(subframes) must be between 1 and 64")
    }
    guard shutter.isFinite, (0...1).contains(shutter) else {
      throw .invalidArgument("shutter \(shutter) must be between 0 and 1")
    }
  }
}

/// Camera-style clips of a scene with their ground truth. Clips are rendered one at a time
/// on request (``clip(_:)``), so many long clips never sit in memory together.
public struct CameraFootage: Sendable {
  /// The scene filmed.
  public let scene: Scene
  /// How it is filmed.
  public let style: CameraStyle
  /// The background shown (the style's, or the one the seed chose).
  public let background: CameraBackground
  /// Ground truth of every frame of every clip, identical to the flat style's.
  public var truth: GroundTruth { simulation.truth }
  /// Number of clips.
  public var count: Int { simulation.trajectories.count }
  /// Frames per clip.
  public let frames: Int
  /// Frames per second, 1 / dt.
  public var framesPerSecond: Double { 1 / simulation.dt }

  let simulation: SceneSimulation
  let studio: CameraStudio
  let seed: UInt64

  /// Clip `index` (0 ..< ``count``): `frames` RGB frames of `style.width x style.height`,
  /// the same pixels for the same seed.
  public func clip(_ index: Int) -> Video {
    precondition((0..<count).contains(index), "no clip \(index)")
    return Video(
      frameCount: frames, height: style.height, width: style.width, colour: .rgb,
      framesPerSecond: framesPerSecond, pixels: renderClip(index))
  }
}

extension Scene {
  /// Films `sequences` clips of `frames` frames (nil: ``defaultSequenceLength``) in the camera
  /// style, from the same initial states (the gpball and bounce: paths) and with the same truth as
  /// ``generate(sequences:frames:size:dt:seed:noise:parameters:)`` with the same seed, dt and
  /// parameters.
  public func generateCamera(
    sequences: Int = Scene.defaultSequences, frames: Int? = nil,
    dt: Double = Scene.defaultTimeStep, seed: UInt64 = 0,
    parameters overrides: [String: Double] = [:],
    style: CameraStyle = CameraStyle()
  ) throws(SceneError) -> CameraFootage {
    let frames = frames ?? defaultSequenceLength
    try checkCamera(frames: frames, style: style)
    return film(
      try simulate(
        sequences: sequences, frames: frames, dt: dt, seed: seed, parameters: overrides),
      seed: seed, style: style)
  }

  /// Films one clip per given initial state in the camera style (e.g. the true counterfactual
  /// of an intervention); with a dataset's true initial states and seed it reproduces
  /// ``generateCamera(sequences:frames:dt:seed:parameters:style:)`` pixel for pixel.
  /// - Throws: `.invalidArgument` for the gpball and the bounce, whose paths no initial state
  ///   determines.
  public func renderCamera(
    initialStates: [[Double]], frames: Int = Scene.defaultFrames,
    dt: Double = Scene.defaultTimeStep,
    seed: UInt64 = 0, parameters overrides: [String: Double] = [:],
    style: CameraStyle = CameraStyle()
  ) throws(SceneError) -> CameraFootage {
    try checkCamera(frames: frames, style: style)
    return film(
      try simulate(initialStates: initialStates, frames: frames, dt: dt, parameters: overrides),
      seed: seed, style: style)
  }

  /// A valid style, and at most ``maximumPixels`` samples a clip.
  private func checkCamera(frames: Int, style: CameraStyle) throws(SceneError) {
    try style.validate()
    let (perClip, overflow) = (frames * style.width).multipliedReportingOverflow(
      by: style.height * 3)
    guard !overflow, perClip <= Scene.maximumPixels else {
      throw .invalidArgument(
        "\(frames) frames x \(style.width)x\(style.height) RGB is more than the "
          + "\(Scene.maximumPixels) samples one clip may hold")
    }
  }

  /// The footage of `simulation`: the studio built once, each clip rendered when asked for.
  private func film(_ simulation: SceneSimulation, seed: UInt64, style: CameraStyle)
    -> CameraFootage
  {
    var choice = SeededGenerator(seed: seed).derived(stream: RandomStream.cameraBackgroundChoice)
    let background = style.background ?? CameraBackground.random(using: &choice)
    let studio = CameraStudio(scene: self, style: style, background: background, seed: seed)
    return CameraFootage(
      scene: self, style: style, background: background,
      frames: simulation.trajectories.first?.count ?? 0, simulation: simulation,
      studio: studio, seed: seed)
  }
}
