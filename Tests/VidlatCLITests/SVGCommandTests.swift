import Foundation
import PhysicsVAE
import Testing
import VideoPrediction
import VidlatSupport

@testable import VidlatCLI

/// `vidlat train --model svg-...` and `vidlat predict --samples` on SVG runs.
@Suite struct SVGCommandTests {
  /// The options of a tiny SVG run at 32 x 32 (the smallest --size): filters 2, g 8, z 2,
  /// LSTMs of 8, 2 + 2 frames, 6 bounce sequences of 6 frames, one epoch.
  static let tinyRun = [
    "--size", "32", "--filters", "2", "--g", "8", "--z", "2", "--hidden", "8", "--context", "2",
    "--future", "2", "--sequences", "6", "--frames", "6", "--epochs", "1", "--batch", "4",
    "--seed", "1",
  ]

  @Test func modelWithPriorIsAUsageError() {
    let result = runCLI(["train", "--model", "svg-lp", "--prior", prior("pendulum")])
    #expect(result.status == 64)
    #expect(result.error.contains("--prior and --model svg-lp exclude each other"))
  }

  @Test func unknownModelSuggestsTheClosest() {
    let result = runCLI(["train", "--model", "svg-pl"])
    #expect(result.status == 64)
    #expect(result.error.contains("did you mean 'svg-lp'?"))
  }

  @Test func optionsOfTheOtherModelAreUsageErrors() {
    let physicsOption = runCLI(["train", "--model", "svg-fp", "--beta-t", "10"])
    #expect(physicsOption.status == 64)
    #expect(physicsOption.error.contains("--beta-t does not apply to --model svg-fp"))
    let svgOption = runCLI(["train", "--prior", prior("pendulum"), "--z", "4"])
    #expect(svgOption.status == 64)
    #expect(svgOption.error.contains("--z does not apply to --model physics"))
    let neither = runCLI(["train", "--epochs", "2"])
    #expect(neither.status == 64)
    #expect(neither.error.contains("missing '--prior <file>'"))
    let both = runCLI(["train", "--model", "svg-lp", "--scene", "bounce", "--data", "x.y4m"])
    #expect(both.status == 64)
    #expect(both.error.contains("--scene and --data exclude each other"))
    let short = runCLI(["train", "--model", "svg-lp", "--frames", "8", "--context", "5"])
    #expect(short.status == 64)
    #expect(short.error.contains("shorter than a training window"))
  }

  /// The SVG options appear in train's help with their defaults.
  @Test func helpDescribesSVG() {
    let help = runCLI(["train", "--help"])
    #expect(help.status == 0)
    #expect(help.output.contains("--model <kind>"))
    #expect(help.output.contains("svg-lp, svg-fp, svg-deterministic"))
    #expect(help.output.contains("--z <size>"))
  }

  /// A tiny SVG run trains from the command line, resumes without --model, and predict
  /// --samples writes the table, the plot and the GIF.
  @Test func trainsResumesAndPredictsWithSamples() throws {
    try withTemporaryDirectory { folder in
      let run = folder + "/run"
      let train = runCLI(["train", "--model", "svg-deterministic", "--out", run] + Self.tinyRun)
      #expect(train.status == 0, "\(train.error)")
      #expect(train.output.contains("no --data given: training on the built-in scene"))
      #expect(train.output.contains("model: svg-deterministic at 32x32"))
      #expect(train.output.contains("epoch 1: loss"))
      let resumed = runCLI(["train", "--resume", "--out", run, "--epochs", "2"])
      #expect(resumed.status == 0, "\(resumed.error)")
      #expect(resumed.output.contains("epoch 2: loss"))
      let changed = runCLI(["train", "--resume", "--out", run, "--z", "3"])
      #expect(changed.status == 64)
      #expect(changed.error.contains("--z cannot change a resumed run"))

      let predict = runCLI([
        "predict", run, "--samples", "2", "--horizon", "3", "--out", folder + "/p.gif",
      ])
      #expect(predict.status == 0, "\(predict.error)")
      #expect(predict.output.contains("2 samples of 3 frames after 2 context frames"))
      #expect(predict.output.contains("horizon  best PSNR  best SSIM  mean PSNR  mean SSIM"))
      #expect(predict.output.contains("mean over 3 predicted frames: best of 2 SSIM"))
      #expect(FileManager.default.fileExists(atPath: folder + "/p.gif"))
      let plot = try String(contentsOfFile: folder + "/p.svg", encoding: .utf8)
      #expect(plot.contains("best of 2 (by SSIM)") && plot.contains("mean over samples"))

      let tooLong = runCLI(["predict", run, "--horizon", "9", "--out", folder + "/q.gif"])
      #expect(tooLong.status == 64)
      #expect(tooLong.error.contains("do not fit in the test sequences of 6 frames"))
      let extrapolated = runCLI(["predict", run, "--extrapolate", "linear"])
      #expect(extrapolated.status == 64)
    }
  }
}
