import Foundation
import Testing

@testable import VidlatCLI

/// Ctrl-C during training: the position is saved, nothing is drawn after the message, and the
/// status is 130.
@Suite struct InterruptTests {
  @Test func anInterruptedRunSavesAndExits130() throws {
    try withTemporaryDirectory { folder in
      let runPath = folder + "/run"
      let arguments = [
        "train", "--prior", prior("pendulum"), "--out", runPath, "--epochs", "1", "--batch", "2",
        "--frames", "4", "--sequences", "4", "--seed", "3",
      ]
      let context = CommandContext.capturing(terminal: true, width: 100)
      let status = InterruptFlag.$isSimulated.withValue(true) {
        VidlatCLI.run(arguments, context: context)
      }
      #expect(status == 130)
      let output = context.standardOutput.text
      let message = "interrupted at epoch 1 step 1: checkpoint saved; --resume continues\n"
      #expect(output.hasSuffix("\r\u{1B}[2K" + message), "\(output.suffix(200))")
      #expect(context.standardError.text.isEmpty)
      #expect(FileManager.default.fileExists(atPath: runPath + "/latest.ckpt"))

      let resumed = runCLI(["train", "--prior", prior("pendulum"), "--out", runPath, "--resume"])
      #expect(resumed.status == 0, "\(resumed.error)")
      #expect(resumed.output.contains("epoch 1:"))
    }
  }
}
