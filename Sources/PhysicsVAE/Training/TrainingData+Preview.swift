import Foundation
import Video

extension TrainingData {
  /// What a model trained with `configuration` on the clips at `paths` would see, as one
  /// picture: the first clip's first frame at its full size (fitted to 480 pixels wide) with
  /// the region outlined, then the first recordings as the model sees them (every
  /// `frameStep`-th frame, 12 at most, enlarged 3 times). Chooses the colour and region
  /// as `Trainer.start` does and returns the choices.
  public static func preview(
    paths: [String], configuration: TrainingConfiguration, recordings shown: Int = 4,
    frameStep: Int = 4
  ) throws(TrainingError) -> (picture: Picture, choices: [SettingChoice]) {
    var configuration = configuration
    let choices = try chooseFormat(paths: paths, in: &configuration)
    let format = configuration.frameFormat
    let recordings = try read(paths: paths, format: format)
    var first: Video
    do {
      let sources = try VideoSources.expand(paths)
      let clip = DatasetFolder(path: sources[0])?.clips[0] ?? sources[0]
      first = try Video.read(path: clip, colour: format.colour, maxFrames: 1)
    } catch {
      throw .data(error.description)
    }
    let scale = min(1, 480 / Double(first.width))
    var region = PixelRectangle(x: 0, y: 0, width: first.width, height: first.height)
    if case .rectangle(let r) = format.region { region = r }
    if scale < 1 {
      first = first.resized(
        height: max(1, Int(Double(first.height) * scale)),
        width: max(1, Int(Double(first.width) * scale)))
    }
    var source = Picture(frame: first.frame(0))
    source.outline(
      x: Int(Double(region.x) * scale), y: Int(Double(region.y) * scale),
      width: Int(Double(region.width) * scale), height: Int(Double(region.height) * scale),
      rgb: (255, 210, 0))
    let rows = recordings.prefix(shown).enumerated().map { index, recording in
      FrameSheet.Row(label: "\(index + 1)", video: recording.video)
    }
    let sheet = FrameSheet.picture(rows: Array(rows), maxFrames: 12, step: frameStep, scale: 3)
    return (Picture.stacked([source, sheet]), choices)
  }
}
