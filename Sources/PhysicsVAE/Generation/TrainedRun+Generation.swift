import Engine
import PriorLanguage
import Video
import VidlatSupport

/// Frames predicted past a context, with their quality when the real frames exist.
public struct Prediction: Sendable {
  /// The decoded rollout: the K context frames' reconstruction, then H predicted frames.
  public var frames: VideoSequences
  /// The states of the rollout (`(K + H) x d`); frame K-1 is the encoded starting state.
  public var states: [Double]
  /// PSNR (dB) of each predicted frame (after the context) against the real frame, when the
  /// video has it.
  public var psnr: [Double]
  /// SSIM of the same frames (`FrameQuality.ssim`; NaN for frames under 11 x 11 pixels).
  public var ssim: [Double]
}

/// A counterfactual: the same encoded initial states rolled out under an intervention.
public struct Counterfactual: Sendable {
  /// Rolled out under the trained prior (the factual reconstruction).
  public var factual: VideoSequences
  /// Rolled out under the intervention.
  public var counterfactual: VideoSequences
  /// The initial states used, after any change of initial conditions (`count x d`).
  public var initialStates: [Double]
  /// The counterfactual rollout's states (`count x T x d`).
  public var states: [Double]
}

/// What to change for an intervention.
public struct Intervention: Sendable {
  /// Overrides of the prior (`c=0.8`, `dt=0.02`, ...) applied with `Prior.applying`.
  public var overrides: [Override]
  /// New initial values of named state components (`x=1.2`).
  public var initialValues: [String: Double]
  /// Another prior to roll out with (its state components must have the trained prior's
  /// names); the decoder still sees the trained prior's h.
  public var otherPrior: Prior?
  /// How errors name the intervention, e.g. the command-line flags that made it
  /// (`--init x=1e300`).
  public var label: String

  public init(
    overrides: [Override] = [], initialValues: [String: Double] = [:], otherPrior: Prior? = nil,
    label: String = "the intervention"
  ) {
    self.overrides = overrides
    self.initialValues = initialValues
    self.otherPrior = otherPrior
    self.label = label
  }
}

/// Why a counterfactual could not be drawn: the intervention took the state where the trained
/// decoder cannot follow.
public enum InterventionError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A state component, or an observation written `h(...)`, of the intervened rollout is not
  /// finite in the decoder's single precision (|value| > 3.4e38, infinite or NaN), first at
  /// `step` (0: the initial state) of `sequence`.
  case nonFiniteRollout(label: String, sequence: Int, step: Int, name: String, value: Double)
  /// The rollout is finite but the decoder's output for it is not (`reason` says where).
  case nonFiniteFrames(label: String, reason: String)

  public var description: String {
    switch self {
    case .nonFiniteRollout(let label, let sequence, let step, let name, let value):
      "the rollout with \(label) is not finite at step \(step) (sequence \(sequence)): "
        + "\(name) = \(value)"
        + (value.isFinite ? ", beyond the single precision (3.4e38) of the decoder" : "")
    case .nonFiniteFrames(let label, let reason):
      "the frames decoded from the rollout with \(label) are not finite (\(reason)): its states "
        + "are too far from those the model was trained on"
    }
  }
}

