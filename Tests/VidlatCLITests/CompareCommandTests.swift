import Foundation
import Testing

@testable import VidlatCLI

/// `vidlat compare` on tiny one-epoch runs of the built-in pendulum.
@Suite struct CompareCommandTests {
  /// Trains a one-epoch pendulum run of 12-frame sequences into `folder/name`.
  func trainTinyRun(_ name: String, in folder: String, seed: Int, batch: Int = 2) {
    let train = CommandContext.capturing()
    let trained = VidlatCLI.run(
      [
        "train", "--prior", prior("pendulum"), "--out", folder + "/" + name, "--epochs", "1",
        "--batch", String(batch), "--frames", "12", "--sequences", "6", "--seed", String(seed),
      ], context: train)
    #expect(trained == 0, "\(train.standardError.text)")
  }

  /// Two runs of the same video: one row each, the horizons past the 2 frames after the
  /// context skipped and said so, and the figure's two panels with a line per run.
  @Test func comparesRunsOfOneVideoAndDrawsTheHorizons() throws {
    try withTemporaryDirectory { folder in
      trainTinyRun("a", in: folder, seed: 2)
      trainTinyRun("b", in: folder, seed: 2, batch: 3)
      let context = CommandContext.capturing()
      let status = VidlatCLI.run(
        ["compare", folder + "/a", folder + "/b", "--plot", folder + "/compare.svg"],
        context: context)
      #expect(status == 0, "\(context.standardError.text)")
      let text = context.standardOutput.text
      let rows = text.split(separator: "\n").filter { $0.hasPrefix(folder) }
      #expect(rows.count == 2 && rows.allSatisfy { $0.contains("pendulum  ODE") })
      #expect(text.contains("PSNR@1") && text.contains("SSIM@1") && !text.contains("PSNR@10"))
      #expect(text.contains("horizons 10, 20, 40 skipped: the sequences allow at most 2 frames"))
      let svg = try String(contentsOfFile: folder + "/compare.svg", encoding: .utf8)
      #expect(svg.components(separatedBy: "<polyline").count - 1 == 4)
      #expect(svg.contains("plot-area-0") && svg.contains("plot-area-1"))
    }
  }

  /// Runs of different videos (another seed) are refused, naming both runs.
  @Test func refusesRunsOfDifferentVideos() throws {
    try withTemporaryDirectory { folder in
      trainTinyRun("a", in: folder, seed: 2)
      trainTinyRun("c", in: folder, seed: 3)
      let context = CommandContext.capturing()
      let status = VidlatCLI.run(["compare", folder + "/a", folder + "/c"], context: context)
      #expect(status == 1)
      #expect(
        context.standardError.text.contains(
          "\(folder)/c and \(folder)/a are scored on different videos"))
      #expect(context.standardError.text.contains("seed 3"))
      let usage = CommandContext.capturing()
      #expect(VidlatCLI.run(["compare", folder + "/a", "--plot", "x.png"], context: usage) == 64)
    }
  }
}
