import PhysicsVAE
import Video

/// `vidlat preview --data CLIPS... [--crop ...] [--out preview.png]`: what a model would see.
struct PreviewCommand: Command {
  /// The training settings that decide what a model sees, declared once in
  /// `TrainingSetting` and given here as `train` takes them.
  static let settings: [TrainingSetting] = [.size, .colour, .crop, .framesPerSecond]

  static let configuration = CommandConfiguration(
    name: "preview", abstract: "Picture what a model would see of some clips, before training.",
    discussion: """
      Writes a PNG: the first clip's first frame with the region the model sees outlined, \
      then the first clips as the model sees them (cropped, resized, letterboxed, in its \
      colour). Reads the clips as `train` does, with the same --data, --crop, --size, \
      --colour and --fps, and prints what it chose. Example: \
      vidlat preview --data clips/*.mp4 --crop auto
      """,
    arguments: [
      .option(
        "data", value: "video", occurs: .asList, required: true,
        help: "Clips, folders of clips, glob patterns, or 'vidlat dataset' folders."),
      .option("out", value: "png", default: "preview.png", help: "Where to write the picture."),
    ]
      + settings.map { setting in
        .option(
          setting.name, value: setting.valueName, default: setting.defaultText, help: setting.help)
      })

  var data: [String]
  var out: String
  var configuration = TrainingConfiguration()

  init(arguments: ParsedArguments) throws(UsageError) {
    data = try arguments.values("data", as: .string)
    out = try arguments.value("out", as: .string)
    for setting in Self.settings where arguments.contains(setting.name) {
      try setting.parse(arguments, into: &configuration)
    }
  }

  func validate() throws(UsageError) {
    if let problem = configuration.problem { throw UsageError(problem) }
  }

  func run(context: CommandContext) throws {
    let (picture, choices) = try TrainingData.preview(paths: data, configuration: configuration)
    for choice in choices {
      context.standardOutput.writeLine("\(choice.setting) \(choice.value): \(choice.reason)")
    }
    try PNG.write(picture, to: out)
    context.standardOutput.writeLine("-> \(out)")
  }
}
