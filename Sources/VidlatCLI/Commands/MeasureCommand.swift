import PhysicsVAE
import PriorLanguage

/// `vidlat measure --prior FILE [--data VIDEO ...] [every train option]`: `vidlat train`, then
/// the learnable parameters measured on the held-out sequences, each with its 95% interval.
struct MeasureCommand: Command {
  static let configuration = CommandConfiguration(
    name: "measure", abstract: "Train, then report the learned parameters with error bars.",
    discussion: """
      Trains exactly as 'vidlat train' with the same options (see 'vidlat train --help'), \
      then evaluates the run's best checkpoint on its validation sequences and ends with a \
      table: each learnable parameter with its value ± the half-width of a 95% interval, \
      its unit (the prior's unit "..."), the value KL_trans alone gives on those sequences, \
      and the truth and the error when the data has truth (a built-in scene). The interval \
      is value ± 1.96 se, with se the sandwich standard error of KL_trans over the \
      sequences, with the networks fixed (docs/method.md, "Evaluation"). 'vidlat eval \
      RUNDIR' prints the same table again later. The prior must have a learnable param.

      Example: vidlat measure --prior Priors/spring.prior --out runs/spring --epochs 40
      """,
    arguments: TrainCommand.configuration.arguments)

  /// The training, exactly as `vidlat train` reads and runs it.
  var train: TrainCommand

  init(arguments: ParsedArguments) throws(UsageError) {
    train = try TrainCommand(arguments: arguments)
  }

  /// train's checks, and a prior with something to measure. A prior that does not check is
  /// left to training, which prints its diagnostics.
  func validate() throws(UsageError) {
    try train.validate()
    guard train.model == .physics, let file = train.priorFile else {
      throw UsageError(
        "measure needs a physics prior: --model \(train.model.name) has no physical parameters",
        hint: "give --prior FILE, or use 'vidlat train' for a learned predictor")
    }
    if let prior = try? Prior(contentsOfFile: file),
      !prior.model.parameters.contains(where: \.isLearnable)
    {
      throw UsageError(
        "\(file): no param is learnable, so there is nothing to measure",
        hint: "mark the params to measure with learn, as in param c = 0 in [0, 10] learn")
    }
  }

  func run(context: CommandContext) throws {
    try train.run(context: context)
    var trained = try TrainedRun(path: train.runPath)
    let heldOut = try trained.heldOutSequences()
    let report = try trained.evaluate(sequences: heldOut.video, truth: heldOut.truth)
    context.standardOutput.write(
      ParameterTable.render(report.parameters, for: context.standardOutput))
  }
}
