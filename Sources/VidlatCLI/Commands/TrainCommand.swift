import Foundation
import PhysicsVAE
import PriorLanguage

/// `vidlat train --prior FILE [--data VIDEO ...] [--out RUNDIR] [...]`: train a VAE whose
/// latent state is the prior's physical state.
struct TrainCommand: Command {
  static let configuration = CommandConfiguration(
    name: "train", abstract: "Train a VAE whose latent variables are a prior's physical state.",
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
      options marked "phase" above: a window of one turn, the KL terms alone first, the \
      variances and learnable parameters held, beta-t = beta-m = 100 and window cuts later \
      (the epochs are those of a 40-epoch run). train prints what it chose; a flag given \
      overrides the choice, and --no-phase-settings keeps the plain defaults. See \
      docs/method.md, "Phase planes".

      Example: vidlat train --prior Priors/pendulum.prior --out runs/pendulum --epochs 40
      """,
    arguments: [
      .option("prior", value: "file", required: true, help: "The .prior file."),
      .option(
        "data", value: "video", repeatable: true,
        help: "Training video(s) (y4m, PGM folder, or anything ffmpeg reads)."),
      .option("out", value: "rundir", help: "Run folder (default: runs/<prior name>)."),
      .option("epochs", value: "n", default: "40", help: "Epochs to train."),
      .option("batch", value: "b", default: "16", help: "Sequences per minibatch."),
      .option("frames", value: "t", default: "40", help: "Frames per training sequence."),
      .option("size", value: "pixels", default: "32", help: "Frame side: 32 or 64."),
      .option(
        "window", value: "frames",
        help: "Frames the encoder sees around each frame (odd; default: 3; phase: one turn)."),
      .option("lr", value: "rate", default: "0.001", help: "Adam learning rate."),
      .option(
        "param-lr", value: "rate", default: "0.01",
        help:
          "Adam learning rate of the prior's learnable parameters (a fraction of the value "
          + "for those with a positive range, learned on a log scale)."),
      .option(
        "param-warmup", value: "epochs",
        help:
          "Epochs during which the learnable parameters are held at their initial values "
          + "(default: 20; phase: all)."),
      .option(
        "variance-warmup", value: "epochs",
        help:
          "Epochs during which the posterior standard deviations are held at 0.1 (default: 10; "
          + "phase: all)."),
      .option(
        "dynamics-first", value: "epochs",
        help:
          "Epochs during which the encoder learns the prior's dynamics alone (KL terms only, "
          + "no reconstruction; the decoder waits; default: 0; phase: 12)."),
      .option(
        "window-cuts-from", value: "epoch",
        help:
          "From this epoch on, 30% of the training frames see their encoder window cut short "
          + "on one side, as at a sequence's ends (for a long --window; default: never; "
          + "phase: 25)."),
      .option(
        "beta-t", value: "weight",
        help: "Weight of the transition KL (default: 10; phase: 100)."),
      .option(
        "beta-m", value: "weight", help: "Weight of the marginal KL (default: 1; phase: 100)."),
      .option(
        "warmup", value: "epochs", default: "0",
        help: "Epochs over which both KL weights ramp up from 0."),
      .option(
        "sequences", value: "n", default: "256",
        help: "Sequences rendered when training on a built-in scene."),
      .option("seed", value: "n", default: "0", help: "Random seed (same seed, same run)."),
      .flag(
        "phase-settings", inverted: true, default: true,
        help: "Choose the settings marked \"phase\" for a prior with a phase plane."),
      .flag("resume", help: "Continue the run in --out from its latest checkpoint."),
    ])

  var prior: String
  var data: [String]
  var out: String?
  var configuration: TrainingConfiguration
  var resume: Bool
  /// Whether --epochs was written (a resumed run keeps its saved count otherwise).
  var epochsGiven: Bool
  /// Options written that a resumed run cannot change (it keeps its saved ones).
  var fixedOnResume: [String]
  /// The settings given as options, which a phase plane's choices leave alone.
  var givenSettings: Set<TrainingConfiguration.Setting>
  /// Whether a phase plane's settings are chosen (--no-phase-settings: the plain defaults).
  var phaseSettings: Bool

  /// The option of a setting that a phase plane chooses.
  static func option(for setting: TrainingConfiguration.Setting) -> String {
    switch setting {
    case .window: "window"
    case .parameterWarmup: "param-warmup"
    case .varianceWarmup: "variance-warmup"
    case .dynamicsFirst: "dynamics-first"
    case .windowCutsStart: "window-cuts-from"
    case .transitionWeight: "beta-t"
    case .marginalWeight: "beta-m"
    }
  }

  /// Options a run saves in config.json at its start; --resume keeps them.
  static let savedOptions = [
    "data", "batch", "frames", "size", "window", "lr", "param-lr", "param-warmup",
    "variance-warmup", "dynamics-first", "window-cuts-from", "beta-t", "beta-m", "warmup",
    "sequences", "seed", "phase-settings",
  ]

  init(arguments: ParsedArguments) throws(UsageError) {
    prior = try arguments.value("prior", as: .existingFile)
    data = try arguments.values("data", as: .string)
    out = try arguments.optionalValue("out", as: .string)
    var configuration = TrainingConfiguration()
    configuration.epochs = try arguments.value("epochs", as: .integer(in: 1...1_000_000))
    configuration.batchSize = try arguments.value("batch", as: .integer(in: 1...100_000))
    configuration.frameCount = try arguments.value("frames", as: .integer(in: 2...100_000))
    configuration.size = try arguments.value("size", as: .integer(in: 32...64))
    if let window = try arguments.optionalValue("window", as: .integer(in: 1...255)) {
      configuration.window = window
    }
    configuration.learningRate = try arguments.value("lr", as: .double)
    configuration.parameterLearningRate = try arguments.value("param-lr", as: .double)
    let settings:
      [(TrainingConfiguration.Setting, WritableKeyPath<TrainingConfiguration, Double>)] = [
        (.parameterWarmup, \.parameterWarmupEpochs), (.varianceWarmup, \.varianceWarmupEpochs),
        (.dynamicsFirst, \.dynamicsFirstEpochs), (.transitionWeight, \.transitionWeight),
        (.marginalWeight, \.marginalWeight),
      ]
    for (setting, keyPath) in settings {
      if let value = try arguments.optionalValue(Self.option(for: setting), as: .double) {
        configuration[keyPath: keyPath] = value
      }
    }
    configuration.windowCutsStartEpoch = try arguments.optionalValue(
      "window-cuts-from", as: .double)
    configuration.warmupEpochs = try arguments.value("warmup", as: .double)
    configuration.sceneSequences = try arguments.value("sequences", as: .integer(in: 2...1_000_000))
    configuration.seed = UInt64(try arguments.value("seed", as: .integer(in: 0...Int.max)))
    self.configuration = configuration
    resume = arguments.flag("resume")
    epochsGiven = arguments.contains("epochs")
    fixedOnResume = Self.savedOptions.filter { arguments.contains($0) }
    phaseSettings = arguments.flag("phase-settings")
    givenSettings = Set(
      TrainingConfiguration.Setting.allCases.filter { arguments.contains(Self.option(for: $0)) })
  }

  func validate() throws(UsageError) {
    if let problem = configuration.problem { throw UsageError(problem) }
    if resume && out == nil {
      throw UsageError("--resume needs the run folder", hint: "give --out RUNDIR")
    }
    if resume, let option = fixedOnResume.first {
      throw UsageError(
        "--\(option) cannot change a resumed run: it continues with the settings saved in "
          + "its config.json", hint: "give only --prior, --out and --epochs with --resume")
    }
  }

  func run(context: CommandContext) throws {
    let output = context.standardOutput
    let runPath =
      out ?? "runs/" + URL(fileURLWithPath: prior).deletingPathExtension().lastPathComponent
    let run = RunFolder(path: runPath)
    if !resume && FileManager.default.fileExists(atPath: run.configurationPath) {
      throw TrainingError.runFolder(
        "\(runPath) already holds a run (\(run.configurationPath)): continue it with --resume, "
          + "or give another --out")
    }
    if resume, let saved = try? run.readPriorSource(),
      let given = try? String(contentsOfFile: prior, encoding: .utf8), given != saved
    {
      throw TrainingError.runFolder(
        "\(prior) differs from the prior the run in \(runPath) trained with "
          + "(\(run.priorPath)): --resume continues that one; give it as --prior, or start "
          + "a new run with another --out")
    }
    let trainer: Trainer
    var phaseLines: [String] = []
    if resume {
      trainer = try Trainer.resume(
        runPath: runPath, epochs: epochsGiven ? configuration.epochs : nil)
    } else {
      let loaded = try Prior(contentsOfFile: prior)
      var configuration = configuration
      if phaseSettings {
        let planes = PhasePlane.find(in: loaded.model)
        let choices = configuration.adoptPhaseSettings(for: planes, keeping: givenSettings)
        phaseLines = describe(choices, for: planes, of: loaded.model)
      }
      trainer = try Trainer.start(
        prior: loaded, priorFile: prior, dataFiles: data, configuration: configuration,
        runPath: runPath)
    }
    if data.isEmpty && !resume {
      output.writeLine("no --data given: training on the built-in scene (\(trainer.data.summary))")
    } else {
      output.writeLine("data: \(trainer.data.summary)")
    }
    output.writeLine("run folder: \(runPath)")
    phaseLines.forEach(output.writeLine)
    /// Whether a warm-up of `epochs` has epochs left to train.
    func warmingUp(_ epochs: Double) -> Bool {
      epochs > 0 && trainer.state.completedEpochs < Int(epochs.rounded(.up))
    }
    let learnable = trainer.state.learnable.names
    let warmup = trainer.configuration.parameterWarmupEpochs
    if !learnable.isEmpty && warmingUp(warmup) {
      output.writeLine(
        "learnable \(learnable.joined(separator: ", ")) held at their initial values for the "
          + "first \(format(warmup)) epochs (--param-warmup)")
    }
    let held = trainer.configuration.varianceWarmupEpochs
    if warmingUp(held) {
      output.writeLine(
        "posterior standard deviations held at 0.1 for the first \(format(held)) epochs "
          + "(--variance-warmup)")
    }
    let dynamicsFirst = trainer.configuration.dynamicsFirstEpochs
    if warmingUp(dynamicsFirst) {
      output.writeLine(
        "no reconstruction for the first \(format(dynamicsFirst)) epochs: the encoder learns "
          + "the prior's dynamics first (--dynamics-first)")
    }
    if let start = trainer.configuration.windowCutsStartEpoch {
      output.writeLine(
        "from epoch \(format(start + 1)) on, \(format(100 * FrameWindows.trainingCutFraction))% "
          + "of the training frames see their encoder window cut short on one side "
          + "(--window-cuts-from)")
    }
    // One bar over every step this session trains (not one per epoch), so that its elapsed
    // time and ETA are those of the whole run.
    let epochs = trainer.configuration.epochs
    let stepsPerEpoch = trainer.stepsPerEpoch
    let stepsBefore = trainer.state.completedEpochs * stepsPerEpoch + trainer.state.stepInEpoch
    let bar = ProgressBar(
      label: "epoch", total: epochs * stepsPerEpoch - stepsBefore, output: output)
    InterruptFlag.install()
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
          if let last = trainer.state.records.last {
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
          line += String(format: ", %.0f s", record.seconds)
          bar.message(line)
        case .aligned(let message):
          bar.message(message)
        case .stopped(let epoch, let step):
          bar.message(
            "interrupted at epoch \(epoch) step \(step): checkpoint saved; --resume continues")
        }
      })
    bar.finish()
    // Every epoch rejected its steps or validated to NaN: the run has no usable checkpoint.
    if !trainer.state.records.isEmpty && !trainer.state.bestValidationLoss.isFinite {
      throw TrainingError.diverged(
        "no epoch had a finite validation loss, so \(run.bestCheckpointPath) was not written; "
          + "the prior (its dt and parameters) or the learning rate makes the loss non-finite "
          + "(see \(runPath)/training.log)")
    }
  }

  /// What train prints for the settings chosen for `planes`: nothing when none was chosen.
  private func describe(
    _ choices: [TrainingConfiguration.Choice], for planes: [PhasePlane], of model: PriorModel
  ) -> [String] {
    guard let slowest = planes.map(\.stepsPerTurn).max(), !choices.isEmpty else { return [] }
    let names = planes.map {
      "(\(model.states[$0.first].name), \(model.states[$0.second].name))"
    }.joined(separator: " and ")
    let heading =
      planes.count == 1
      ? "\(names) is a phase plane: the video shows its angle only, and the prior turns it "
        + "once every \(format(slowest)) steps; settings chosen for it (a flag given "
        + "overrides one):"
      : "\(names) are phase planes: the video shows their angles only, and the prior "
        + "turns the slowest once every \(format(slowest)) steps; settings chosen for "
        + "them (a flag given overrides one):"
    return [heading]
      + choices.map { "  --\(Self.option(for: $0.setting)) \(format($0.value)): \($0.reason)" }
  }

  private func format(_ value: Double) -> String {
    String(format: "%.4g", value)
  }
}

/// Ctrl-C (SIGINT) during training: the first asks the trainer to checkpoint and stop.
enum InterruptFlag {
  nonisolated(unsafe) private static var flag: sig_atomic_t = 0

  static var isSet: Bool { flag != 0 }

  static func install() {
    signal(SIGINT) { _ in InterruptFlag.flag = 1 }
  }
}
