import PriorLanguage
import Video

extension Trainer {
  /// Starts a new run in `runPath`: loads and compiles the prior file, takes the data from
  /// `dataFiles` (or, when empty, the built-in scene named like the prior), and writes the
  /// prior's source and `config.json`.
  public static func start(
    priorFile: String, dataFiles: [String], configuration: TrainingConfiguration,
    runPath: String
  ) throws -> Trainer {
    try start(
      prior: try Prior(contentsOfFile: priorFile), priorFile: priorFile, dataFiles: dataFiles,
      configuration: configuration, runPath: runPath)
  }

  /// Starts a new run in `runPath` with `prior`, already loaded from `priorFile`.
  public static func start(
    prior: Prior, priorFile: String, dataFiles: [String], configuration: TrainingConfiguration,
    runPath: String
  ) throws -> Trainer {
    let data =
      dataFiles.isEmpty
      ? try TrainingData.scene(for: prior.model, configuration: configuration)
      : try TrainingData.videos(paths: dataFiles, configuration: configuration)
    let run = RunFolder(path: runPath)
    try run.writeSetup(
      priorSource: prior.source.text,
      settings: RunSettings(
        configuration: configuration, priorFile: priorFile, dataFiles: dataFiles,
        scene: data.scene?.rawValue, dataSummary: data.summary))
    return try Trainer(
      run: run, description: prior.model, transition: CompiledPrior(prior.model), data: data,
      configuration: configuration, resume: false)
  }

  /// Continues the run in `runPath` from its latest checkpoint with its saved prior, data and
  /// configuration; `epochs`, when given, replaces the number of epochs to reach.
  public static func resume(runPath: String, epochs: Int? = nil) throws -> Trainer {
    let run = RunFolder(path: runPath)
    var settings = try run.readSettings()
    if let epochs {
      settings.configuration.epochs = epochs
      try run.writeSetup(priorSource: try run.readPriorSource(), settings: settings)
    }
    let prior = try Prior(source: try run.readPriorSource(), name: run.priorPath)
    let data =
      settings.dataFiles.isEmpty
      ? try TrainingData.scene(for: prior.model, configuration: settings.configuration)
      : try TrainingData.videos(paths: settings.dataFiles, configuration: settings.configuration)
    return try Trainer(
      run: run, description: prior.model, transition: CompiledPrior(prior.model), data: data,
      configuration: settings.configuration, resume: true)
  }
}
