import Foundation
import Testing
import Video

@Suite struct PGMTests {
  @Test func binaryRoundTripsAt8And16Bits() throws {
    let frame = rampVideo(frames: 1).frame(0)
    #expect(try PGM.decode(PGM.encode(frame), path: "a.pgm") == frame)
    let deep = try PGM.decode(PGM.encode(frame, maxValue: 65535), path: "b.pgm")
    for (a, b) in zip(deep.pixels, frame.pixels) { #expect(abs(a - b) < 1e-6) }
  }

  @Test func plainTextWithComments() throws {
    let text = "P2\n# a comment\n3 2 # trailing\n4\n0 1 2\n3 4 4\n"
    let frame = try PGM.decode(Array(text.utf8), path: "p.pgm")
    #expect(frame.width == 3 && frame.height == 2)
    #expect(frame.pixels == [0, 0.25, 0.5, 0.75, 1, 1])
  }

  @Test func folderIsReadInNumericOrder() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let video = rampVideo(frames: 12)
    for f in 0..<12 {
      _ = try folder.write(PGM.encode(video.frame(f)), to: "f\(f).pgm")  // f2 before f10
    }
    _ = try folder.write(Array("not a frame".utf8), to: "notes.txt")
    let read = try Video.readPGMFolder(path: folder.path, framesPerSecond: 20)
    #expect(read == video)

    let written = try TemporaryFolder()
    defer { written.remove() }
    try video.writePGMFolder(to: written.path)
    #expect(try Video.read(path: written.path).pixels == video.pixels)
  }

  @Test func brokenImagesAndFoldersGiveErrors() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    func problem(_ bytes: [UInt8]) -> VideoError.Problem? {
      videoError { () throws(VideoError) in try PGM.decode(bytes, path: "x.pgm") }?.problem
    }
    #expect(problem(Array("P6\n1 1\n255\n".utf8) + [0, 0, 0]) != nil)
    if case .unsupportedColourSpace = problem(Array("P6\n1 1\n255\n".utf8) + [0, 0, 0]) {
    } else {
      Issue.record("P6 should be an unsupported colour space")
    }
    #expect(problem(Array("JUNK".utf8)) == .badHeader("missing P5/P2 signature"))
    #expect(problem(Array("P5\n2 2\n".utf8)) == .badHeader("missing width, height or maxval"))
    #expect(problem(Array("P5\n2 2\n70000\n".utf8)) == .badHeader("maxval 70000 not in 1...65535"))
    #expect(
      problem(Array("P5\n2 2\n255\n".utf8) + [1, 2, 3])
        == .truncatedFrame(frame: 0, expected: 4, found: 3))
    #expect(
      problem(Array("P2\n2 2\n255\n1 2 3".utf8)) == .truncatedFrame(frame: 0, expected: 4, found: 3)
    )

    let empty = try TemporaryFolder()
    defer { empty.remove() }
    #expect(
      videoError { () throws(VideoError) in try Video.readPGMFolder(path: empty.path) }
        == VideoError(path: empty.path, problem: .noFrameFiles("")))
    #expect(
      VideoError(path: "d", problem: .noFrameFiles("")).description
        == "d: no .pgm frame files in this folder")
    // A folder holding a video instead says which file to give.
    _ = try empty.write([], to: "clip.mp4")
    #expect(
      videoError { () throws(VideoError) in try Video.readPGMFolder(path: empty.path) }?
        .description
        == "\(empty.path): no .pgm frame files in this folder; it holds a video: give the file, "
        + "\(empty.path)/clip.mp4")
    _ = try empty.write([], to: SceneDataset.videoFile)
    _ = try empty.write([], to: SceneDataset.truthFile)
    #expect(
      videoError { () throws(VideoError) in try Video.readPGMFolder(path: empty.path) }?
        .description
        == "\(empty.path): no .pgm frame files in this folder; it is a 'vidlat dataset' folder: "
        + "give its video, \(empty.path)/video.y4m")

    _ = try folder.write(
      PGM.encode(Frame(height: 2, width: 2, pixels: [0, 0, 0, 0])), to: "a1.pgm")
    _ = try folder.write(PGM.encode(Frame(height: 1, width: 2, pixels: [0, 0])), to: "a2.pgm")
    let error = videoError { () throws(VideoError) in try Video.readPGMFolder(path: folder.path) }
    #expect(error?.path == folder.file("a2.pgm"))
    if case .inconsistentFrameSize = error?.problem {
    } else {
      Issue.record("expected inconsistent frame sizes, got \(String(describing: error))")
    }
  }
}
