import Foundation
import PhysicsVAE
import PriorLanguage
import VideoPrediction

/// `vidlat train --prior FILE [--data VIDEO ...] [--out RUNDIR] [...]`: turns the flags into
/// `TrainingSettings`, lets `Trainer.start` (or `Trainer.resume`) decide the run, prints what
/// it chose, and trains with a progress bar. `--model svg-lp|svg-fp|svg-deterministic`
/// trains SVG instead (`SVGTrainer`; TrainCommand+SVG.swift).
struct TrainCommand: Command {
  static let configuration = CommandConfiguration(
    name: "train",
    abstract:
      "Train a VAE whose latent variables are a prior's physical state (or, with --model, SVG).",
    discussion: """
      Without --data, trains on the built-in scene named by the prior (pendulum, spring, \
      falling, pulsar). The run folder holds the prior, config.json, metrics.csv (one row \
      per epoch), latest.ckpt and best.ckpt, training.log and pictures refreshed every \
      epoch (reconstruction.png, phase.svg, latents.svg). Ctrl-C saves a checkpoint; \
      --resume continues it bit-identically with the run's saved prior, data and settings \
      (only --epochs may be given again, to train longer); without --resume, train refuses \
      a folder that already holds a run.

      A prior with a phase plane, a pair of states that the video shows only by its angle \
      and that the prior turns (the pulsar's (u, v)), gets settings of its own for the \
      options marked "phase plane: chosen": a window of one turn, the KL terms alone first, \
      the variances and learnable parameters held, beta-t = beta-m = 100 and window cuts \
      later. train prints what it chose; a flag given overrides the choice, and \
      --no-phase-settings keeps the plain defaults. See docs/method.md, "Phase planes".

      With --data, the options marked "chosen from the data" follow the clips: colour when \
      they have it; for natural frames (not nearly black and white) a calibrated Gaussian \
      likelihood, a learned background and KL weights ten times the defaults; sequences as \
      long as the longest clip when every clip is shorter than --frames; --crop auto finds the \
      region where the frames change. train prints each choice and why; vidlat preview shows \
      what the model will see. \
      See docs/method.md, "Frames from clips" and "Appearance".

      --model svg-lp, svg-fp or svg-deterministic trains SVG (Denton and Fergus 2018; \
      docs/svg.md), a learned video predictor, instead of the physics prior: no --prior; on \
      --data, or without it on the built-in --scene; windows of --context + --future frames \
      cut every --stride frames from sequences of --frames (default: the scene's, or the \
      shortest clip's); the options marked "SVG" set the network. --epochs, --batch, --size \
      (default \(SVGTrainingConfiguration().model.imageSize) with --model svg-...), --lr \
      (default \(SVGTrainingConfiguration().learningRate), the paper's), --frames, --stride, \
      --colour, --fps, --sequences and --seed apply too; the physics prior's other options do \
      not. The run folder holds config.json, metrics.csv, latest.ckpt and best.ckpt; \
      'vidlat predict RUN --samples N' samples its futures.

      Example: vidlat train --prior Priors/pendulum.prior --out runs/pendulum --epochs 40
      Example: vidlat train --model svg-lp --scene bounce --size 32 --out runs/svg-lp
      """,
    arguments: [
      .option(
        "model", value: "kind", default: TrainedModel.physics.name,
        help:
          "What to train: \(TrainedModel.physics.name) (the VAE with --prior), or SVG: "
          + SVGVariant.allCases.map(\.modelName).joined(separator: ", ") + "."),
      .option("prior", value: "file", help: "The .prior file (--model physics)."),
      .option(
        "data", value: "video", occurs: .asList,
        help:
          "Training clips: files (y4m, or anything ffmpeg reads: mp4, mov, ...), folders of "
          + "clips, glob patterns ('clips/*.mp4'), PGM-frame folders, 'vidlat dataset' folders."),
      .option("out", value: "rundir", help: "Run folder (default: runs/<prior name>)."),
    ]
      + TrainingSetting.all.map { setting in
        .option(
          setting.name, value: setting.valueName,
          default: setting.defaultText + (setting.adaptsToPrior ? "; phase plane: chosen" : ""),
          help: setting.help)
      } + SVGSetting.all.map(\.definition) + [
        .flag(
          "phase-settings", inverted: true, default: true,
          help: "Choose the settings marked \"phase plane\" for a prior with a phase plane."),
        .flag("resume", help: "Continue the run in --out from its latest checkpoint."),
      ])

