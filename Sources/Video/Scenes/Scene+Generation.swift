import Foundation
import VidlatSupport

extension Scene {
  /// Generates `sequences` videos of `frames` frames at `size x size` pixels, each from a
  /// random initial state in the scene's range (the gpball and the bounce: a random path),
  /// with their ground truth.
  ///
  /// With the defaults this is the default training data of `vidlat train`: 256 sequences
  /// of 40 frames (the gpball and the bounce 30, ``defaultSequenceLength``) at 32 x 32 (the
  /// bounce 64 x 64, ``defaultFrameSize``), dt = 0.05. The same arguments always give the
  /// same pixels.
  /// - Parameters:
  ///   - frames: frames per sequence (nil: ``defaultSequenceLength``).
  ///   - size: frame side in pixels (nil: ``defaultFrameSize``).
  ///   - dt: seconds between frames.
  ///   - seed: seeds initial states (or paths), sensor noise and the pulsar's nebula.
  ///   - noise: standard deviation of Gaussian pixel noise (nil: ``defaultNoise``).
  ///   - parameters: overrides of the default parameters, e.g. `["c": 0.8]`.
  public func generate(
    sequences: Int = Scene.defaultSequences, frames: Int? = nil,
    size: Int? = nil, dt: Double = Scene.defaultTimeStep, seed: UInt64 = 0,
    noise: Double? = nil, parameters overrides: [String: Double] = [:]
  ) throws(SceneError) -> (video: VideoSequences, truth: GroundTruth) {
    let frames = frames ?? defaultSequenceLength
    let size = size ?? defaultFrameSize
    let noise = noise ?? defaultNoise
    try checkRendering(sequences: sequences, frames: frames, size: size, noise: noise)
    let simulation = try simulate(
      sequences: sequences, frames: frames, dt: dt, seed: seed, parameters: overrides)
    return render(simulation, size: size, seed: seed, noise: noise)
  }

  /// Renders one sequence per given initial state (e.g. the true initial states of a dataset
  /// under changed parameters, for the true counterfactual of an intervention).
  ///
  /// `generate(seed: s, ...)` equals `render(initialStates: <its true initial states>, seed: s,
  /// ...)` pixel for pixel: initial states and pixel noise come from separate streams.
  /// - Throws: `.invalidArgument` for the gpball and the bounce, whose paths no initial
  ///   state determines.
  public func render(
    initialStates: [[Double]], frames: Int = Scene.defaultFrames, size: Int = Scene.defaultSize,
    dt: Double = Scene.defaultTimeStep, seed: UInt64 = 0, noise: Double? = nil,
    parameters overrides: [String: Double] = [:]
  ) throws(SceneError) -> (video: VideoSequences, truth: GroundTruth) {
    let noise = noise ?? defaultNoise
    try checkRendering(sequences: initialStates.count, frames: frames, size: size, noise: noise)
    let simulation = try simulate(
      initialStates: initialStates, frames: frames, dt: dt, parameters: overrides)
    return render(simulation, size: size, seed: seed, noise: noise)
  }

  /// Checks what rendering needs before anything is simulated: a size of 4 to 4096 pixels,
  /// a non-negative noise level, and at most ``maximumPixels`` pixels in all.
  private func checkRendering(sequences: Int, frames: Int, size: Int, noise: Double)
    throws(SceneError)
  {
    guard (4...4096).contains(size) else {
      throw .invalidArgument("size \(size) must be between 4 and 4096 pixels")
    }
    guard noise.isFinite, noise >= 0 else {
      throw .invalidArgument("noise \(noise) must be non-negative")
    }
    let (perSequence, overflowA) = (frames * size).multipliedReportingOverflow(by: size)
    let (total, overflowB) = perSequence.multipliedReportingOverflow(by: sequences)
    guard !overflowA, !overflowB, total <= Scene.maximumPixels else {
      throw .invalidArgument(
        "\(sequences) sequences x \(frames) frames x \(size)x\(size) pixels is more "
          + "than the \(Scene.maximumPixels) pixels one dataset may hold")
    }
  }

