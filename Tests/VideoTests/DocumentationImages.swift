import Foundation
import Testing
import Video

/// Produces the sample pictures of docs/video.md. Runs as an ordinary test (writing to a
/// temporary folder); to regenerate the committed files:
///
///     VIDLAT_DOC_IMAGES=docs/images swift test --filter DocumentationImages
@Suite struct DocumentationImages {
  let folder: String = {
    ProcessInfo.processInfo.environment["VIDLAT_DOC_IMAGES"]
      ?? NSTemporaryDirectory() + "vidlat-doc-images-\(getpid())"
  }()

  @Test func sceneSheetAndIntervention() throws {
    var rows: [FrameSheet.Row] = []
    for scene in Scene.allCases {
      let (video, _) = try scene.generate(sequences: 1, frames: 12, size: 32, seed: 3)
      rows.append(FrameSheet.Row(label: scene.rawValue, video: video.sequence(0)))
    }
    let sheet = FrameSheet.picture(rows: rows, maxFrames: 12, scale: 2)
    try PNG.write(sheet, to: folder + "/scenes.png")
    #expect(try PNG.decode(PNG.encode(sheet)) == sheet)

    let (original, truth) = try Scene.pendulum.generate(sequences: 1, frames: 40, seed: 5)
    let (intervened, _) = try Scene.pendulum.render(
      initialStates: Scene.pendulum.initialStates(in: truth), frames: 40, seed: 5,
      parameters: ["c": 1.5])
    let gif = FrameSheet.sideBySideGIF(rows: [
      FrameSheet.Row(label: "c = 0", video: original.sequence(0)),
      FrameSheet.Row(label: "c = 1.5", video: intervened.sequence(0)),
    ])
    try writeBytes(gif, to: folder + "/intervention.gif")
  }

  func writeBytes(_ bytes: [UInt8], to path: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }
}