extension TrainedRun {
  /// Encodes the first `context` frames of `video`, carries the latent state `horizon` more
  /// frames past the last of them as `extrapolation` says (the prior's mean dynamics, or
  /// linearly), and decodes.
  public mutating func predict(
    video: Video, context: Int, horizon: Int, extrapolation: LatentExtrapolation = .prior
  ) throws -> Prediction {
    guard context >= extrapolation.minimumContext, context <= video.frameCount else {
      throw TrainingError.configuration(
        "the context (\(context) frames) must be between \(extrapolation.minimumContext) and "
          + "the video's \(video.frameCount)"
          + (extrapolation == .linear ? " (linear extrapolation needs two frames)" : ""))
    }
    let contextFrames = VideoSequences(
      count: 1, length: context, height: video.height, width: video.width,
      colour: video.colour, framesPerSecond: video.framesPerSecond,
      pixels: Array(video.pixels[0..<(context * video.pixelsPerFrame)]), startFrames: [0])
    let posteriors = try encode(contextFrames)
    let d = posteriors.dimension
    let start = Array(posteriors.means[((context - 1) * d)..<(context * d)])
    let future: [Double]
    switch extrapolation {
    case .prior:
      var noNoise: SeededGenerator? = nil
      future =
        try kindForecast(context: posteriors, horizon: horizon)
        ?? Self.rollout(
          initialStates: start, transition: compiled, parameters: parameters, steps: horizon + 1,
          generator: &noNoise)
    case .linear:
      future =
        start
        + LatentExtrapolation.linear(
          previous: Array(posteriors.means[((context - 2) * d)..<((context - 1) * d)]),
          last: start, steps: horizon)
    }
    let states = Array(posteriors.means[0..<((context - 1) * d)]) + future
    let frames = try decode(states: states)
    var psnr: [Double] = []
    let pixels = video.pixelsPerFrame
    let known = context..<min(context + horizon, video.frameCount)
    for t in known {
      psnr.append(
        FrameQuality.psnr(
          Array(frames[(t * pixels)..<((t + 1) * pixels)]),
          Array(video.pixels[(t * pixels)..<((t + 1) * pixels)])))
    }
    let ssim = FrameQuality.ssim(
      Array(frames[(known.lowerBound * pixels)..<(known.upperBound * pixels)]),
      Array(video.pixels[(known.lowerBound * pixels)..<(known.upperBound * pixels)]),
      height: video.height, width: video.width, channels: video.channels)
    return Prediction(
      frames: sequences(frames, count: 1, steps: context + horizon), states: states, psnr: psnr,
      ssim: ssim)
  }

  /// Rolls the encoded first-frame states of `sequences` out for their length under the
  /// trained prior and under `intervention`, and decodes both.
  public mutating func intervene(on input: VideoSequences, _ intervention: Intervention) throws
    -> Counterfactual
  {
    try requireDynamicsForIntervention()
    let posteriors = try encode(input)
    let d = posteriors.dimension
    let steps = input.length
    var initial: [Double] = []
    for s in 0..<input.count {
      let row = s * steps * d
      initial += posteriors.means[row..<(row + d)]
    }
    var noNoise: SeededGenerator? = nil
    let factualStates = Self.rollout(
      initialStates: initial, transition: compiled, parameters: parameters, steps: steps,
      generator: &noNoise)
    // The intervened prior: another file, then overrides; learned values carried over for
    // parameters the overrides leave alone.
    var changed = intervention.otherPrior ?? prior
    if !intervention.overrides.isEmpty { changed = try changed.applying(intervention.overrides) }
    guard changed.model.states.map(\.name) == prior.model.states.map(\.name) else {
      throw TrainingError.configuration(
        "the intervened prior's state (\(changed.model.states.map(\.name).joined(separator: ", "))) "
          + "differs from the trained one (\(prior.model.states.map(\.name).joined(separator: ", ")))"
      )
    }
    let overridden = Set(
      intervention.overrides.compactMap { override -> String? in
        if case .parameter(let name) = override.target { return name }
        return nil
      })
    var theta = changed.model.parameters.map(\.value)
    for (i, parameter) in changed.model.parameters.enumerated()
    where !overridden.contains(parameter.name) {
      if let trained = prior.model.parameters.firstIndex(where: { $0.name == parameter.name }) {
        theta[i] = parameters[trained]
      }
    }
    for (name, value) in intervention.initialValues {
      guard let k = prior.model.states.firstIndex(where: { $0.name == name }) else {
        throw TrainingError.configuration(
          "no state component '\(name)' (the state is \(prior.model.states.map(\.name).joined(separator: ", ")))"
        )
      }
      for s in 0..<input.count { initial[s * d + k] = value }
    }
    let states = Self.rollout(
      initialStates: initial, transition: CompiledPrior(changed.model), parameters: theta,
      steps: steps, generator: &noNoise)
    try checkDecodable(states: states, steps: steps, label: intervention.label)
    let counterfactual: [Float]
    do {
      counterfactual = try decode(states: states)
    } catch {
      throw InterventionError.nonFiniteFrames(label: intervention.label, reason: "\(error)")
    }
    return Counterfactual(
      factual: sequences(try decode(states: factualStates), count: input.count, steps: steps),
      counterfactual: sequences(counterfactual, count: input.count, steps: steps),
      initialStates: initial, states: states)
  }

