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

  /// A physics run and an SVG run scored on one `vidlat dataset` folder: a row each (the SVG's
  /// kind, '-' for what does not apply, its weights), one sample for the SVG without
  /// --samples; with --samples every row is the best of N.
  @Test func comparesAPhysicsRunWithAnSVGRun() throws {
    try withTemporaryDirectory { folder in
      trainTinyRun("physics", in: folder, seed: 2)
      let svg = runCLI(
        ["train", "--model", "svg-lp", "--out", folder + "/svg"] + SVGCommandTests.tinyRun)
      #expect(svg.status == 0, "\(svg.error)")
      let dataset = runCLI([
        "dataset", "pendulum", "--out", folder + "/test", "--sequences", "2", "--frames", "12",
        "--size", "32", "--seed", "9",
      ])
      #expect(dataset.status == 0, "\(dataset.error)")
      let plain = runCLI([
        "compare", folder + "/physics", folder + "/svg", "--data", folder + "/test", "--plot",
        folder + "/compare.svg",
      ])
      #expect(plain.status == 0, "\(plain.error)")
      let rows = plain.output.split(separator: "\n").filter { $0.hasPrefix(folder) }
      #expect(rows.count == 2)
      #expect(rows.first?.contains("pendulum  ODE") == true)
      #expect(rows.first?.contains(" prior ") == true)
      #expect(rows.last?.contains(" svg-lp ") == true)
      #expect(rows.last?.contains("1 sample") == true)
      #expect(plain.output.contains("weights") && plain.output.contains("PSNR@1"))
      let svgPlot = try String(contentsOfFile: folder + "/compare.svg", encoding: .utf8)
      #expect(svgPlot.contains("svg-lp, 1 sample"))
      let sampled = runCLI([
        "compare", folder + "/physics", folder + "/svg", "--data", folder + "/test",
        "--samples", "2",
      ])
      #expect(sampled.status == 0, "\(sampled.error)")
      #expect(sampled.output.contains("the best of 2 sampled futures per sequence"))
      let sampledRows = sampled.output.split(separator: "\n").filter { $0.hasPrefix(folder) }
      #expect(sampledRows.count == 2 && sampledRows.allSatisfy { $0.contains("best of 2") })
      let own = runCLI(["compare", folder + "/physics", folder + "/svg"])
      #expect(own.status == 1)
      #expect(own.error.contains("are scored on different videos"))
    }
  }
}
