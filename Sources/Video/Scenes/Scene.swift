/// The built-in physics scenes, rendered to video with exact ground truth.
///
/// Names, units, parameters and ranges follow the project's shared table, so each scene
/// matches the shipped `.prior` of the same name:
///
/// | scene    | physics                                   | state   | parameters (default)            |
/// |----------|-------------------------------------------|---------|---------------------------------|
/// | pendulum | x'' = -k sin x - c x'                     | x, x'   | k = 9.81, c = 0                 |
/// | spring   | x'' = -k x - c x'                         | x, x'   | k = 16, c = 0.3                 |
/// | falling  | y'' = -g - c y'                           | y, y'   | g = 9.81, c = 0                 |
/// | pulsar   | u' = -w v, v' = w u; brightness b(phase)  | u, v    | w = 2 pi / 1.2, s1, a2, s2      |
/// | gpball   | x, y each a GP path over frames (no ODE)   | x, y    | lengthscale = 5 (frames)        |
/// | bounce   | straight at constant speed, random bounces | x1, y1, x2, y2 | speed = 2 (frame units/s) |
public enum Scene: String, CaseIterable, Sendable {
  /// A rod and bob swinging from a pivot near the top centre; x = angle from straight down
  /// (rad, positive counter-clockwise as seen).
  case pendulum
  /// A block hanging from the ceiling on a spring; x = upward displacement from equilibrium,
  /// the frame spanning [-1.2, 1.2] vertically.
  case spring
  /// A ball thrown up and falling; y = height in m, the frame spanning [-8, 8] m.
  case falling
  /// A star whose brightness is a double-Gaussian pulse profile of its rotation phase
  /// atan2(v, u), over a faint static nebula, with sensor noise.
  case pulsar
  /// The data of the GP-VAE blog (T. Pearce, AABI 2019): a white ball of radius 3/32 of the
  /// frame on black moving along a smooth random path, each coordinate an independent draw
  /// of a zero-mean squared-exponential Gaussian process over frames (``GaussianProcessPath``).
  /// x and y are in the GP's own units (unit prior variance, as a `.prior` with latents x, y
  /// under a unit-variance kernel uses them): the frame spans [-2.5, 2.5] in both, y up, so
  /// one unit is size / 5 pixels, Pearce's scaling. A path that would take the ball over the
  /// edge is shrunk towards the centre as a whole (``GaussianProcessPath/fitted(_:within:)``).
  case gpball
  /// Stochastic bouncing shapes in the spirit of Stochastic Moving MNIST (SVG, Denton and
  /// Fergus 2018), at 64 x 64 by default: a white disc of radius 0.25 (8 pixels at 64)
  /// centred at (x1, y1) and a white square of side 0.375 (12 pixels) at (x2, y2), in frame
  /// coordinates ([-1, 1], y up), moving straight at `speed` frame units a second; a shape
  /// whose edge reaches a wall leaves it in a direction drawn uniformly from those pointing
  /// back into the frame (``BouncingShapes``), so the future after a bounce is random. The
  /// shapes pass over each other, drawn additively and clipped to 1, as the digits of Moving
  /// MNIST are.
  case bounce

  /// How a scene's states move from frame to frame.
  public enum Motion: Sendable {
    /// Integrated from a random initial state by the scene's ODE (``trajectory(from:frames:dt:parameters:substeps:)``):
    /// the initial states determine the whole video.
    case differentialEquation
    /// Each state component a random Gaussian-process path over the frames, drawn whole
    /// from the sequence's seed: no initial state determines it.
    case gaussianProcess
    /// Shapes moving straight at a constant speed that leave each wall they reach in a random
    /// direction drawn from the sequence's seed (``BouncingShapes``): no initial state
    /// determines the path past the first bounce.
    case randomBounces
  }

  /// How the scene's states move.
  public var motion: Motion {
    switch self {
    case .pendulum, .spring, .falling, .pulsar: .differentialEquation
    case .gpball: .gaussianProcess
    case .bounce: .randomBounces
    }
  }

  /// The scene called `name`.
  /// - Throws: `SceneError.unknownScene` listing the valid names.
  public static func named(_ name: String) throws(SceneError) -> Scene {
    guard let scene = Scene(rawValue: name) else {
      throw .unknownScene(name, valid: allCases.map(\.rawValue))
    }
    return scene
  }

  /// The state components' names, as in the prior (`x`, `x'` / `y`, `y'` / `u`, `v`); the
  /// bounce's are its shapes' centres, disc then square.
  public var stateNames: [String] {
    switch self {
    case .pendulum, .spring: ["x", "x'"]
    case .falling: ["y", "y'"]
    case .pulsar: ["u", "v"]
    case .gpball: ["x", "y"]
    case .bounce: ["x1", "y1", "x2", "y2"]
    }
  }

