import Engine
import PriorLanguage
import Video
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension RunFolder {
  /// Refreshes the run's pictures from the current model: `reconstruction.png` (the first
  /// validation sequences and their reconstructions D(h(mu))), `phase.svg` (the prior
  /// mixture and the posterior mixture of those sequences in the plane of the first two
  /// state components) and `latents.svg` (the first configuration variable's posterior mean
  /// +- 2 sigma over the first sequence, against the truth when known).
  func writePictures(
    model: inout VAE, prior: KLPrior, description: PriorModel, data: TrainingData
  ) throws {
    let source = data.validation.count > 0 ? data.validation : data.train
    let shown = source.selecting(Array(0..<min(3, source.count)))
    let posteriors = try prior.latentPosteriors(model.encode(shown))
    let frames = try model.render(
      states: posteriors.means, prior: prior.transition, parameters: prior.parameters)
    var rows: [FrameSheet.Row] = []
    for s in 0..<shown.count {
      let reconstruction = VideoSequences(
        count: 1, length: shown.length, height: shown.height, width: shown.width,
        colour: shown.colour, framesPerSecond: shown.framesPerSecond,
        pixels: Array(
          frames[(s * shown.pixelsPerSequence)..<((s + 1) * shown.pixelsPerSequence)]),
        startFrames: [0])
      rows.append(FrameSheet.Row(label: "input \(s + 1)", video: shown.sequence(s)))
      rows.append(FrameSheet.Row(label: "recon \(s + 1)", video: reconstruction.sequence(0)))
    }
    try PNG.write(FrameSheet.picture(rows: rows, maxFrames: 20, step: 2), to: reconstructionPath)

    var generator = SeededGenerator(seed: 0)
    let mixture = PriorMixture.linearized(
      model: prior.transition, initial: prior.initial, chains: prior.mixtureChains,
      steps: shown.length, parameters: prior.parameters, using: &generator)
    if let plot = Self.phasePortrait(
      description: description, prior: mixture, posteriors: posteriors,
      title: "latent phase space")
    {
      try AtomicFile.write(plot.svg(), to: phasePortraitPath)
    }
    let truth = data.validation.count > 0 ? data.validationTruth : nil
    try AtomicFile.write(
      Self.latentPlot(
        description: description, posteriors: posteriors, sequence: 0, truth: truth,
        dt: description.dt
      ).svg(), to: latentsPath)
  }

  /// The prior mixture, the posterior mixture and any `extra` mixtures (e.g. an intervened
  /// prior) in the plane of state components 0 and 1; nil when the state has one component.
  public static func phasePortrait(
    description: PriorModel, prior: PriorMixture, posteriors: FramePosteriors, title: String,
    extra: [Plot.Mixture] = []
  ) -> Plot? {
    let d = description.states.count
    guard d >= 2 else { return nil }
    let priorMixture = Plot.Mixture(
      name: "prior GMM",
      means: (0..<prior.componentCount).map {
        (prior.means[$0 * d], prior.means[$0 * d + 1])
      },
      covariances: (0..<prior.componentCount).map {
        let c = $0 * d * d
        return (prior.covariances[c], prior.covariances[c + 1], prior.covariances[c + d + 1])
      }, colour: 0)
    let posteriorMixture = Plot.Mixture(
      name: "posterior GMM",
      means: (0..<posteriors.count).map {
        (posteriors.means[$0 * d], posteriors.means[$0 * d + 1])
      },
      covariances: (0..<posteriors.count).map {
        (exp(posteriors.logVariances[$0 * d]), 0, exp(posteriors.logVariances[$0 * d + 1]))
      }, colour: 1)
    return Plot.phasePortrait(
      title: title, position: description.states[0].name,
      velocity: description.states[1].name, mixtures: [priorMixture, posteriorMixture] + extra)
  }

  /// The first configuration variable's posterior mean +- 2 sigma over sequence `sequence`,
  /// with the truth (the rows of that sequence) when given.
  public static func latentPlot(
    description: PriorModel, posteriors: FramePosteriors, sequence: Int, truth: GroundTruth?,
    dt: Double
  ) -> Plot {
    let variable = description.variables[0]
    let d = posteriors.dimension
    let frames = posteriors.frameCount
    let rows = (0..<frames).map { (sequence * frames + $0) * d + variable.firstStateIndex }
    var truthValues: [Double]?
    if let truth, let column = Evaluation.orderedRows(truth).column(variable.name),
      column.count >= (sequence + 1) * frames
    {
      truthValues = Array(column[(sequence * frames)..<((sequence + 1) * frames)])
    }
    return Plot.timeSeries(
      title: "\(variable.name): posterior against truth",
      time: (0..<frames).map { Double($0) * dt },
      estimate: rows.map { posteriors.means[$0] },
      standardDeviation: rows.map { exp(0.5 * posteriors.logVariances[$0]) },
      truth: truthValues, variable: variable.name)
  }
}