  var model: TrainedModel
  /// The .prior file; nil for SVG (and an SVG run resumed).
  var priorFile: String?
  var data: [String]
  var out: String?
  var settings = TrainingSettings()
  var resume: Bool
  /// The options written that a resumed run keeps from its config.json.
  var fixedOnResume: [String]
  /// The SVG run's configuration (--model svg-...), from its options and the shared ones.
  var svg: SVGTrainingConfiguration?
  /// Options given that the model does not use (the physics prior's with --model svg-...,
  /// SVG's with physics).
  var unused: [String]

  init(arguments: ParsedArguments) throws(UsageError) {
    model = try TrainedModel(
      name: try arguments.value("model", as: .choice(TrainedModel.names)))
    priorFile = try arguments.optionalValue("prior", as: .existingFile)
    data = try arguments.values("data", as: .string)
    out = try arguments.optionalValue("out", as: .string)
    resume = arguments.flag("resume")
    settings.adaptation = arguments.flag("phase-settings") ? .toPrior : .plainDefaults
    for setting in TrainingSetting.all where arguments.contains(setting.name) {
      try setting.parse(arguments, into: &settings.configuration)
      settings.given.insert(setting)
    }
    let given = settings.given
    fixedOnResume =
      ["data", "phase-settings", "model"].filter(arguments.contains)
      + TrainingSetting.all.filter { given.contains($0) && !$0.changesOnResume }.map(\.name)
      + SVGSetting.all.map(\.name).filter(arguments.contains)
    (svg, unused) = try Self.svgConfiguration(
      model, arguments: arguments, settings: settings, data: data)
  }

  func validate() throws(UsageError) {
    if let problem = settings.configuration.problem { throw UsageError(problem) }
    if resume && out == nil {
      throw UsageError("--resume needs the run folder", hint: "give --out RUNDIR")
    }
    if resume, let option = fixedOnResume.first {
      throw UsageError(
        "--\(option) cannot change a resumed run: it continues with the settings saved in its "
          + "config.json",
        hint: "give only \(resumesSVGRun ? "" : "--prior, ")--out and --epochs with --resume")
    }
    try validateModel()
  }

  /// The run folder: `--out`, or runs/<the prior file's name> (runs/<model> for SVG).
  var runPath: String {
    out ?? "runs/"
      + (priorFile.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
        ?? model.name)
  }

  func run(context: CommandContext) throws {
    if svg != nil || resumesSVGRun { return try runSVG(context: context) }
    guard let prior = priorFile else { throw UsageError("missing '--prior <file>'") }
    let output = context.standardOutput
    let trainer =
      resume
      ? try Trainer.resume(
        runPath: runPath, priorFile: prior,
        epochs: settings.given.contains(.epochs) ? settings.configuration.schedule.epochs : nil)
      : try Trainer.start(
        priorFile: prior, dataFiles: data, settings: settings, runPath: runPath)
    output.writeLine(
      data.isEmpty && !resume
        ? "no --data given: training on the built-in scene (\(trainer.data.summary))"
        : "data: \(trainer.data.summary)")
    output.writeLine("run folder: \(runPath)")
    describeChoices(of: trainer).forEach(output.writeLine)
    if !trainer.dataChoices.isEmpty {
      output.writeLine("chosen from the data (a flag given overrides one):")
      for choice in trainer.dataChoices {
        output.writeLine("  \(choice.setting) \(choice.value): \(choice.reason)")
      }
    }
    let schedule = trainer.configuration.schedule
    schedule.describe(
      learnable: trainer.state.learnable.names,
      completedEpochs: trainer.state.progress.completedEpochs
    ).forEach(output.writeLine)
    try train(trainer, epochs: schedule.epochs, output: output)
    // Every epoch rejected its steps or validated to NaN: the run has no usable checkpoint.
    let progress = trainer.state.progress
    if !progress.records.isEmpty && !progress.bestValidationLoss.isFinite {
      throw TrainingError.diverged(
        "no epoch had a finite validation loss, so \(trainer.run.bestCheckpointPath) was not "
          + "written; the prior (its dt and parameters) or the learning rate makes the loss "
          + "non-finite (see \(runPath)/training.log)")
    }
  }