  /// The physical parameters' names, in ground-truth column order.
  public var parameterNames: [String] { defaultParameters.map(\.name) }

  /// The parameters and their default values.
  public var defaultParameters: [(name: String, value: Double)] {
    switch self {
    case .pendulum: [("k", 9.81), ("c", 0)]
    case .spring: [("k", 16), ("c", 0.3)]
    case .falling: [("g", 9.81), ("c", 0)]
    case .pulsar: [("w", 2 * Double.pi / 1.2), ("s1", 0.25), ("a2", 0.45), ("s2", 0.2)]
    case .gpball: [("lengthscale", 5)]
    case .bounce: [("speed", 2)]
    }
  }

  /// Parameters that only make sense positive: the pulsar's pulse widths s1 and s2 divide
  /// the phase (a width of 0 gives 0/0 at the pulse peak), as the gpball's lengthscale
  /// divides the frame gap in its kernel; the bounce's speed gives its shapes' directions
  /// meaning (a still shape never bounces).
  public var positiveParameterNames: [String] {
    switch self {
    case .pulsar: ["s1", "s2"]
    case .gpball: ["lengthscale"]
    case .bounce: ["speed"]
    case .pendulum, .spring, .falling: []
    }
  }

  /// Extra ground-truth columns derived from the state (the pulsar's `phase`).
  public var derivedNames: [String] { self == .pulsar ? ["phase"] : [] }

  /// Time between frames, in seconds, used when none is given.
  public static let defaultTimeStep = 0.05
  /// Sequences in the default dataset (the default training data of `vidlat train`).
  public static let defaultSequences = 256
  /// Frames per sequence in the default dataset.
  public static let defaultFrames = 40

  /// Frames per sequence when none is given: ``defaultFrames``, or 30 for the gpball (the
  /// GP-VAE blog's T) and the bounce (SVG's protocol: 5 context frames, then 10 predicted in
  /// training and 20 in evaluation).
  public var defaultSequenceLength: Int {
    self == .gpball || self == .bounce ? 30 : Scene.defaultFrames
  }
  /// Frame side in pixels in the default dataset.
  public static let defaultSize = 32

  /// Frame side in pixels when none is given: ``defaultSize``, or 64 for the bounce (SVG's
  /// 64 x 64 frames).
  public var defaultFrameSize: Int { self == .bounce ? 64 : Scene.defaultSize }

  /// Standard deviation of the Gaussian sensor noise added to each pixel when none is given:
  /// 0 for the mechanical scenes, 0.02 for the pulsar.
  public var defaultNoise: Double { self == .pulsar ? 0.02 : 0 }

  /// The default parameters with `overrides` applied (e.g. `["c": 0.8]` for an intervention).
  /// - Throws: `SceneError.unknownParameter` listing the valid names, or `.invalidArgument`
  ///   for a value that is not finite, or not positive where it must be
  ///   (``positiveParameterNames``).
  public func parameters(setting overrides: [String: Double] = [:]) throws(SceneError)
    -> SceneParameters
  {
    var values = defaultParameters.map(\.value)
    for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
      guard let index = parameterNames.firstIndex(of: name) else {
        throw .unknownParameter(name, scene: rawValue, valid: parameterNames)
      }
      guard value.isFinite else { throw .invalidArgument("parameter \(name) = \(value)") }
      if positiveParameterNames.contains(name) && !(value > 0) {
        throw .invalidArgument(
          "parameter \(name) of the \(rawValue) must be positive, not \(value)")
      }
      values[index] = value
    }
    return SceneParameters(names: parameterNames, values: values)
  }
}

/// Named parameter values of a scene, in the scene's order.
public struct SceneParameters: Equatable, Sendable {
  /// Parameter names.
  public let names: [String]
  /// Values, aligned with `names`.
  public var values: [Double]

  /// The value of parameter `name`, or nil if the scene has none by that name.
  public subscript(name: String) -> Double? {
    names.firstIndex(of: name).map { values[$0] }
  }
}

/// Why a scene could not be generated.
public enum SceneError: Error, Equatable, CustomStringConvertible, Sendable {
  /// No scene has this name.
  case unknownScene(String, valid: [String])
  /// The scene has no parameter of this name.
  case unknownParameter(String, scene: String, valid: [String])
  /// A size, count, time step, noise level or state that cannot be used.
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .unknownScene(let name, let valid):
      "unknown scene '\(name)'; valid scenes: \(valid.joined(separator: ", "))"
    case .unknownParameter(let name, let scene, let valid):
      "unknown parameter '\(name)' for scene \(scene); valid parameters: \(valid.joined(separator: ", "))"
    case .invalidArgument(let message): message
    }
  }
}
