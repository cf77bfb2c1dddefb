import Foundation
import PriorLanguage
import Video

extension Trainer {
  /// Starts a new run in `runPath`: loads and compiles the prior file, resolves `settings`
  /// for the prior's symmetries, takes the data from `dataFiles` (or, when empty, the
  /// built-in scene named like the prior), and writes the prior's source and `config.json`.
  /// Refuses a folder that holds a run (`RunFolder.holdsRun`).
  public static func start(
    priorFile: String, dataFiles: [String], settings: TrainingSettings, runPath: String
  ) throws -> Trainer {
    try start(
      prior: try Prior(contentsOfFile: priorFile), priorFile: priorFile, dataFiles: dataFiles,
      settings: settings, runPath: runPath)
  }

  /// Starts a new run in `runPath` with `prior`, already loaded from `priorFile`.
  public static func start(
    prior: Prior, priorFile: String, dataFiles: [String], settings: TrainingSettings,
    runPath: String
  ) throws -> Trainer {
    let run = RunFolder(path: runPath)
    if run.holdsRun {
      throw TrainingError.runFolder(
        "\(runPath) already holds a run (\(run.latestCheckpointPath)): continue it with --resume, "
          + "or give another --out")
    }
    if let problem = settings.problem(for: prior.model.kind) {
      throw TrainingError.configuration(problem)
    }
    let symmetries = PriorSymmetries(prior.model)
    var (configuration, choices) = settings.resolved(for: symmetries)
    if let problem = configuration.problem { throw TrainingError.configuration(problem) }
    var dataChoices =
      dataFiles.isEmpty
      ? []
      : try TrainingData.chooseFormat(
        paths: dataFiles, in: &configuration, keeping: settings.given)
    let data = try TrainingData.load(
      paths: dataFiles, for: prior.model, configuration: configuration)
    dataChoices += FrameAppearanceRecipe.choose(
      for: data.train, in: &configuration,
      keeping: settings.given.union(choices.map(\.setting)))
    try run.writeSetup(
      priorSource: prior.source.text,
      settings: RunSettings(
        configuration: configuration, priorFile: priorFile, dataFiles: dataFiles,
        scene: data.scene?.rawValue, dataSummary: data.summary))
    let trainer = try Trainer(
      run: run, description: prior.model, transition: CompiledPrior(prior.model), data: data,
      configuration: configuration, resume: false, symmetries: symmetries)
    trainer.choices = choices
    trainer.dataChoices = dataChoices
    return trainer
  }

  /// Continues the run in `runPath` from its latest checkpoint with its saved prior, data and
  /// configuration, or from the start when it stopped before its first checkpoint; `epochs`,
  /// when given, replaces the number of epochs to reach. With
  /// `priorFile`, refuses a file whose text differs from the prior the run trained with.
  public static func resume(runPath: String, priorFile: String? = nil, epochs: Int? = nil)
    throws -> Trainer
  {
    let run = RunFolder(path: runPath)
    var settings = try run.readSettings()
    let source = try run.readPriorSource()
    if let priorFile, let given = try? String(contentsOfFile: priorFile, encoding: .utf8),
      given != source
    {
      throw TrainingError.runFolder(
        "\(priorFile) differs from the prior the run in \(runPath) trained with "
          + "(\(run.priorPath)): --resume continues that one; give it as --prior, or start "
          + "a new run with another --out")
    }
    if let epochs {
      settings.configuration.schedule.epochs = epochs
      try run.writeSetup(priorSource: source, settings: settings)
    }
    let prior = try Prior(source: source, name: run.priorPath)
    let configuration = settings.configuration
    let data = try TrainingData.load(
      paths: settings.dataFiles, for: prior.model, configuration: configuration)
    return try Trainer(
      run: run, description: prior.model, transition: CompiledPrior(prior.model), data: data,
      configuration: configuration, resume: run.holdsRun)
  }
}