  /// Trains with one progress bar over every step this session trains (not one per epoch),
  /// so that its elapsed time and ETA are those of the whole run.
  private func train(_ trainer: Trainer, epochs: Int, output: TextOutput) throws {
    let stepsPerEpoch = trainer.stepsPerEpoch
    let position = trainer.state.progress
    let (bar, stepsBefore) = Self.progressBar(
      epochs: epochs, stepsPerEpoch: stepsPerEpoch, completedEpochs: position.completedEpochs,
      stepInEpoch: position.stepInEpoch, output: output)
    InterruptFlag.install()
    var interrupted = false
    try trainer.train(
      shouldStop: { InterruptFlag.isSet },
      report: { event in
        switch event {
        case .step(let epoch, let step, _, let running, _):
          bar.label = "epoch \(epoch)/\(epochs)"
          var fields = [
            ("loss", format(running.total)), ("rec", format(running.reconstruction)),
            ("KLt", format(running.transitionKL)), ("KLm", format(running.marginalKL)),
          ]
          if let last = trainer.state.progress.records.last {
            fields += last.recovery.map { ("R2 \($0.name)", String(format: "%.3f", $0.rSquared)) }
          }
          bar.update(completed: (epoch - 1) * stepsPerEpoch + step - stepsBefore, fields: fields)
        case .rejected(let epoch, let step, let reason, let rate):
          bar.message("epoch \(epoch) step \(step): \(reason); step rejected, lr now \(rate)")
        case .epoch(let record):
          var line =
            "epoch \(record.epoch): loss \(format(record.train.total)), "
            + "val \(format(record.validation.total))"
          for recovery in record.recovery {
            line += String(
              format: ", R2 %@ %.3f (affine %.3f)", recovery.name, recovery.rSquared,
              recovery.affineRSquared)
          }
          for (name, value) in zip(trainer.state.learnable.names, record.parameters) {
            line += ", \(name) \(format(value))"
          }
          bar.message(line + String(format: ", %.0f s", record.seconds))
        case .aligned(let message):
          bar.message(message)
        case .stopped(let epoch, let step):
          interrupted = true
          bar.end(with: Self.interruptedMessage(epoch: epoch, step: step))
        }
      })
    if interrupted { throw ExitCode.interrupted }
    bar.finish()
  }

  /// The settings the trainer chose for the prior's phase planes: nothing when none was.
  private func describeChoices(of trainer: Trainer) -> [String] {
    let planes = trainer.symmetries.phasePlanes
    guard let slowest = planes.map(\.stepsPerTurn).max(), !trainer.choices.isEmpty else {
      return []
    }
    let states = trainer.description.states
    let names = planes.map {
      "(\(states[$0.plane.first].name), \(states[$0.plane.second].name))"
    }.joined(separator: " and ")
    let heading =
      "phase plane \(names): the video shows only its angle, and the prior turns it (the "
      + "slowest) once every \(format(slowest)) steps; settings chosen (a flag given "
      + "overrides one):"
    return [heading] + trainer.choices.map { "  \($0.setting) \($0.value): \($0.reason)" }
  }

  func format(_ value: Double) -> String {
    String(format: "%.4g", value)
  }

  /// The progress bar over the steps a run has left, whichever model it trains, and the
  /// steps it had done before.
  static func progressBar(
    epochs: Int, stepsPerEpoch: Int, completedEpochs: Int, stepInEpoch: Int,
    output: TextOutput
  ) -> (ProgressBar, stepsBefore: Int) {
    let stepsBefore = completedEpochs * stepsPerEpoch + stepInEpoch
    let bar = ProgressBar(
      label: "epoch", total: epochs * stepsPerEpoch - stepsBefore, output: output)
    return (bar, stepsBefore)
  }

  /// What a run stopped by Ctrl-C says last, whichever model it trains.
  static func interruptedMessage(epoch: Int, step: Int) -> String {
    "interrupted at epoch \(epoch) step \(step): checkpoint saved; --resume continues"
  }
}
