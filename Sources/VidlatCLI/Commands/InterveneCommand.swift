import Foundation
import PhysicsVAE
import PriorLanguage
import Video
import VidlatSupport

/// `vidlat intervene RUNDIR [--data VIDEO] [--set c=0.8] [--init x=1.2] [--prior OTHER]
/// --out cf.gif`: a counterfactual video from the same encoded initial state.
struct InterveneCommand: Command {
  static let configuration = CommandConfiguration(
    name: "intervene", abstract: "Roll out a counterfactual: change the physics, same start.",
    discussion: """
      Encodes the first frame of each sequence, rolls it out under the trained prior and \
      under the intervention (changed params with --set, initial values with --init, or \
      another prior with --prior), decodes both, and writes input, factual and \
      counterfactual side by side (plus the true rendering of the intervention when the run \
      trained on a built-in scene, with its PSNR), and a phase portrait with the intervened \
      prior drawn in. Example: vidlat intervene runs/pendulum --set c=0.8 --out damped.gif
      """,
    arguments: [
      .argument("rundir", help: "The run folder."),
      .checkpoint,
      .option("data", value: "video", help: "Video (default: the run's validation sequences)."),
      .option("set", value: "name=value", occurs: .repeatedly, help: "Change a param, e.g. c=0.8."),
      .option(
        "init", value: "name=value", occurs: .repeatedly,
        help: "Change an initial value, e.g. x=1.2."),
      .option("prior", value: "file", help: "Roll out with another .prior (same state names)."),
      .option("sequences", value: "n", default: "3", help: "Sequences to show."),
      .option("out", value: "gif", default: "counterfactual.gif", help: "Side-by-side animation."),
      .option("phase", value: "svg", help: "Phase portrait (default: --out with .svg)."),
    ])

  var run: String
  var checkpoint: TrainedRun.Checkpoint
  var data: String?
  var overrides: [String]
  var initialValues: [Assignment]
  /// The intervention's flags as written (`--set c=0.8 --init x=1.2`), to name it in errors.
  var flags: String
  var otherPrior: String?
  var count: Int
  var out: String
  var phase: String?

  init(arguments: ParsedArguments) throws(UsageError) {
    run = try arguments.value("rundir", as: .existingDirectory)
    checkpoint = try arguments.checkpoint()
    data = try arguments.optionalValue("data", as: .string)
    overrides = try arguments.values("set", as: .string)
    initialValues = try arguments.values("init", as: .assignment)
    otherPrior = try arguments.optionalValue("prior", as: .existingFile)
    flags =
      (overrides.map { "--set \($0)" }
      + (try arguments.values("init", as: .string)).map { "--init \($0)" }
      + (otherPrior.map { ["--prior \($0)"] } ?? [])).joined(separator: " ")
    count = try arguments.value("sequences", as: .integer(in: 1...64))
    out = try arguments.value("out", as: .string)
    phase = try arguments.optionalValue("phase", as: .string)
  }

  func validate() throws(UsageError) {
    if overrides.isEmpty && initialValues.isEmpty && otherPrior == nil {
      throw UsageError("nothing to change", hint: "give --set, --init or --prior")
    }
  }

