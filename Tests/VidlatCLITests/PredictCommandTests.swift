import Foundation
import Testing

@testable import VidlatCLI

/// `vidlat predict RUNDIR` without --data predicts the run's first validation sequence.
@Suite struct PredictCommandTests {
  @Test func predictsAValidationSequenceWithoutData() throws {
    let folder = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let train = CommandContext.capturing()
    let trained = VidlatCLI.run(
      [
        "train", "--prior", prior("pendulum"), "--out", folder + "/run", "--epochs", "1",
        "--batch", "2", "--frames", "6", "--sequences", "6", "--seed", "2",
      ], context: train)
    #expect(trained == 0, "\(train.standardError.text)")
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
