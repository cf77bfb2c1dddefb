import Foundation
import Testing

@testable import VidlatCLI

/// `vidlat train`'s progress is one bar over the whole run: its count, elapsed time and ETA
/// cover every epoch, so it reaches 100% once, at the end (not at the end of each epoch, which
/// made the ETA divide the whole elapsed time by the steps of the current epoch only).
@Suite struct TrainProgressTests {
  @Test func oneBarOverEveryEpoch() throws {
    try withTemporaryDirectory { folder in
      let context = CommandContext.capturing()
      let status = VidlatCLI.run(
        [
          "train", "--prior", prior("pendulum"), "--out", folder + "/run", "--epochs", "2",
          "--batch", "2", "--frames", "4", "--sequences", "6", "--seed", "1",
        ], context: context)
      #expect(status == 0, "\(context.standardError.text)")
      let lines = context.standardOutput.text.split(separator: "\n")
      let complete = lines.filter { $0.contains("(100%)") }
      #expect(complete.count == 1, "\(lines)")
      #expect(complete.first?.hasPrefix("epoch 2/2 ") == true, "\(lines)")
    }
  }
}