  func run(context: CommandContext) throws {
    var trained = try TrainedRun(path: run, checkpoint: checkpoint)
    let changedPrior = try otherPrior.map { try context.loadPrior($0) }
    // Overrides and initial values are checked against the prior they change: a bad one is
    // a usage error naming its option, as for simulate.
    let parsedOverrides = try context.parseOverrides(settings: overrides, initialValues: [])
    _ = try context.applying(parsedOverrides, to: changedPrior ?? trained.prior)
    let stateNames = trained.prior.model.states.map(\.name)
    for value in initialValues where !stateNames.contains(value.name) {
      throw UsageError(
        "unknown state component '\(value.name)' in '--init <name=value>' (the state is "
          + "\(stateNames.joined(separator: ", ")))")
    }
    if let otherPrior, let changedPrior,
      changedPrior.model.states.map(\.name) != stateNames
    {
      throw UsageError(
        "invalid value '\(otherPrior)' for '--prior <file>': its state ("
          + changedPrior.model.states.map(\.name).joined(separator: ", ")
          + ") differs from the run's (\(stateNames.joined(separator: ", ")))",
        hint: "an intervention's prior must have the same state names")
    }
    let intervention = Intervention(
      overrides: parsedOverrides,
      initialValues: Dictionary(
        initialValues.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
      otherPrior: changedPrior, label: flags)
    let source: VideoSequences
    var truth: GroundTruth?
    if let data {
      (source, truth) = try trained.sequences(from: data, truthPath: nil)
    } else {
      let validation = try trained.validationData()
      source = validation.validation.count > 0 ? validation.validation : validation.train
      truth = validation.validationTruth
    }
    let shown = Array(0..<min(count, source.count))
    let input = source.selecting(shown)
    let result = try trained.intervene(on: input, intervention)
    var rows: [FrameSheet.Row] = []
    let expected =
      try truth.flatMap {
        try trained.trueRendering(
          truth: $0, sequences: shown, frames: input.length, intervention: intervention)
      }
    let output = context.standardOutput
    for s in shown.indices {
      rows.append(FrameSheet.Row(label: "input", video: input.sequence(s)))
      rows.append(FrameSheet.Row(label: "factual", video: result.factual.sequence(s)))
      rows.append(FrameSheet.Row(label: "counterfactual", video: result.counterfactual.sequence(s)))
      if let expected { rows.append(FrameSheet.Row(label: "true", video: expected.sequence(s))) }
    }
    try AtomicFile.write(FrameSheet.sideBySideGIF(rows: rows), to: out)
    if let expected {
      let psnr = FrameQuality.psnr(result.counterfactual.pixels, expected.pixels)
      output.writeLine(
        String(
          format: "PSNR of the counterfactual against the true rendering: %.2f dB "
            + "(%d sequences x %d frames)", psnr, shown.count, input.length))
    }
    // The phase portrait with the intervened prior's mixture from the counterfactual starts.
    let phasePath = phase ?? (out.hasSuffix(".gif") ? String(out.dropLast(4)) : out) + ".svg"
    let posteriors = try trained.encode(input)
    var generator = SeededGenerator(seed: 0)
    let trainedMixture = PriorMixture.linearized(
      model: trained.compiled, initial: trained.prior.model.initial, chains: 16,
      steps: input.length, parameters: trained.parameters, using: &generator)
    let d = posteriors.dimension
    if d >= 2 {
      let counterfactualPath = Plot.Line(
        name: "counterfactual", x: (0..<input.length).map { result.states[$0 * d] },
        y: (0..<input.length).map { result.states[$0 * d + 1] }, colour: 2)
      var changed = intervention.otherPrior ?? trained.prior
      if !intervention.overrides.isEmpty { changed = try changed.applying(intervention.overrides) }
      let intervenedMixture = PriorMixture.linearized(
        model: CompiledPrior(changed.model), initial: changed.model.initial, chains: 16,
        steps: input.length, parameters: changed.model.parameters.map(\.value),
        using: &generator)
      let extra = Plot.Mixture(
        name: "intervened prior GMM",
        means: (0..<intervenedMixture.componentCount).map {
          (intervenedMixture.means[$0 * d], intervenedMixture.means[$0 * d + 1])
        },
        covariances: (0..<intervenedMixture.componentCount).map {
          let c = $0 * d * d
          return (
            intervenedMixture.covariances[c], intervenedMixture.covariances[c + 1],
            intervenedMixture.covariances[c + d + 1]
          )
        }, colour: 3)
      if var plot = RunFolder.phasePortrait(
        description: trained.prior.model, prior: trainedMixture, posteriors: posteriors,
        title: "intervention", extra: [extra])
      {
        plot.lines.append(counterfactualPath)
        try AtomicFile.write(plot.svg(), to: phasePath)
        output.writeLine("phase portrait -> \(phasePath)")
      }
    }
    output.writeLine("-> \(out)")
  }
}