  /// The flat-style pixels of `simulation`'s sequences (checked by ``checkRendering``).
  private func render(_ simulation: SceneSimulation, size: Int, seed: UInt64, noise: Double)
    -> (video: VideoSequences, truth: GroundTruth)
  {
    let (trajectories, parameters) = (simulation.trajectories, simulation.parameters)
    let count = trajectories.count
    let frames = trajectories.first?.count ?? 0
    let root = SeededGenerator(seed: seed)
    var backgroundGenerator = root.derived(stream: RandomStream.background)
    let background = self.background(size: size, using: &backgroundGenerator)
    let frameSize = size * size
    let sequenceSize = frames * frameSize
    var pixels = [Float](repeating: 0, count: count * sequenceSize)
    // Sequences are independent (each has its own noise stream), so they are rendered in
    // parallel into disjoint parts of the buffer; the result does not depend on the order.
    pixels.withUnsafeMutableBufferPointer { buffer in
      // The address crosses into the worker closure as an integer (pointers are not Sendable).
      let address = Int(bitPattern: buffer.baseAddress)
      DispatchQueue.concurrentPerform(iterations: count) { s in
        guard let base = UnsafeMutablePointer<Float>(bitPattern: address) else { return }
        var noiseGenerator = root.derived(stream: RandomStream.pixelNoise(s))
        for (t, state) in trajectories[s].enumerated() {
          let frame = UnsafeMutableBufferPointer(
            start: base + s * sequenceSize + t * frameSize, count: frameSize)
          _ = frame.update(fromContentsOf: background)
          draw(state: state, parameters: parameters, on: Canvas(size: size, pixels: frame))
          if noise > 0 {
            Scene.addNoise(to: frame, standardDeviation: noise, using: &noiseGenerator)
          }
          for i in 0..<frameSize { frame[i] = min(max(frame[i], 0), 1) }
        }
      }
    }
    let video = VideoSequences(
      count: count, length: frames, height: size, width: size,
      framesPerSecond: 1 / simulation.dt, pixels: pixels,
      startFrames: (0..<count).map { $0 * frames })
    return (video, simulation.truth)
  }

  /// One random initial state per sequence, sequence s drawn from its own stream of `seed`,
  /// so every rendering style of the same seed shows the same motions.
  func sampleInitialStates(sequences: Int, seed: UInt64) throws(SceneError) -> [[Double]] {
    guard sequences >= 1 else { throw .invalidArgument("sequences must be at least 1") }
    let root = SeededGenerator(seed: seed)
    return (0..<sequences).map { s in
      var generator = root.derived(stream: RandomStream.initialState(s))
      return sampleInitialState(using: &generator)
    }
  }

  /// The states of `sequences` random sequences of the seed, and their ground truth: from
  /// random initial states (``sampleInitialStates(sequences:seed:)``) for an ODE scene, or
  /// as random paths for the gpball and the bounce, sequence s drawn from the same stream s
  /// of `seed`.
  /// - Throws: `.invalidArgument` for no sequences, fewer than one frame, a time step that
  ///   is not positive, or a bounce that travels more than one frame unit a frame
  ///   (speed x dt > 1); the errors of ``parameters(setting:)``.
  func simulate(
    sequences: Int, frames: Int, dt: Double, seed: UInt64, parameters overrides: [String: Double]
  ) throws(SceneError) -> SceneSimulation {
    switch motion {
    case .differentialEquation:
      return try simulate(
        initialStates: sampleInitialStates(sequences: sequences, seed: seed), frames: frames,
        dt: dt, parameters: overrides)
    case .gaussianProcess:
      guard sequences >= 1 else { throw .invalidArgument("sequences must be at least 1") }
      try checkTiming(frames: frames, dt: dt)
      let parameters = try self.parameters(setting: overrides)
      let sampler = GaussianProcessPath(
        frames: frames, lengthscale: parameters["lengthscale"] ?? 5)
      let root = SeededGenerator(seed: seed)
      let trajectories = (0..<sequences).map { s in
        var generator = root.derived(stream: RandomStream.initialState(s))
        let columns = stateNames.map { _ in sampler.sample(using: &generator) }
        let path = (0..<frames).map { t in columns.map { $0[t] } }
        return GaussianProcessPath.fitted(path, within: SceneLayout.gpballLimit)
      }
      return SceneSimulation(
        trajectories: trajectories, parameters: parameters, dt: dt,
        truth: truth(of: trajectories, parameters: parameters))
    case .randomBounces:
      guard sequences >= 1 else { throw .invalidArgument("sequences must be at least 1") }
      try checkTiming(frames: frames, dt: dt)
      let parameters = try self.parameters(setting: overrides)
      let speed = parameters["speed"] ?? 2
      // A shape that jumps more than half the frame between frames is no longer seen to
      // move; the bound also keeps the bounces between two frames to a few.
      guard speed * dt <= 1 else {
        throw .invalidArgument(
          "the \(rawValue)'s shapes would travel \(speed * dt) frame units a frame (speed "
            + "\(speed) x dt \(dt)), more than 1 (half the frame): use a smaller speed or dt")
      }
      let shapes = BouncingShapes(speed: speed, dt: dt)
      let root = SeededGenerator(seed: seed)
      let trajectories = (0..<sequences).map { s in
        var generator = root.derived(stream: RandomStream.initialState(s))
        let start = BouncingShapes.start(
          halfExtents: SceneLayout.bounceHalfExtents, using: &generator)
        return shapes.path(from: start, frames: frames, generator: generator)
      }
      return SceneSimulation(
        trajectories: trajectories, parameters: parameters, dt: dt,
        truth: truth(of: trajectories, parameters: parameters))
    }
  }

