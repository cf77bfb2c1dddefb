import Foundation
import PhysicsVAE
import VideoPrediction

/// What `vidlat train --model` trains: the VAE with a physics prior, or an SVG variant.
enum TrainedModel: Equatable {
  case physics
  case svg(SVGVariant)

  /// The names `--model` accepts: `physics`, `svg-lp`, `svg-fp`, `svg-deterministic`.
  static let names = ["physics"] + SVGVariant.allCases.map(\.modelName)

  init(name: String) throws(UsageError) {
    if name == "physics" {
      self = .physics
    } else if let variant = SVGVariant(modelName: name) {
      self = .svg(variant)
    } else {
      throw UsageError("unknown model '\(name)'")
    }
  }

  var name: String {
    switch self {
    case .physics: "physics"
    case .svg(let variant): variant.modelName
    }
  }
}

extension TrainCommand {
  /// The options of `vidlat train` that mean the same for SVG, and where each goes in an
  /// `SVGTrainingConfiguration`; the physics prior's other options do not apply to SVG.
  static let sharedSettings:
    [(
      setting: TrainingSetting,
      copy: @Sendable (inout SVGTrainingConfiguration, TrainingConfiguration) -> Void
    )] = [
      (.epochs, { $0.epochs = $1.schedule.epochs }),
      (.batch, { $0.batchSize = $1.batchSize }),
      (.frames, { $0.data.frames = $1.frameCount }),
      (.size, { $0.model.imageSize = $1.size }),
      (.learningRate, { $0.learningRate = $1.learningRate }),
      (.framesPerSecond, { $0.data.framesPerSecond = $1.framesPerSecond }),
      (.stride, { $0.data.stride = $1.stride }),
      (.colour, { $0.data.colour = $1.colour }),
      (.sequences, { $0.data.sceneSequences = $1.sceneSequences }),
      (.seed, { $0.seed = $1.seed }),
    ]

  /// For `--model svg-...`, the run's configuration from the SVG options and the shared ones
  /// given (the rest keeps `SVGTrainingConfiguration`'s defaults, the paper's); and the
  /// options given that `model` does not use.
  static func svgConfiguration(
    _ model: TrainedModel, arguments: ParsedArguments, settings: TrainingSettings,
    data: [String]
  ) throws(UsageError) -> (SVGTrainingConfiguration?, unused: [String]) {
    guard case .svg(let variant) = model else {
      return (nil, SVGSetting.all.map(\.name).filter(arguments.contains))
    }
    let shared = Set(sharedSettings.map(\.setting))
    let unused =
      TrainingSetting.all.filter { settings.given.contains($0) && !shared.contains($0) }.map(
        \.name) + ["phase-settings"].filter(arguments.contains)
    if arguments.contains("scene") && !data.isEmpty {
      throw UsageError(
        "--scene and --data exclude each other: SVG trains on one or the other",
        hint: "drop --scene to train on the --data clips")
    }
    var svg = SVGTrainingConfiguration(variant: variant)
    if !data.isEmpty { svg.data = SVGDataSource(paths: data) }
    for setting in SVGSetting.all where arguments.contains(setting.name) {
      try setting.parse(arguments, into: &svg)
    }
    for (setting, copy) in sharedSettings where settings.given.contains(setting) {
      copy(&svg, settings.configuration)
    }
    return (svg, unused)
  }

  /// Whether `--resume` continues an SVG run (its folder says so; no --model needed).
  var resumesSVGRun: Bool {
    resume && model == .physics && out.map(SVGRunFolder.isSVGRun) == true
  }

  /// The checks that depend on the model: --prior with physics only, each option with the
  /// model that uses it, and an SVG configuration that can be built.
  func validateModel() throws(UsageError) {
    if case .svg = model {
      if priorFile != nil {
        throw UsageError(
          "--prior and --model \(model.name) exclude each other: --prior gives the physics "
            + "prior, SVG learns its own",
          hint: "drop --prior, or --model to train the physics prior")
      }
    } else if priorFile == nil && !resumesSVGRun {
      throw UsageError(
        "missing '--prior <file>'",
        hint: "give the .prior file, or --model \(SVGVariant.learnedPrior.modelName) to train "
          + "SVG (a learned prior)")
    }
    if let option = unused.first {
      throw UsageError(
        "--\(option) does not apply to --model \(model.name)",
        hint: model == .physics
          ? "it is an SVG option: give --model \(SVGVariant.learnedPrior.modelName) (or another)"
          : "it is a setting of the physics prior's training")
    }
    if let problem = svg?.problem { throw UsageError(problem) }
  }

  /// Starts (or resumes) the SVG run and trains it with a progress bar, as the physics prior
  /// trains.
  func runSVG(context: CommandContext) throws {
    let output = context.standardOutput
    let trainer =
      resume
      ? try SVGTrainer.resume(
        runPath: runPath,
        epochs: settings.given.contains(.epochs) ? settings.configuration.schedule.epochs : nil)
      : try SVGTrainer.start(configuration: svg!, runPath: runPath)
    let c = trainer.configuration
    output.writeLine(
      c.data.scene != nil && !resume
        ? "no --data given: training on the built-in scene (\(trainer.data.summary))"
        : "data: \(trainer.data.summary)")
    output.writeLine("run folder: \(runPath)")
    let m = c.model
    output.writeLine(
      "model: \(m.variant.modelName) at \(m.imageSize)x\(m.imageSize), "
        + "\(trainer.state.model.parameterCount) parameters (filters \(m.filters), g "
        + "\(m.encodingSize), z \(m.effectiveLatentSize), LSTMs of \(m.predictorHidden), "
        + "beta \(m.beta)); windows of \(m.contextFrames) + \(m.futureFrames) frames, "
        + "\(trainer.windows.count) per epoch, batch \(c.batchSize), Adam \(c.learningRate)"
        + (c.gradientClip.map { ", gradients clipped to norm \($0)" } ?? ""))
    let stepsPerEpoch = trainer.stepsPerEpoch
    let position = trainer.state.progress
    let (bar, stepsBefore) = Self.progressBar(
      epochs: c.epochs, stepsPerEpoch: stepsPerEpoch, completedEpochs: position.completedEpochs,
      stepInEpoch: position.stepInEpoch, output: output)
    InterruptFlag.install()
    var interrupted = false
    try trainer.train(
      shouldStop: { InterruptFlag.isSet },
      report: { event in
        switch event {
        case .step(let epoch, let step, _, let running, _):
          bar.label = "epoch \(epoch)/\(c.epochs)"
          bar.update(
            completed: (epoch - 1) * stepsPerEpoch + step - stepsBefore,
            fields: [
              ("loss", format(running.value)), ("rec", format(running.reconstruction)),
              ("KL", format(running.kl)),
            ])
        case .epoch(let record):
          bar.message(
            "epoch \(record.epoch): loss \(format(record.train.value)) (rec "
              + "\(format(record.train.reconstruction)), KL \(format(record.train.kl))), val "
              + "\(format(record.validation.value))"
              + String(format: ", %.0f s", record.seconds))
        case .stopped(let epoch, let step):
          interrupted = true
          bar.end(with: Self.interruptedMessage(epoch: epoch, step: step))
        }
      })
    if interrupted { throw ExitCode.interrupted }
    bar.finish()
  }
}
