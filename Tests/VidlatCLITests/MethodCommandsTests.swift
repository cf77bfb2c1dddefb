import Foundation
import Testing

@testable import VidlatCLI

/// The method's commands end to end on a tiny run: train, eval, encode, predict, intervene,
/// sample.
@Suite struct MethodCommandsTests {
  /// The repository's pendulum prior (the tests run from the package root or below it).
  static var pendulumPrior: String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Priors/pendulum.prior").path
  }

  func run(_ arguments: [String]) -> (status: Int32, output: String, error: String) {
    let context = CommandContext.capturing()
    let status = VidlatCLI.run(arguments, context: context)
    return (status, context.standardOutput.text, context.standardError.text)
  }

  @Test func tinyRunThroughEveryCommand() throws {
    let folder = NSTemporaryDirectory() + "vidlat-method-cli-\(getpid())"
    try? FileManager.default.removeItem(atPath: folder)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let runPath = folder + "/run"
    let train = run([
      "train", "--prior", Self.pendulumPrior, "--out", runPath, "--epochs", "1", "--batch", "2",
      "--frames", "4", "--sequences", "4", "--seed", "3",
    ])
    #expect(train.status == 0, "\(train.error)")
    #expect(train.output.contains("no --data given: training on the built-in scene"))
    #expect(train.output.contains("epoch 1:"))
    for file in [
      "prior.prior", "config.json", "metrics.csv", "latest.ckpt", "best.ckpt",
      "reconstruction.png", "phase.svg", "latents.svg",
    ] {
      #expect(FileManager.default.fileExists(atPath: runPath + "/" + file), "\(file)")
    }

    let eval = run(["eval", runPath, "--json"])
    #expect(eval.status == 0, "\(eval.error)")
    let report = try JSONSerialization.jsonObject(with: Data(eval.output.utf8)) as? [String: Any]
    #expect((report?["variables"] as? [[String: Any]])?.first?["name"] as? String == "x")

    let dataset = folder + "/data"
    #expect(
      run(["dataset", "pendulum", "--out", dataset, "--sequences", "2", "--frames", "6"]).status
        == 0)
    let encode = run(["encode", runPath, "--data", dataset, "--out", folder + "/latents.csv"])
    #expect(encode.status == 0, "\(encode.error)")
    let latents = try String(contentsOfFile: folder + "/latents.csv", encoding: .utf8)
    #expect(latents.hasPrefix("sequence,frame,mean_x,mean_x',sd_x,sd_x'\n"))
    #expect(latents.split(separator: "\n").count == 1 + 12)

    let predict = run([
      "predict", runPath, "--data", dataset, "--context", "2", "--horizon", "4", "--out",
      folder + "/prediction.gif",
    ])
    #expect(predict.status == 0, "\(predict.error)")
    #expect(predict.output.contains("mean PSNR over 4 predicted frames"))

    let intervene = run([
      "intervene", runPath, "--set", "c=0.8", "--sequences", "1", "--out", folder + "/cf.gif",
    ])
    #expect(intervene.status == 0, "\(intervene.error)")
    #expect(intervene.output.contains("PSNR of the counterfactual against the true rendering"))
    #expect(FileManager.default.fileExists(atPath: folder + "/cf.svg"))

    let sample = run([
      "sample", runPath, "--count", "2", "--frames", "3", "--out", folder + "/s.gif",
    ])
    #expect(sample.status == 0, "\(sample.error)")
    #expect(FileManager.default.fileExists(atPath: folder + "/s.gif"))
  }

  @Test func usageErrors() {
    #expect(run(["train", "--prior", "/nonexistent.prior"]).status == 64)
    #expect(run(["train", "--prior", Self.pendulumPrior, "--resume"]).status == 64)
    #expect(run(["eval", "/nonexistent-run"]).status == 64)
    let folder = NSTemporaryDirectory() + "vidlat-method-empty-\(getpid())"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let missing = run(["eval", folder])
    #expect(missing.status == 1)
    #expect(missing.error.contains("config.json"))
    #expect(run(["intervene", folder]).status == 64)
  }
}