  /// The states of every sequence from its initial state, and their ground truth: what every
  /// rendering style draws, so the truth of a seed does not depend on the style.
  /// - Throws: `.invalidArgument` for the gpball and the bounce (no initial state determines
  ///   their paths), no
  ///   initial states, a state that is not two finite numbers, fewer than one frame, a time
  ///   step that is not positive, or a trajectory that diverges; the errors of
  ///   ``parameters(setting:)``.
  func simulate(
    initialStates: [[Double]], frames: Int, dt: Double, parameters overrides: [String: Double]
  ) throws(SceneError) -> SceneSimulation {
    switch motion {
    case .differentialEquation: break
    case .gaussianProcess:
      throw .invalidArgument(
        "the \(rawValue)'s paths are random Gaussian-process draws that no initial state "
          + "determines: generate it from a seed instead")
    case .randomBounces:
      throw .invalidArgument(
        "the \(rawValue)'s shapes leave each wall in a random direction, so no initial state "
          + "determines their paths: generate it from a seed instead")
    }
    guard !initialStates.isEmpty else { throw .invalidArgument("no initial states") }
    try checkTiming(frames: frames, dt: dt)
    for state in initialStates where state.count != 2 || !state.allSatisfy(\.isFinite) {
      throw .invalidArgument(
        "initial state \(state) must be two finite numbers (\(stateNames.joined(separator: ", ")))")
    }
    let parameters = try self.parameters(setting: overrides)
    let trajectories = initialStates.map {
      trajectory(from: $0, frames: frames, dt: dt, parameters: parameters)
    }
    for (s, states) in trajectories.enumerated() {
      guard let t = states.firstIndex(where: { !$0.allSatisfy(\.isFinite) }) else { continue }
      throw .invalidArgument(
        "the \(rawValue) diverges: sequence \(s) is not finite at frame \(t) (dt \(dt) s, "
          + zip(parameters.names, parameters.values).map { "\($0)=\($1)" }.joined(separator: " ")
          + "); use a smaller dt or other parameters")
    }
    return SceneSimulation(
      trajectories: trajectories, parameters: parameters, dt: dt,
      truth: truth(of: trajectories, parameters: parameters))
  }

  /// At least one frame, and a finite positive time step.
  private func checkTiming(frames: Int, dt: Double) throws(SceneError) {
    guard frames >= 1 else { throw .invalidArgument("frames must be at least 1") }
    guard dt.isFinite, dt > 0 else { throw .invalidArgument("time step \(dt) must be positive") }
  }

