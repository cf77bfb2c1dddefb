import PhysicsVAE

extension ArgumentDefinition {
  /// `--checkpoint best|latest`: which checkpoint of a run the commands that load one use.
  static let checkpoint = ArgumentDefinition.option(
    "checkpoint", value: "which", default: "best",
    help: "best (lowest validation loss) or latest.")
}

extension ParsedArguments {
  /// The checkpoint `--checkpoint` names.
  func checkpoint() throws(UsageError) -> TrainedRun.Checkpoint {
    TrainedRun.Checkpoint(rawValue: try value("checkpoint", as: .choice(["best", "latest"])))
      ?? .best
  }
}
