import Foundation

extension SVGTrainer {
  /// Starts a new run of `configuration` in `runPath`: reads the data (`SVGData.load`), sets
  /// the model's channels from it, and writes config.json. Refuses a folder that holds a
  /// run (`SVGRunFolder.holdsRun`) or another run's config.json.
  public static func start(configuration: SVGTrainingConfiguration, runPath: String)
    throws(SVGTrainingError) -> SVGTrainer
  {
    let run = SVGRunFolder(path: runPath)
    if run.holdsRun || FileManager.default.fileExists(atPath: run.configurationPath) {
      throw .runFolder(
        "\(runPath) already holds a run (\(run.configurationPath)): continue it with --resume, "
          + "or give another --out")
    }
    var configuration = configuration
    if let problem = configuration.problem { throw .configuration(problem) }
    let data = try SVGData.load(
      configuration.data, size: configuration.model.imageSize,
      minimumLength: configuration.windowLength,
      validationFraction: configuration.validationFraction, seed: configuration.seed)
    configuration.model.channels = data.train.colour.channels
    try run.writeConfiguration(configuration)
    return try SVGTrainer(run: run, configuration: configuration, data: data, resume: false)
  }

  /// Continues the run in `runPath` from its latest checkpoint with its saved configuration
  /// and data (or from the start when it stopped before its first checkpoint); `epochs`,
  /// when given, replaces the number of epochs to reach (and is saved).
  public static func resume(runPath: String, epochs: Int? = nil) throws(SVGTrainingError)
    -> SVGTrainer
  {
    let run = SVGRunFolder(path: runPath)
    var configuration = try run.readConfiguration()
    if let epochs {
      configuration.epochs = epochs
      try run.writeConfiguration(configuration)
    }
    let data = try SVGData.load(
      configuration.data, size: configuration.model.imageSize,
      minimumLength: configuration.windowLength,
      validationFraction: configuration.validationFraction, seed: configuration.seed)
    return try SVGTrainer(
      run: run, configuration: configuration, data: data, resume: run.holdsRun)
  }
}
