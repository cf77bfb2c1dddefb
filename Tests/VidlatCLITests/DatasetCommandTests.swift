import Foundation
import Testing
import Video

@testable import VidlatCLI

@Suite struct DatasetCommandTests {
  @Test func pendulumDatasetHasTheBobWhereTheTruthSays() throws {
    try withTemporaryDirectory { folder in
      let context = CommandContext.capturing()
      let status = VidlatCLI.run(
        ["dataset", "pendulum", "--out", folder, "--sequences", "3", "--frames", "12"],
        context: context)
      #expect(status == 0)
      #expect(context.standardOutput.text.contains("pendulum: 3 sequences x 12 frames"))
      let (video, truth) = try SceneDataset.read(folder: folder)
      #expect(video.count == 3 && video.length == 12 && video.width == 32)
      #expect(truth.columns == ["sequence", "frame", "x", "x'", "k", "c"])
      let angles = try #require(truth.column("x"))
      let frames = video.concatenated
      for f in 0..<frames.frameCount {
        // Centroid of the bob (drawn at full intensity; rod and pivot at half).
        let frame = frames.frame(f)
        var sum = 0.0
        var sx = 0.0
        var sy = 0.0
        for i in 0..<32 {
          for j in 0..<32 where frame[i, j] > 0.75 {
            sum += Double(frame[i, j])
            sx += Double(frame[i, j]) * ((2 * Double(j) + 1) / 32 - 1)
            sy += Double(frame[i, j]) * (1 - (2 * Double(i) + 1) / 32)
          }
        }
        let measured = atan2(sx / sum, 0.55 - sy / sum)
        #expect(abs(measured - angles[f]) < 0.05, "frame \(f)")
      }
    }
  }

  @Test func interventionAndErrors() throws {
    try withTemporaryDirectory { folder in
      let context = CommandContext.capturing()
      let status = VidlatCLI.run(
        [
          "dataset", "spring", "--out", folder, "--sequences", "2", "--frames", "3", "--size", "16",
          "--set", "c=0.8", "--noise", "0.05", "--seed", "4",
        ], context: context)
      #expect(status == 0)
      let truth = try GroundTruth.read(path: folder + "/truth.csv")
      #expect(truth.column("c")?.allSatisfy { $0 == 0.8 } == true)

      let unknown = CommandContext.capturing()
      #expect(
        VidlatCLI.run(["dataset", "spring", "--out", folder, "--set", "q=1"], context: unknown)
          == 64)
      #expect(unknown.standardError.text.contains("valid parameters: k, c"))
      let scene = CommandContext.capturing()
      #expect(VidlatCLI.run(["dataset", "pendlum", "--out", folder], context: scene) == 64)
      #expect(scene.standardError.text.contains("did you mean 'pendulum'?"))
      let missing = CommandContext.capturing()
      #expect(VidlatCLI.run(["dataset", "pendulum"], context: missing) == 64)
    }
  }
}

@Suite struct BounceDatasetCommandTests {
  /// `vidlat dataset bounce` writes 64 x 64 sequences of 30 frames by default with the shapes'
  /// centres as truth; `--size 32` still applies, and a speed too fast for dt is an error.
  @Test func bounceDatasetDefaultsTo64PixelsAnd30Frames() throws {
    try withTemporaryDirectory { folder in
      let context = CommandContext.capturing()
      let status = VidlatCLI.run(
        ["dataset", "bounce", "--sequences", "4", "--out", folder + "/a"], context: context)
      #expect(status == 0, "\(context.standardError.text)")
      #expect(context.standardOutput.text.contains("bounce: 4 sequences x 30 frames, 64x64"))
      let (video, truth) = try SceneDataset.read(folder: folder + "/a")
      #expect(video.count == 4 && video.length == 30 && video.width == 64)
      #expect(truth.columns == ["sequence", "frame", "x1", "y1", "x2", "y2", "speed"])
      #expect(truth.column("x1")?.allSatisfy { abs($0) <= 0.75 } == true)

      let small = CommandContext.capturing()
      #expect(
        VidlatCLI.run(
          [
            "dataset", "bounce", "--sequences", "2", "--frames", "5", "--size", "32", "--out",
            folder + "/b",
          ],
          context: small) == 0)
      #expect(try SceneDataset.read(folder: folder + "/b").video.width == 32)

      let fast = CommandContext.capturing()
      #expect(
        VidlatCLI.run(
          ["dataset", "bounce", "--set", "speed=30", "--out", folder + "/c"], context: fast) == 1)
      #expect(fast.standardError.text.contains("more than 1 (half the frame)"))
    }
  }
}

@Suite struct DatasetStyleTests {
  @Test func cameraStyleWritesColourClipsWithTheFlatTruth() throws {
    try withTemporaryDirectory { folder in
      let context = CommandContext.capturing()
      let status = VidlatCLI.run(
        [
          "dataset", "spring", "--style", "camera", "--width", "48", "--height", "32",
          "--sequences", "2", "--frames", "4", "--seed", "3", "--out", folder + "/camera",
        ], context: context)
      #expect(status == 0, "\(context.standardError.text)")
      #expect(context.standardOutput.text.contains("spring: 2 clips x 4 frames, 48x32 camera"))
      let format: SceneDataset.ClipFormat = (try? FFmpeg.locate()) == nil ? .y4m : .mp4
      for index in 0..<2 {
        let clip = try Video.read(
          path: SceneDataset.clipPath(folder + "/camera", index: index, format: format),
          colour: .rgb)
        #expect(clip.frameCount == 4 && clip.width == 48 && clip.height == 32)
        #expect(clip.colour == .rgb)
      }
      let (clips, truth) = try SceneDataset.read(folder: folder + "/camera")
      #expect(clips.count == 2 && clips.length == 4 && clips.colour == .rgb)
      #expect(FileManager.default.fileExists(atPath: folder + "/camera/preview.png"))

      let flat = CommandContext.capturing()
      let args = ["--sequences", "2", "--frames", "4", "--seed", "3", "--size", "8"]
      #expect(
        VidlatCLI.run(["dataset", "spring", "--out", folder + "/flat"] + args, context: flat) == 0)
      #expect(try SceneDataset.read(folder: folder + "/flat").truth == truth)
      let inverted = CommandContext.capturing()
      #expect(
        VidlatCLI.run(
          ["dataset", "spring", "--style", "flat-inverted", "--out", folder + "/inverted"] + args,
          context: inverted) == 0)
      let (dark, _) = try SceneDataset.read(folder: folder + "/flat")
      let (light, _) = try SceneDataset.read(folder: folder + "/inverted")
      #expect(zip(dark.pixels, light.pixels).allSatisfy { abs($0 + $1 - 1) < 1.5 / 255 })
    }
  }

  @Test func styleOptionsAreChecked() throws {
    try withTemporaryDirectory { folder in
      for (arguments, message) in [
        (["--style", "camera", "--width", "33"], "camera width 33 must be even"),
        (["--style", "camera", "--size", "16"], "--size applies to the flat styles"),
        (["--background", "wood"], "--background applies to --style camera only"),
        (["--style", "camera", "--background", "brick"], "did you mean 'bricks'?"),
        (["--style", "film"], "expected one of 'flat', 'flat-inverted', 'camera'"),
      ] {
        let context = CommandContext.capturing()
        let status = VidlatCLI.run(
          ["dataset", "pendulum", "--out", folder] + arguments, context: context)
        #expect(status == 64, "\(arguments)")
        #expect(context.standardError.text.contains(message), "\(context.standardError.text)")
      }
    }
  }
}
