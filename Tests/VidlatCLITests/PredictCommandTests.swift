import Foundation
import Testing

@testable import VidlatCLI

/// `vidlat predict RUNDIR` without --data, and `vidlat sample`'s summary, on a tiny run.
@Suite struct PredictCommandTests {
  /// Trains a one-epoch run of a few frames into `folder/run`.
  func trainTinyRun(in folder: String) {
    let train = CommandContext.capturing()
    let trained = VidlatCLI.run(
      [
        "train", "--prior", prior("pendulum"), "--out", folder + "/run", "--epochs", "1",
        "--batch", "2", "--frames", "6", "--sequences", "6", "--seed", "2",
      ], context: train)
    #expect(trained == 0, "\(train.standardError.text)")
  }

  /// Without --data it predicts the run's first validation sequence.
  @Test func predictsAValidationSequenceWithoutData() throws {
    try withTemporaryDirectory { folder in
      trainTinyRun(in: folder)
      let context = CommandContext.capturing()
      let status = VidlatCLI.run(
        [
          "predict", folder + "/run", "--context", "2", "--horizon", "3", "--out",
          folder + "/prediction.gif",
        ], context: context)
      #expect(status == 0, "\(context.standardError.text)")
      #expect(context.standardOutput.text.contains("mean PSNR over 3 predicted frames"))
      #expect(FileManager.default.fileExists(atPath: folder + "/prediction.gif"))
    }
  }

  /// `--extrapolate linear` (Var-Next) predicts from the last two context frames and says
  /// so; one context frame is not enough, a usage error.
  @Test func extrapolatesLinearly() throws {
    try withTemporaryDirectory { folder in
      trainTinyRun(in: folder)
      let context = CommandContext.capturing()
      let status = VidlatCLI.run(
        [
          "predict", folder + "/run", "--context", "2", "--horizon", "3", "--extrapolate",
          "linear", "--out", folder + "/linear.gif",
        ], context: context)
      #expect(status == 0, "\(context.standardError.text)")
      #expect(context.standardOutput.text.contains("(linear extrapolation)"))
      #expect(context.standardOutput.text.contains("SSIM"))
      let one = CommandContext.capturing()
      let refused = VidlatCLI.run(
        ["predict", folder + "/run", "--context", "1", "--extrapolate", "linear"], context: one)
      #expect(refused == 64)
      #expect(one.standardError.text.contains("needs the velocity of the last two context frames"))
    }
  }

  @Test func sampleSummaryCountsInTheSingular() throws {
    try withTemporaryDirectory { folder in
      trainTinyRun(in: folder)
      let context = CommandContext.capturing()
      let status = VidlatCLI.run(
        ["sample", folder + "/run", "--count", "1", "--frames", "1", "--out", folder + "/s.gif"],
        context: context)
      #expect(status == 0, "\(context.standardError.text)")
      #expect(context.standardOutput.text == "1 video of 1 frame -> \(folder)/s.gif\n")
    }
  }

  /// `--samples N` on a physics run draws N futures per validation sequence from the prior
  /// and reports them as an SVG run's are: the table, the plot and the GIF; `--extrapolate`
  /// is for the mean prediction, a usage error beside --samples.
  @Test func samplesFuturesOfAPhysicsRun() throws {
    try withTemporaryDirectory { folder in
      trainTinyRun(in: folder)
      let context = CommandContext.capturing()
      let status = VidlatCLI.run(
        [
          "predict", folder + "/run", "--samples", "3", "--context", "2", "--horizon", "3",
          "--out", folder + "/sampled.gif",
        ], context: context)
      #expect(status == 0, "\(context.standardError.text)")
      let text = context.standardOutput.text
      #expect(text.contains("prior pendulum (ODE) at 32x32, 1 epoch trained"))
      #expect(text.contains("3 samples of 3 frames after 2 context frames per sequence"))
      #expect(text.contains("each sample: the last context frame's state drawn from"))
      #expect(text.contains("horizon  best PSNR  best SSIM  mean PSNR  mean SSIM"))
      #expect(text.contains("mean over 3 predicted frames: best of 3 SSIM"))
      #expect(FileManager.default.fileExists(atPath: folder + "/sampled.gif"))
      let plot = try String(contentsOfFile: folder + "/sampled.svg", encoding: .utf8)
      #expect(plot.contains("best of 3 (by SSIM)") && plot.contains("pendulum (ODE)"))
      let both = CommandContext.capturing()
      let refused = VidlatCLI.run(
        ["predict", folder + "/run", "--samples", "2", "--extrapolate", "linear"], context: both)
      #expect(refused == 64)
      #expect(both.standardError.text.contains("--extrapolate chooses the mean prediction"))
    }
  }
}
