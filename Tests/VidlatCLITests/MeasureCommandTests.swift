import Foundation
import Testing

@testable import VidlatCLI

/// `vidlat measure`: train, then the learned parameters with their intervals; and the
/// `eval --scan-plot` picture of the same run.
@Suite struct MeasureCommandTests {
  @Test func measureTrainsThenTabulatesTheLearnedParameters() throws {
    try withTemporaryDirectory { folder in
      let runPath = folder + "/run"
      let measure = runCLI([
        "measure", "--prior", prior("pendulum"), "--out", runPath, "--epochs", "1", "--batch",
        "2", "--frames", "4", "--sequences", "4", "--seed", "3",
      ])
      #expect(measure.status == 0, "\(measure.error)")
      // Trained as `vidlat train` trains: its messages, its run folder.
      #expect(measure.output.contains("no --data given: training on the built-in scene"))
      #expect(measure.output.contains("epoch 1:"))
      #expect(FileManager.default.fileExists(atPath: runPath + "/best.ckpt"))
      // Then the table: k and c in their units, against the built-in scene's truth.
      let table = try #require(measure.output.range(of: "95% intervals from KL_trans on "))
      let lines = measure.output[table.lowerBound...].split(separator: "\n")
      #expect(
        lines[1].split(separator: " ", omittingEmptySubsequences: true) == [
          "parameter", "value", "±", "95%", "unit", "KL_trans", "alone", "truth", "error",
        ])
      #expect(lines[3].hasPrefix("k "))
      #expect(lines[3].contains(" 1/s^2 "))
      #expect(lines[4].hasPrefix("c "))
      #expect(lines[4].contains(" 1/s "))

      let plotPath = folder + "/scan-c.svg"
      let scan = runCLI(["eval", runPath, "--scan", "c=0,0.5,1", "--scan-plot", plotPath])
      #expect(scan.status == 0, "\(scan.error)")
      #expect(scan.output.contains("wrote \(plotPath)"))
      let svg = try String(contentsOfFile: plotPath, encoding: .utf8)
      #expect(svg.hasPrefix("<?xml"))
      #expect(svg.contains(">c (1/s)</text>"))
      #expect(svg.contains("KL_trans (") && svg.contains("KL_marg ("))
      #expect(svg.contains(">truth c = 0</text>"))
    }
  }

  @Test func aPriorWithNothingToLearnIsAUsageError() throws {
    let text = try String(contentsOfFile: prior("spring"), encoding: .utf8)
      .replacingOccurrences(of: " learn ", with: " ")
    try withTemporaryFile("fixed.prior", text) { path in
      let measure = runCLI(["measure", "--prior", path, "--epochs", "1"])
      #expect(measure.status == 64)
      #expect(
        measure.error.contains("\(path): no param is learnable, so there is nothing to measure"))
    }
  }

  /// A learned predictor has no physical parameters: measure refuses it before training.
  @Test func aLearnedPredictorIsAUsageError() {
    let measure = runCLI(["measure", "--model", "svg-lp", "--epochs", "1"])
    #expect(measure.status == 64)
    #expect(measure.error.contains("measure needs a physics prior"))
  }

  @Test func measureTakesEveryTrainOption() {
    let help = runCLI(["measure", "--help"])
    #expect(help.status == 0)
    for option in ["--prior", "--data", "--out", "--epochs", "--beta-t", "--resume"] {
      #expect(help.output.contains(option), "\(option)")
    }
    #expect(runCLI(["--help"]).output.contains("measure"))
  }

  @Test func aScanPlotNeedsAScanAndAnSVGName() throws {
    try withTemporaryDirectory { folder in
      let withoutScan = runCLI(["eval", folder, "--scan-plot", folder + "/s.svg"])
      #expect(withoutScan.status == 64)
      #expect(withoutScan.error.contains("--scan-plot needs --scan"))
      let png = runCLI(["eval", folder, "--scan", "c=0,1", "--scan-plot", folder + "/s.png"])
      #expect(png.status == 64)
      #expect(png.error.contains("the picture is SVG"))
    }
  }
}
