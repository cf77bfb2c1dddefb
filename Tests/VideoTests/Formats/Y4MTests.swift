import Foundation
import Testing
import Video

@Suite struct Y4MTests {
  @Test func monoRoundTripIsExact() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let video = rampVideo()
    try video.writeY4M(to: folder.file("a.y4m"))
    let read = try Video.readY4M(path: folder.file("a.y4m"))
    #expect(read == video)
    #expect(read.framesPerSecond == 20)
  }

  /// A full-range stream in `space` whose luma is `rampVideo`'s and whose other planes are
  /// noise.
  func stream(_ space: Y4MColourSpace, video: Video, frameParameters: String = "") -> [UInt8] {
    var bytes = Array(
      ("YUV4MPEG2 W\(video.width) H\(video.height) F30000:1001 It A1:1 C\(space.rawValue) "
        + "XYSCSS=X XCOLORRANGE=FULL\n").utf8)
    let header = Y4MHeader(
      width: video.width, height: video.height, frameRate: (1, 1), colourSpace: space)
    let lumaBytes = video.pixelsPerFrame * space.bytesPerSample
    for f in 0..<video.frameCount {
      bytes += Array("FRAME\(frameParameters)\n".utf8)
      for value in video.frame(f).pixels {
        let level = Int((value * 255).rounded())
        if space.bytesPerSample == 1 {
          bytes.append(UInt8(level))
        } else {
          // Scale the 8-bit level to the full range of the deeper sample.
          let maximum = (1 << space.bitDepth) - 1
          let deep = level * maximum / 255
          bytes += [UInt8(deep & 0xFF), UInt8(deep >> 8)]
        }
      }
      bytes += (0..<header.frameByteCount - lumaBytes).map { UInt8(($0 * 31 + f) % 256) }
    }
    return bytes
  }

  @Test func rgbRoundTripKeepsColoursWithinTwoLevels() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let pixels: [Float] = (0..<210).map { (i: Int) -> Float in Float((i * 37) % 256) / 255 }
    let video = Video(
      frameCount: 2, height: 5, width: 7, colour: .rgb, framesPerSecond: 20, pixels: pixels)
    try video.writeY4M(to: folder.file("rgb.y4m"))
    #expect(try Y4MReader(path: folder.file("rgb.y4m")).header.colourSpace == .c444)
    let read = try Video.readY4M(path: folder.file("rgb.y4m"), colour: .rgb)
    #expect(read.colour == .rgb && read.frameCount == 2)
    let worst = zip(read.pixels, pixels).map { (a: Float, b: Float) in abs(a - b) }.max() ?? 1
    #expect(worst <= 2.0 / 255)
    let gray = try Video.readY4M(path: folder.file("rgb.y4m"))
    let luma = video.converted(to: Video.Colour.gray)
    #expect(
      zip(gray.pixels, luma.pixels).allSatisfy { (a: Float, b: Float) in abs(a - b) <= 0.6 / 255 })
  }

  @Test func colourStreamsWithoutARangeAreStudioSwing() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // 4:4:4, one 2 x 1 frame: luma 16 and 235, neutral chroma (128).
    let bytes = Array("YUV4MPEG2 W2 H1 F25:1 C444\nFRAME\n".utf8) + [16, 235, 128, 128, 128, 128]
    let path = try folder.write(bytes, to: "s.y4m")
    #expect(try Video.readY4M(path: path).pixels == [0, 1])
    #expect(try Video.readY4M(path: path, colour: .rgb).pixels == [0, 0, 0, 1, 1, 1])
  }

  @Test(arguments: Y4MColourSpace.allCases)
  func everyColourSpaceReadsLumaAsGray(space: Y4MColourSpace) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let video = rampVideo(frames: 2, height: 5, width: 7)  // odd sizes: chroma rounds up
    let path = try folder.write(stream(space, video: video), to: "c.y4m")
    let reader = try Y4MReader(path: path)
    #expect(reader.header.colourSpace == space)
    #expect(abs(reader.header.framesPerSecond - 29.97) < 0.001)
    let read = try reader.readVideo()
    #expect(read.frameCount == 2)
    let tolerance: Float = space.bitDepth > 8 ? 1.0 / 255 : 1e-6
    for (a, b) in zip(read.pixels, video.pixels) { #expect(abs(a - b) <= tolerance) }
  }

  @Test func framesAreStreamedOneAtATimeAndFrameParametersAreIgnored() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let video = rampVideo(frames: 4)
    let path = try folder.write(
      stream(.c420jpeg, video: video, frameParameters: " Ixyz XFOO=1"), to: "s.y4m")
    let reader = try Y4MReader(path: path)
    var count = 0
    while let frame = try reader.nextFrame() {
      #expect(frame == video.frame(count))
      count += 1
    }
    #expect(count == 4)
    #expect(try Video.readY4M(path: path, maxFrames: 2).frameCount == 2)
  }

  @Test func readStreamsResamplesAndResizesLikeTheWholeVideoPipeline() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let video = rampVideo(frames: 10, height: 6, width: 9)  // 20 fps
    try video.writeY4M(to: folder.file("v.y4m"))
    let expected = video.resampled(toFramesPerSecond: 8).resized(height: 2, width: 3)
    let read = try Video.read(path: folder.file("v.y4m"), width: 3, height: 2, framesPerSecond: 8)
    #expect(read.frameCount == expected.frameCount && read.framesPerSecond == 8)
    for (a, b) in zip(read.pixels, expected.pixels) { #expect(abs(a - b) < 1e-6) }
    let faster = try Video.read(path: folder.file("v.y4m"), framesPerSecond: 40, maxFrames: 5)
    #expect(faster.frameCount == 5)
    #expect(faster.frame(1) == video.frame(0) && faster.frame(2) == video.frame(1))
    #expect(try Video.read(path: folder.file("v.y4m"), maxFrames: 3) == video.frames(0..<3))
    let single = try folder.write(PGM.encode(video.frame(2)), to: "one.pgm")
    #expect(try Video.read(path: single, framesPerSecond: 20) == video.frames(2..<3))
    #expect(
      videoError { () throws(VideoError) in try Video.read(path: folder.file("v.y4m"), width: 3) }?
        .problem == .invalidRequest("give both width and height"))
  }

  /// A video of independent sequences back to back (a `vidlat dataset` video) records their
  /// length in the header, and reading gives them back, also at another frame rate.
  @Test func sequencesBackToBackAreRecordedInTheHeader() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let sequences = try VideoSequences(concatenated: rampVideo(frames: 12), length: 4)
    try sequences.concatenated.writeY4M(to: folder.file("d.y4m"))
    let header = try Y4MReader(path: folder.file("d.y4m")).header
    #expect(header.sequenceLength == 4)
    let read = try Video.readY4M(path: folder.file("d.y4m"))
    #expect(read.sequenceStarts == [0, 4, 8])
    #expect(read == sequences.concatenated)
    // At half the frame rate each sequence keeps its own frames: 0, 2 | 4, 6 | 8, 10.
    let slower = try Video.read(path: folder.file("d.y4m"), framesPerSecond: 10)
    #expect(slower.sequenceStarts == [0, 2, 4])
    #expect(slower == sequences.concatenated.resampled(toFramesPerSecond: 10))
    // At 1.5x, output frames 0..5 show source frames 0, 0, 1, 2, 2, 3 (sequence 0).
    let faster = try Video.read(path: folder.file("d.y4m"), framesPerSecond: 30)
    #expect(faster.sequenceStarts == [0, 6, 12])
    #expect(try Video.read(path: folder.file("d.y4m"), maxFrames: 6).sequenceStarts == [0, 4])
    // A plain video records nothing and is one sequence.
    try rampVideo(frames: 12).writeY4M(to: folder.file("plain.y4m"))
    #expect(try Y4MReader(path: folder.file("plain.y4m")).header.sequenceLength == nil)
    #expect(try Video.readY4M(path: folder.file("plain.y4m")).sequenceStarts == [0])
    // Another program's X comments are ignored; a broken length names the file.
    let bad = try folder.write(
      Array("YUV4MPEG2 W2 H2 Cmono XVIDLAT_SEQUENCE_FRAMES=0 XOTHER=1\nFRAME\n".utf8)
        + [0, 1, 2, 3], to: "bad.y4m")
    let error = videoError { () throws(VideoError) in try Video.readY4M(path: bad) }
    #expect(error?.path == bad)
    #expect(error?.problem == .badHeader("bad sequence length '0'"))
  }

  @Test func defaultsWhenOptionalFieldsAreMissing() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // No C (4:2:0 by default) and no F (25 fps).
    let path = try folder.write(
      Array("YUV4MPEG2 W2 H2\nFRAME\n".utf8) + [0, 255, 255, 0, 1, 2], to: "d.y4m")
    let video = try Video.readY4M(path: path)
    #expect(video.framesPerSecond == 25)
    #expect(video.pixels == [0, 1, 1, 0])
  }

  @Test func brokenFilesGiveErrorsNamingTheFileAndProblem() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let good = rampVideo(frames: 2).y4mBytes()
    let cases: [(name: String, bytes: [UInt8], problem: (VideoError.Problem) -> Bool)] = [
      ("empty.y4m", [], { if case .badHeader = $0 { true } else { false } }),
      (
        "signature.y4m", Array("YUV4MPEG3 W2 H2\n".utf8),
        { if case .badHeader = $0 { true } else { false } }
      ),
      (
        "nosize.y4m", Array("YUV4MPEG2 W2 Cmono\n".utf8),
        { if case .badHeader = $0 { true } else { false } }
      ),
      (
        "width.y4m", Array("YUV4MPEG2 Wx H2\n".utf8),
        { if case .badHeader = $0 { true } else { false } }
      ),
      (
        "rate.y4m", Array("YUV4MPEG2 W2 H2 F30:0\n".utf8),
        { if case .badHeader = $0 { true } else { false } }
      ),
      (
        "noline.y4m", Array("YUV4MPEG2 W2 H2".utf8),
        { if case .badHeader = $0 { true } else { false } }
      ),
      (
        "colour.y4m", Array("YUV4MPEG2 W2 H2 Crgb\n".utf8),
        { $0 == .unsupportedColourSpace("rgb") }
      ),
      ("zero.y4m", Array("YUV4MPEG2 W2 H2 Cmono\n".utf8), { $0 == .zeroFrames }),
      (
        "truncated.y4m", Array(good.dropLast(10)),
        { $0 == .truncatedFrame(frame: 1, expected: 35, found: 25) }
      ),
      (
        "frameline.y4m", Array("YUV4MPEG2 W2 H2 Cmono\nFRAMF\n".utf8) + [1, 2, 3, 4],
        { if case .badHeader = $0 { true } else { false } }
      ),
      (
        "cutline.y4m", Array("YUV4MPEG2 W2 H2 Cmono\nFRA".utf8),
        { if case .truncatedFrame(frame: 0, _, _) = $0 { true } else { false } }
      ),
    ]
    for entry in cases {
      let path = try folder.write(entry.bytes, to: entry.name)
      let error = try #require(
        videoError { () throws(VideoError) in try Video.readY4M(path: path) })
      #expect(error.path == path)
      #expect(entry.problem(error.problem), "\(entry.name): \(error)")
      #expect(error.description.hasPrefix(path + ": "))
    }
    let missing = videoError { () throws(VideoError) in
      try Video.readY4M(path: folder.file("missing.y4m"))
    }
    #expect(missing?.description.contains("No such file") == true)
    let directory = videoError { () throws(VideoError) in try Video.readY4M(path: folder.path) }
    #expect(directory?.problem == .unreadable("is a directory"))
  }

  @Test func truncatedFrameMessageIsReadable() {
    let error = VideoError(
      path: "clip.y4m", problem: .truncatedFrame(frame: 3, expected: 1024, found: 100))
    #expect(error.description == "clip.y4m: truncated frame 3: expected 1024 bytes, found 100")
  }
}
