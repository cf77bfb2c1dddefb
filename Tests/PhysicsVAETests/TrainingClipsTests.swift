import Foundation
import Testing
import Video

@testable import PhysicsVAE

@Suite struct TrainingClipsTests {
  /// `count` RGB clips of `frames` frames, 24 x 16, a coloured dot moving across a
  /// textured ground, written as y4m files clip-0.y4m, clip-1.y4m, ... in `folder`.
  func writeClips(count: Int, frames: Int, in folder: String) throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for c in 0..<count {
      var pixels = [Float](repeating: 0, count: frames * 16 * 24 * 3)
      for f in 0..<frames {
        for y in 0..<16 {
          for x in 0..<24 {
            let i = ((f * 16 + y) * 24 + x) * 3
            let ground = Float((x + 2 * y) % 4) / 20 + 0.3
            let near = abs(x - (4 + (f + c) % 16)) <= 1 && abs(y - 8) <= 1
            (pixels[i], pixels[i + 1], pixels[i + 2]) =
              near ? (0.9, 0.2, 0.1) : (ground, ground + 0.1, ground)
          }
        }
      }
      try Video(
        frameCount: frames, height: 16, width: 24, colour: .rgb, framesPerSecond: 20,
        pixels: pixels
      ).writeY4M(to: "\(folder)/clip-\(c).y4m")
    }
  }

  /// Ten clips of 20 frames, T = 8, stride 2: two clips (20%) validate, eight train with 7
  /// overlapping sequences each; validation sequences do not overlap (2 per clip); colour
  /// and a region are found from the clips, and the frames are the model's squares.
  @Test func clipsSplitByClipWithOverlappingTrainingSequences() throws {
    let folder = temporaryFolder("clips")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try writeClips(count: 10, frames: 20, in: folder)
    var configuration = TrainingConfiguration()
    configuration.frameCount = 8
    configuration.stride = 2
    configuration.region = .auto
    let choices = try TrainingData.chooseFormat(
      paths: ["\(folder)/*.y4m"], in: &configuration)
    #expect(choices.map(\.setting) == [.colour, .crop])
    #expect(configuration.colour == .rgb)
    guard case .rectangle(let region) = configuration.region else {
      Issue.record("the region was not resolved")
      return
    }
    #expect(region.width == region.height && region.height <= 16)
    let data = try TrainingData.clips(paths: [folder], configuration: configuration)
    #expect(data.train.count == 8 * 7)
    #expect(data.validation.count == 2 * 2)
    #expect(data.train.width == 32 && data.train.colour == .rgb)
    let trainClips = Set(
      stride(from: 0, to: data.train.count, by: 7).map { data.train.sequence($0).frame(0).pixels })
    for v in stride(from: 0, to: data.validation.count, by: 2) {
      #expect(!trainClips.contains(data.validation.sequence(v).frame(0).pixels))
    }
  }

  /// Recordings shorter than the configured sequence length set it, unless it was given.
  @Test func shortRecordingsSetTheSequenceLengthUnlessItIsGiven() throws {
    let folder = temporaryFolder("short-clips")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try writeClips(count: 3, frames: 12, in: folder)
    var chosen = TrainingConfiguration()
    chosen.colour = .rgb
    let choices = try TrainingData.chooseFormat(paths: [folder], in: &chosen)
    #expect(choices.map(\.setting) == [.frames] && choices.first?.value == "12")
    #expect(chosen.frameCount == 12)
    #expect(try TrainingData.clips(paths: [folder], configuration: chosen).train.length == 12)

    var given = TrainingConfiguration()
    given.colour = .rgb
    #expect(try TrainingData.chooseFormat(paths: [folder], in: &given, keeping: [.frames]).isEmpty)
    #expect(given.frameCount == TrainingConfiguration().frameCount)
    #expect(throws: TrainingError.self) {
      try TrainingData.clips(paths: [folder], configuration: given)
    }
  }

  /// Clips of different sizes are refused with both names.
  @Test func clipsOfDifferentSizesAreRefused() throws {
    let folder = temporaryFolder("sizes")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try writeClips(count: 1, frames: 10, in: folder)
    try rampVideoForClips().writeY4M(to: "\(folder)/other.y4m")
    var configuration = TrainingConfiguration()
    configuration.frameCount = 4
    configuration.colour = .gray
    #expect {
      try TrainingData.clips(paths: [folder], configuration: configuration)
    } throws: { error in
      "\(error)".contains("clips differ in size") && "\(error)".contains("other.y4m")
    }
  }

  func rampVideoForClips() -> Video {
    Video(
      frameCount: 10, height: 5, width: 7, framesPerSecond: 20,
      pixels: (0..<350).map { Float($0 % 255) / 255 })
  }
}

