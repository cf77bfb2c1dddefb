extension VidlatCLI {
  /// Every command, in the order `vidlat --help` lists them. To add one, write
  /// `Commands/<Name>Command.swift` and add its type here (see docs/cli.md).
  static var commands: [any Command.Type] {
    [
      CheckCommand.self,
      ShowCommand.self,
      SimulateCommand.self,
      ReplCommand.self,
      DatasetCommand.self,
      PreviewCommand.self,
      TrainCommand.self,
      MeasureCommand.self,
      EvalCommand.self,
      EncodeCommand.self,
      PredictCommand.self,
      CompareCommand.self,
      InterveneCommand.self,
      SampleCommand.self,
      BenchCommand.self,
      HelpCommand.self,
    ]
  }
}
