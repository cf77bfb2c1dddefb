import Foundation
import PhysicsVAE
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
    try withTemporaryDirectory { folder in
      let runPath = folder + "/run"
      let train = run([
        "train", "--prior", Self.pendulumPrior, "--out", runPath, "--epochs", "1", "--batch", "2",
        "--frames", "4", "--sequences", "4", "--seed", "3",
      ])
      #expect(train.status == 0, "\(train.error)")
      #expect(train.output.contains("no --data given: training on the built-in scene"))
      #expect(train.output.contains("epoch 1:"))
      #expect(!train.output.contains("phase plane"))
      #expect(
        train.output.contains(
          "learnable k, c held at their initial values for the first 20 epochs (--param-warmup)"))
      #expect(
        train.output.contains(
          "posterior standard deviations held at 0.1 for the first 10 epochs (--variance-warmup)"
        ))
      for file in [
        "prior.prior", "config.json", "metrics.csv", "latest.ckpt", "best.ckpt",
        "reconstruction.png", "phase.svg", "latents.svg",
      ] {
        #expect(FileManager.default.fileExists(atPath: runPath + "/" + file), "\(file)")
      }

      let metrics = try String(contentsOfFile: runPath + "/metrics.csv", encoding: .utf8)
      let again = run(["train", "--prior", Self.pendulumPrior, "--out", runPath, "--epochs", "1"])
      #expect(again.status == 1)
      #expect(again.error.contains("error: \(runPath) already holds a run"))
      #expect(again.error.contains("--resume"))
      #expect(try String(contentsOfFile: runPath + "/metrics.csv", encoding: .utf8) == metrics)
      // --resume keeps the run's prior and saved settings: changing them is refused.
      let spring = Self.pendulumPrior.replacingOccurrences(
        of: "pendulum.prior", with: "spring.prior")
      let otherPrior = run(["train", "--prior", spring, "--out", runPath, "--resume"])
      #expect(otherPrior.status == 1)
      #expect(otherPrior.error.contains("\(spring) differs from the prior the run in \(runPath)"))
      let newRate = run([
        "train", "--prior", Self.pendulumPrior, "--out", runPath, "--resume", "--lr", "0.1",
      ])
      #expect(newRate.status == 64)
      #expect(newRate.error.contains("--lr cannot change a resumed run"))
      #expect(try String(contentsOfFile: runPath + "/metrics.csv", encoding: .utf8) == metrics)

      let eval = run(["eval", runPath, "--json"])
      #expect(eval.status == 0, "\(eval.error)")
      let report = try JSONSerialization.jsonObject(with: Data(eval.output.utf8)) as? [String: Any]
      #expect((report?["variables"] as? [[String: Any]])?.first?["name"] as? String == "x")

      let scan = run(["eval", runPath, "--scan", "k=8,9.81"])
      #expect(scan.status == 0, "\(scan.error)")
      #expect(scan.output.contains("dKL_trans/dk"))
      #expect(scan.output.contains("9.81"))
      let unknown = run(["eval", runPath, "--scan", "g=1,2"])
      #expect(unknown.status == 64)
      #expect(unknown.error.contains("the prior has no parameter 'g'"))
      #expect(unknown.error.contains("k, c"))
      #expect(run(["eval", runPath, "--scan", "k=1,x"]).status == 64)
      #expect(run(["eval", runPath, "--scan", "k"]).status == 64)

      let dataset = folder + "/data"
      #expect(
        run(["dataset", "pendulum", "--out", dataset, "--sequences", "2", "--frames", "6"]).status
          == 0)
      let encode = run(["encode", runPath, "--data", dataset, "--out", folder + "/latents.csv"])
      #expect(encode.status == 0, "\(encode.error)")
      let latents = try String(contentsOfFile: folder + "/latents.csv", encoding: .utf8)
      #expect(latents.hasPrefix("sequence,frame,mean_x,mean_x',sd_x,sd_x'\n"))
      #expect(latents.split(separator: "\n").count == 1 + 12)
      // The dataset's video alone is cut into the run's 4 frames inside each 6-frame sequence
      // (one window each), never across the two.
      let video = dataset + "/video.y4m"
      let encodeVideo = run(["encode", runPath, "--data", video, "--out", folder + "/v.csv"])
      #expect(encodeVideo.status == 0, "\(encodeVideo.error)")
      let windows = try String(contentsOfFile: folder + "/v.csv", encoding: .utf8)
      #expect(windows.split(separator: "\n").count == 1 + 2 * 4)
      // With its truth, the video is cut into the truth's sequences, which must be the ones the
      // video records.
      let scored = run(["eval", runPath, "--data", video, "--truth", dataset + "/truth.csv"])
      #expect(scored.status == 0, "\(scored.error)")
      #expect(scored.output.contains("2 sequences of 6 frames"))
      #expect(!scored.output.contains("no ground truth"))
      let other = folder + "/other"
      #expect(
        run(["dataset", "pendulum", "--out", other, "--sequences", "3", "--frames", "4"]).status
          == 0)
      let mismatched = run(["eval", runPath, "--data", video, "--truth", other + "/truth.csv"])
      #expect(mismatched.status == 1)
      #expect(
        mismatched.error.contains(
          "\(other)/truth.csv: sequences of 4 frames do not match the sequence of 6 frames at "
            + "frame 0 recorded in \(video)"))

      let predict = run([
        "predict", runPath, "--data", dataset, "--context", "2", "--horizon", "4", "--out",
        folder + "/prediction.gif",
      ])
      #expect(predict.status == 0, "\(predict.error)")
      let longContext = run([
        "predict", runPath, "--data", dataset, "--context", "7", "--out", folder + "/p7.gif",
      ])
      #expect(longContext.status == 64)
      #expect(
        longContext.error.contains(
          "invalid value '7' for '--context <k>': \(dataset) has only 6 frames in its first"))
      #expect(predict.output.contains("mean PSNR over 4 predicted frames"))

      let intervene = run([
        "intervene", runPath, "--set", "c=0.8", "--sequences", "1", "--out", folder + "/cf.gif",
      ])
      #expect(intervene.status == 0, "\(intervene.error)")
      #expect(intervene.output.contains("PSNR of the counterfactual against the true rendering"))
      #expect(FileManager.default.fileExists(atPath: folder + "/cf.svg"))

      let threeStates = folder + "/three.prior"
      try "x'' = -x\ny' = -y\ninit x ~ uniform(-1, 1)\ninit y ~ uniform(-1, 1)\n"
        .write(toFile: threeStates, atomically: true, encoding: .utf8)
      for (arguments, message) in [
        (["--set", "zz=1"], "invalid value 'zz=1' for '--set <name=value>': unknown param 'zz'"),
        (["--set", "c=-5"], "param 'c' = -5 set by --set is outside its range [0, 10]"),
        (["--init", "q=1"], "unknown state component 'q' in '--init <name=value>'"),
        (["--init", "x=inf"], "invalid value 'x=inf' for '--init <name=value>': 'inf' after '='"),
        (["--prior", threeStates], "for '--prior <file>': its state (x, x', y) differs"),
      ] {
        let bad = run(["intervene", runPath] + arguments + ["--out", folder + "/bad.gif"])
        #expect(bad.status == 64, "\(arguments)")
        #expect(bad.error.contains(message), "\(bad.error)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/bad.gif"))
      }

      // An initial value the decoder cannot take names the flag, the step and the value.
      for (arguments, message) in [
        (
          ["--init", "x=1e300"],
          "error: the rollout with --init x=1e300 is not finite at step 0 (sequence 0): "
            + "x = 1e+300, beyond the single precision (3.4e38) of the decoder\n"
        ),
        (
          ["--set", "c=0.5", "--init", "x'=1e200"],
          "error: the rollout with --set c=0.5 --init x'=1e200 is not finite at step 0 "
            + "(sequence 0): x' = 1e+200"
        ),
        (
          ["--init", "x=3e38"],
          "error: the frames decoded from the rollout with --init x=3e38 are not finite "
            + "(non-finite value inf at element"
        ),
      ] {
        let diverging = run(["intervene", runPath] + arguments + ["--out", folder + "/bad.gif"])
        #expect(diverging.status == 1, "\(arguments)")
        #expect(diverging.error.hasPrefix(message), "\(diverging.error)")
        #expect(!diverging.error.contains("USAGE"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/bad.gif"))
      }

      // A config.json edited to another (valid) size no longer fits the checkpoint.
      let edited = folder + "/edited"
      try FileManager.default.copyItem(atPath: runPath, toPath: edited)
      let config = try String(contentsOfFile: edited + "/config.json", encoding: .utf8)
      try config.replacingOccurrences(of: "\"size\" : 32", with: "\"size\" : 64")
        .write(toFile: edited + "/config.json", atomically: true, encoding: .utf8)
      let mismatch = run(["eval", edited])
      #expect(mismatch.status == 1)
      #expect(mismatch.error.hasPrefix("error: checkpoint \(edited)/best.ckpt: parameter "))

      let sample = run([
        "sample", runPath, "--count", "2", "--frames", "3", "--out", folder + "/s.gif",
      ])
      #expect(sample.status == 0, "\(sample.error)")
      #expect(FileManager.default.fileExists(atPath: folder + "/s.gif"))
    }
  }

  @Test func aRunWhoseLossIsNeverFiniteFails() throws {
    try withTemporaryDirectory { folder in
      // The pendulum with dt = 1e6 and no process noise: finite states over 8 frames, but a
      // prior mixture that overflows.
      let prior = folder + "/pendulum.prior"
      try """
      prior pendulum
      param k = 9.81 in [0.1, 100]
      param c = 0 in [0, 10] learn
      x'' = -k*sin(x) - c*x'
      noise x ~ 0
      noise x' ~ 0
      init x ~ uniform(-1.6, 1.6)
      init x' ~ normal(0, 0.5)
      dt = 1e6

      """.write(toFile: prior, atomically: true, encoding: .utf8)
      let train = run([
        "train", "--prior", prior, "--out", folder + "/run", "--epochs", "1", "--batch", "2",
        "--frames", "8", "--sequences", "4",
      ])
      #expect(train.status == 1)
      #expect(train.error.contains("training diverged: no epoch had a finite validation loss"))
      #expect(train.error.contains(folder + "/run/best.ckpt was not written"))
    }
  }

  /// The pulsar's (u, v) is a phase plane: train chooses its settings, says so, saves them
  /// in config.json, and leaves a given one alone; --no-phase-settings keeps the defaults.
  @Test func phaseSettingsChosenForThePulsar() throws {
    try withTemporaryDirectory { folder in
      let runPath = folder + "/run"
      let train = run([
        "train", "--prior", prior("pulsar"), "--out", runPath, "--epochs", "1", "--batch", "2",
        "--frames", "8", "--sequences", "4", "--beta-m", "50",
      ])
      #expect(train.status == 0, "\(train.error)")
      #expect(
        train.output.contains(
          "phase plane (u, v): the video shows only its angle, and the prior turns it (the "
            + "slowest) once every 24 steps; settings chosen"))
      #expect(
        train.output.contains(
          "  --window 7: a turn is 24 steps, longer than the 8-frame sequences"))
      #expect(train.output.contains("  --beta-t 100: "))
      #expect(!train.output.contains("  --beta-m "))
      let configuration = try RunFolder(path: runPath).readSettings().configuration
      #expect(configuration.window == 7)
      #expect(configuration.schedule.transitionWeight == 100)
      #expect(configuration.schedule.marginalWeight == 50)
      #expect(configuration.schedule.variancesHeldFor == 1)
      #expect(configuration.schedule.windowCutsFrom == 1)

      let plain = run([
        "train", "--prior", prior("pulsar"), "--out", folder + "/plain", "--epochs", "1",
        "--batch", "2", "--frames", "8", "--sequences", "4", "--no-phase-settings",
      ])
      #expect(plain.status == 0, "\(plain.error)")
      #expect(!plain.output.contains("phase plane"))
      let plainConfiguration = try RunFolder(path: folder + "/plain").readSettings()
        .configuration
      #expect(plainConfiguration.window == 3)
      #expect(plainConfiguration.schedule.transitionWeight == 10)
      #expect(plainConfiguration.schedule.windowCutsFrom == nil)
    }
  }

  @Test func usageErrors() throws {
    #expect(run(["train", "--prior", "/nonexistent.prior"]).status == 64)
    #expect(run(["train", "--prior", Self.pendulumPrior, "--resume"]).status == 64)
    let evenWindow = run(["train", "--prior", Self.pendulumPrior, "--window", "4"])
    #expect(evenWindow.status == 64)
    #expect(evenWindow.error.contains("odd number of frames"))
    #expect(run(["train", "--prior", Self.pendulumPrior, "--param-warmup", "-1"]).status == 64)
    let variance = run(["train", "--prior", Self.pendulumPrior, "--variance-warmup", "-1"])
    #expect(variance.status == 64)
    #expect(variance.error.contains("variance warm-up"))
    let dynamics = run(["train", "--prior", Self.pendulumPrior, "--dynamics-first", "-1"])
    #expect(dynamics.status == 64)
    #expect(dynamics.error.contains("dynamics-first phase"))
    let cuts = run(["train", "--prior", Self.pendulumPrior, "--window-cuts-from", "-2"])
    #expect(cuts.status == 64)
    #expect(cuts.error.contains("window cuts must start"))
    #expect(run(["eval", "/nonexistent-run"]).status == 64)
    try withTemporaryDirectory { folder in
      let missing = run(["eval", folder])
      #expect(missing.status == 1)
      #expect(missing.error.contains("config.json"))
      #expect(run(["intervene", folder]).status == 64)
    }
  }
}