@Suite struct AwkwardClipTests {
  /// A clip of odd size and aspect ratio (37 x 23) is letterboxed to the model's square
  /// without distortion: the padding rows are black, the picture's rows are not.
  @Test func oddSizesAndAspectRatiosAreLetterboxed() throws {
    let folder = temporaryFolder("odd-sizes")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let pixels: [Float] = (0..<(12 * 23 * 37)).map { (i: Int) -> Float in Float(i % 37 + 20) / 80 }
    try Video(frameCount: 12, height: 23, width: 37, framesPerSecond: 20, pixels: pixels)
      .writeY4M(to: folder + "/odd.y4m")
    var configuration = TrainingConfiguration()
    configuration.frameCount = 4
    configuration.colour = .gray
    let data = try TrainingData.clips(paths: [folder + "/odd.y4m"], configuration: configuration)
    let frame = data.train.sequence(0).frame(0)
    #expect(frame.width == 32 && frame.height == 32)
    // 37 x 23 becomes 32 x 20: 6 black rows above, 6 below.
    #expect(frame.pixels[0..<(6 * 32)].allSatisfy { $0 == 0 })
    #expect(frame.pixels[(6 * 32)..<(7 * 32)].allSatisfy { $0 > 0.2 })
    #expect(frame.pixels[(26 * 32)...].allSatisfy { $0 == 0 })
  }

  /// A truncated mp4 (ffmpeg's output cut in half) is read as far as it goes or refused
  /// with a message naming the file; never a crash. Skipped without ffmpeg.
  @Test func aTruncatedMP4IsReadOrRefusedByName() throws {
    guard let ffmpeg = try? FFmpeg.locate() else { return }
    let folder = temporaryFolder("truncated")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let pixels: [Float] = (0..<(30 * 16 * 24 * 3)).map { (i: Int) -> Float in
      Float(i * 7 % 255) / 255
    }
    let path = folder + "/clip.mp4"
    try ffmpeg.writeMP4(
      Video(
        frameCount: 30, height: 16, width: 24, colour: .rgb, framesPerSecond: 20,
        pixels: pixels), to: path)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
    var configuration = TrainingConfiguration()
    configuration.frameCount = 4
    do {
      let data = try TrainingData.clips(paths: [path], configuration: configuration)
      #expect(data.train.count > 0)
    } catch {
      #expect("\(error)".contains(path))
    }
  }

  /// A variable-frame-rate mp4 (30 frames 0.05 s apart but for one 0.55 s gap, 2 s in all)
  /// is read at a constant rate: with `--fps 20` the gap holds its frame, 40 frames; the
  /// clip's own rate reads too. Skipped without ffmpeg.
  @Test func aVariableFrameRateClipIsReadAtAConstantRate() throws {
    guard let ffmpeg = try? FFmpeg.locate() else { return }
    let folder = temporaryFolder("vfr")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/vfr.mp4"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ffmpeg.executable)
    process.arguments = [
      "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=48x32:rate=20",
      "-frames:v", "30", "-vf", "setpts='if(lt(N,15),N/20,(N+10)/20)/TB'", "-vsync", "vfr",
      "-c:v", "libx264", "-pix_fmt", "yuv420p", path,
    ]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return }
    let resampled = try Video.read(path: path, framesPerSecond: 20, colour: .rgb)
    #expect(resampled.framesPerSecond == 20)
    #expect((39...41).contains(resampled.frameCount))
    var configuration = TrainingConfiguration()
    configuration.frameCount = 8
    configuration.framesPerSecond = 20
    configuration.colour = .rgb
    let data = try TrainingData.clips(paths: [path], configuration: configuration)
    #expect(data.train.count > 0 && data.train.colour == .rgb)
    #expect(try Video.read(path: path, colour: .rgb).frameCount >= 30)
  }
}