  /// The ground truth table: one row per frame of every sequence, with its state, the derived
  /// columns and every parameter.
  private func truth(of trajectories: [[[Double]]], parameters: SceneParameters) -> GroundTruth {
    var rows: [[Double]] = []
    rows.reserveCapacity(trajectories.count * (trajectories.first?.count ?? 0))
    for (s, states) in trajectories.enumerated() {
      for (t, state) in states.enumerated() {
        rows.append([Double(s), Double(t)] + state + derived(state) + parameters.values)
      }
    }
    let columns = ["sequence", "frame"] + stateNames + derivedNames + parameters.names
    return GroundTruth(columns: columns, rows: rows)
  }

  /// The most pixels one generated dataset may hold (2^31, 8 GiB of Float).
  public static let maximumPixels = 1 << 31

  /// The initial state of each sequence in `truth` (its frame-0 row), e.g. to render the true
  /// counterfactual of a generated dataset.
  public func initialStates(in truth: GroundTruth) -> [[Double]] {
    let columns = stateNames.compactMap { truth.columns.firstIndex(of: $0) }
    guard let frame = truth.column("frame"), columns.count == stateNames.count else { return [] }
    return truth.rows.indices.filter { frame[$0] == 0 }.map { row in
      columns.map { truth.rows[row][$0] }
    }
  }

  /// Adds independent N(0, sigma^2) noise to every pixel, two samples per draw by the
  /// Marsaglia polar method: for (a, b) uniform in the unit disc with r = a^2 + b^2,
  /// a sqrt(-2 ln r / r) and b sqrt(-2 ln r / r) are independent standard normals.
  static func addNoise(
    to pixels: UnsafeMutableBufferPointer<Float>, standardDeviation: Double,
    using generator: inout SeededGenerator
  ) {
    var i = 0
    while i < pixels.count {
      let a = 2 * generator.nextUnitDouble() - 1
      let b = 2 * generator.nextUnitDouble() - 1
      let r = a * a + b * b
      guard r > 0, r < 1 else { continue }
      let scale = standardDeviation * (-2 * log(r) / r).squareRoot()
      pixels[i] += Float(a * scale)
      if i + 1 < pixels.count { pixels[i + 1] += Float(b * scale) }
      i += 2
    }
  }

  private func derived(_ state: [Double]) -> [Double] {
    self == .pulsar ? [atan2(state[1], state[0])] : []
  }
}

/// The states of a scene's sequences and their ground truth, as `Scene.simulate` makes them.
struct SceneSimulation {
  /// `trajectories[s][t]`: the state of sequence s at frame t.
  let trajectories: [[[Double]]]
  /// The parameters the states were integrated with.
  let parameters: SceneParameters
  /// Seconds between frames.
  let dt: Double
  /// The ground truth table of every frame.
  let truth: GroundTruth
}

/// The streams of a scene's seed (`SeededGenerator.derived(stream:)`), one per thing it
/// seeds. No two may coincide for any sequences, or they would draw the same numbers (a
/// sequence's pixel noise repeating the draws of its initial state, say). Initial states
/// take streams s, pixel noise 2^40 + s, the background 2^41, the camera style's background
/// choice 2^41 + 1 and its textures 2^41 + 2; these are disjoint as a dataset has fewer than
/// 2^31 sequences (`Scene.maximumPixels`). The values are part of what a seed means: changing
/// one changes every generated dataset.
enum RandomStream {
  /// The initial state of sequence s (the gpball and the bounce: its whole path, the
  /// bounce's shape k bouncing by stream k of this one): stream s.
  static func initialState(_ sequence: Int) -> UInt64 { UInt64(sequence) }
  /// The pixel noise of sequence s: stream 2^40 + s.
  static func pixelNoise(_ sequence: Int) -> UInt64 { UInt64(sequence) | 1 << 40 }
  /// The background shared by all sequences (the pulsar's nebula): stream 2^41.
  static let background: UInt64 = 1 << 41
  /// The camera style's random choice of background: stream 2^41 + 1.
  static let cameraBackgroundChoice: UInt64 = 1 << 41 | 1
  /// The camera style's wall, floor and sky textures: stream 2^41 + 2.
  static let cameraTextures: UInt64 = 1 << 41 | 2
}
