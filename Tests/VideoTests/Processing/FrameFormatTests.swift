import Foundation
import Testing
import Video

@Suite struct FrameFormatTests {
  /// An RGB clip of `frames` frames, `width x height`, a mid-gray textured ground with a red
  /// 3 x 3 square moving right along row `row` from column `column`.
  func movingSquare(
    frames: Int = 8, width: Int = 40, height: Int = 30, row: Int = 12, column: Int = 20
  ) -> Video {
    var pixels = [Float](repeating: 0, count: frames * width * height * 3)
    for f in 0..<frames {
      for y in 0..<height {
        for x in 0..<width {
          let i = ((f * height + y) * width + x) * 3
          let texture = Float((x * 7 + y * 3) % 5) / 40
          (pixels[i], pixels[i + 1], pixels[i + 2]) = (0.4 + texture, 0.45, 0.5 - texture)
          if (row..<row + 3).contains(y), (column + f..<column + f + 3).contains(x) {
            (pixels[i], pixels[i + 1], pixels[i + 2]) = (0.9, 0.1, 0.1)
          }
        }
      }
    }
    return Video(
      frameCount: frames, height: height, width: width, colour: .rgb, framesPerSecond: 30,
      pixels: pixels)
  }

  @Test func regionsParseAndPrint() {
    #expect(FrameRegion(parsing: "auto") == .auto)
    #expect(FrameRegion(parsing: "whole") == .whole)
    let region = FrameRegion(parsing: "10,20,30,40")
    #expect(region == .rectangle(PixelRectangle(x: 10, y: 20, width: 30, height: 40)))
    #expect(region?.description == "10,20,30,40")
    for bad in ["", "1,2,3", "1,2,0,4", "-1,2,3,4", "a,b,c,d", "1,2,3,4,5"] {
      #expect(FrameRegion(parsing: bad) == nil)
    }
  }

  /// The region found holds the moving square, is square, padded, and inside the frame.
  @Test func theActiveRegionHoldsWhatMoves() {
    let clip = movingSquare()
    let region = Video.activeRegion(
      energy: clip.motionEnergy, width: clip.width, height: clip.height)
    #expect(region.width == region.height)
    #expect(region.fits(width: clip.width, height: clip.height))
    // The square sweeps columns 20 ..< 30 of rows 12 ..< 15.
    #expect(region.x <= 20 && region.x + region.width >= 30)
    #expect(region.y <= 12 && region.y + region.height >= 15)
    #expect(region.width < 20)
  }

  /// A still clip has no active region: the centred square of the shorter side.
  @Test func aStillClipGivesTheCentredSquare() {
    let still = movingSquare(frames: 1)
    let region = Video.activeRegion(
      energy: still.motionEnergy, width: still.width, height: still.height)
    #expect(region == PixelRectangle(x: 5, y: 0, width: 30, height: 30))
  }

  /// The whole 40 x 30 frame at side 8 keeps its aspect ratio: 8 x 6, letterboxed with
  /// black rows above and below; a crop is cut in source pixels first.
  @Test func formattingKeepsTheAspectRatio() throws {
    let clip = movingSquare()
    let whole = try clip.formatted(FrameFormat(side: 8, colour: .rgb))
    #expect(whole.width == 8 && whole.height == 8 && whole.colour == .rgb)
    let firstRow = whole.pixels[0..<(8 * 3)]
    #expect(firstRow.allSatisfy { $0 == 0 })
    #expect(whole.pixels[(1 * 8) * 3] > 0.3)
    let region = PixelRectangle(x: 18, y: 8, width: 16, height: 16)
    let cropped = try clip.formatted(
      FrameFormat(side: 8, colour: .gray, region: .rectangle(region)))
    #expect(cropped.width == 8 && cropped.height == 8 && cropped.colour == .gray)
    let outside = FrameFormat(
      side: 8, region: .rectangle(PixelRectangle(x: 30, y: 0, width: 20, height: 20)))
    #expect(videoError { () throws(VideoError) in try clip.formatted(outside) } != nil)
  }

  @Test func grayIsDetected() {
    #expect(!movingSquare().isGray)
    #expect(rampVideo().converted(to: .rgb).isGray)
  }

  /// Patterns, folders of clips and plain paths expand in order; a pattern matching
  /// nothing and a missing path are errors naming them.
  @Test func sourcesExpand() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try FileManager.default.createDirectory(
      atPath: folder.file("clips"), withIntermediateDirectories: true)
    for name in ["b.y4m", "a.mp4", "notes.txt"] {
      _ = try folder.write([0], to: "clips/" + name)
    }
    #expect(
      try VideoSources.expand([folder.file("clips")])
        == [folder.file("clips/a.mp4"), folder.file("clips/b.y4m")])
    #expect(
      try VideoSources.expand([folder.file("clips/*.y4m"), folder.file("clips/notes.txt")])
        == [folder.file("clips/b.y4m"), folder.file("clips/notes.txt")])
    #expect(
      videoError { () throws(VideoError) in try VideoSources.expand([folder.file("*.mov")]) }?
        .path == folder.file("*.mov"))
    #expect(
      videoError { () throws(VideoError) in try VideoSources.expand([folder.file("none.mp4")]) }
        != nil)
  }
}