  /// Throws `InterventionError.nonFiniteRollout` for the first state component or
  /// observation of `states` (`count x steps x d`, sequence-major) that the decoder, in single
  /// precision, cannot take.
  private func checkDecodable(states: [Double], steps: Int, label: String) throws {
    let d = compiled.stateDimension
    let count = states.count / d
    let observed = compiled.observe(
      states: states, count: count, parameters: parameters, jacobians: false
    ).observations
    let o = observed.count / max(count, 1)
    let observations = prior.model.observations
    let names =
      prior.model.states.map(\.name)
      + (0..<o).map { $0 < observations.count ? "h(\(observations[$0].name))" : "h" }
    for row in 0..<count {
      let values =
        Array(states[(row * d)..<((row + 1) * d)])
        + Array(observed[(row * o)..<((row + 1) * o)])
      if let index = values.firstIndex(where: { !Float($0).isFinite }) {
        throw InterventionError.nonFiniteRollout(
          label: label, sequence: row / steps, step: row % steps,
          name: names[index], value: values[index])
      }
    }
  }

  /// `count` videos of `frames` frames generated from the prior alone: initial states from
  /// p0, rolled out with process noise, decoded.
  public mutating func sample(count: Int, frames: Int, seed: UInt64) throws -> VideoSequences {
    var generator = SeededGenerator(seed: seed)
    if let states = try LatentDraws.latents(
      of: prior.model, parameters: parameters, count: count, frames: frames, using: &generator)
    {
      return sequences(try decode(states: states), count: count, steps: frames)
    }
    let initial = compiled.sampleInitialStates(count: count, using: &generator)
    var noisy: SeededGenerator? = generator.derived(stream: 1)
    let states = Self.rollout(
      initialStates: initial, transition: compiled, parameters: parameters, steps: frames,
      generator: &noisy)
    return sequences(try decode(states: states), count: count, steps: frames)
  }
}

extension TrainedRun {
  /// The true rendering of `intervention` for sequences of a built-in scene: the scene
  /// re-rendered from the true initial states in `truth` of `sequences` (with the
  /// intervention's initial values), with the overridden parameters, `frames` long, with the
  /// run's seed (so a noisy scene's background matches). Nil when the run did not train on a
  /// built-in ODE scene (the gpball's paths follow from no initial state) or the
  /// intervention replaces the prior (its truth is unknown).
  public func trueRendering(
    truth: GroundTruth, sequences: [Int], frames: Int, intervention: Intervention
  ) throws -> VideoSequences? {
    guard let scene, scene.motion == .differentialEquation, intervention.otherPrior == nil
    else { return nil }
    let ordered = Evaluation.orderedRows(truth)
    let all = scene.initialStates(in: ordered)
    var initial = sequences.compactMap { $0 < all.count ? all[$0] : nil }
    guard initial.count == sequences.count else { return nil }
    for (name, value) in intervention.initialValues {
      guard let k = scene.stateNames.firstIndex(of: name) else { return nil }
      for i in initial.indices { initial[i][k] = value }
    }
    var changed = prior
    if !intervention.overrides.isEmpty { changed = try changed.applying(intervention.overrides) }
    var overrides: [String: Double] = [:]
    for override in intervention.overrides {
      guard case .parameter(let name) = override.target else {
        if case .timeStep = override.target { continue }
        return nil
      }
      guard let value = changed.model.parameters.first(where: { $0.name == name })?.value,
        scene.parameterNames.contains(name)
      else { return nil }
      overrides[name] = value
    }
    let (video, _) = try scene.render(
      initialStates: initial, frames: frames, size: size, dt: changed.model.dt,
      seed: settings.configuration.seed, parameters: overrides)
    return video
  }
}
