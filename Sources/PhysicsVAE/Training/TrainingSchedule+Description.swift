import Foundation

extension TrainingSchedule {
  /// The stages still ahead of a run that has completed `completedEpochs` epochs, one line
  /// each, naming the setting that moves it (`TrainingSetting`); `learnable` names the
  /// learnable parameters (none: no line for them).
  public func describe(learnable: [String], completedEpochs: Int) -> [String] {
    func ahead(_ epochs: Double) -> Bool {
      epochs > 0 && completedEpochs < Int(epochs.rounded(.up))
    }
    var lines: [String] = []
    if !learnable.isEmpty && ahead(parametersHeldFor) {
      lines.append(
        "learnable \(learnable.joined(separator: ", ")) held at their initial values for the "
          + "first \(fourDigits(parametersHeldFor)) epochs (--\(TrainingSetting.parameterWarmup.name))"
      )
    }
    if ahead(variancesHeldFor) {
      lines.append(
        "posterior standard deviations held at 0.1 for the first \(fourDigits(variancesHeldFor)) "
          + "epochs (--\(TrainingSetting.varianceWarmup.name))")
    }
    if ahead(klOnlyFor) {
      lines.append(
        "no reconstruction for the first \(fourDigits(klOnlyFor)) epochs: the encoder learns "
          + "the prior's dynamics first (--\(TrainingSetting.dynamicsFirst.name))")
    }
    if let start = windowCutsFrom {
      lines.append(
        "from epoch \(fourDigits(start + 1)) on, \(fourDigits(100 * FrameWindows.trainingCutFraction))% "
          + "of the training frames see their encoder window cut short on one side "
          + "(--\(TrainingSetting.windowCutsFrom.name))")
    }
    return lines
  }
}

/// A number as train prints it: 4 significant digits.
func fourDigits(_ value: Double) -> String {
  String(format: "%.4g", value)
}
