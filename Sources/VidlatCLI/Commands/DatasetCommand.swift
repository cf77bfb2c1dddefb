import Video

/// `vidlat dataset SCENE --out DIR [...]`: render a built-in physics scene with its ground
/// truth.
struct DatasetCommand: Command {
  static let configuration = CommandConfiguration(
    name: "dataset", abstract: "Render a built-in physics scene to video with its ground truth.",
    discussion: """
      Writes DIR/video.y4m (all sequences back to back, 8-bit grayscale), DIR/truth.csv \
      (sequence, frame, every state variable, every parameter) and DIR/preview.png. \
      Scenes and parameters: pendulum (k, c), spring (k, c), falling (g, c), \
      pulsar (w, s1, a2, s2); see docs/video.md. Example: \
      vidlat dataset pendulum --out data/pendulum --set c=0.5
      """,
    arguments: [
      .argument("scene", help: "One of: \(sceneNames.joined(separator: ", "))."),
      .option("out", value: "dir", required: true, help: "Folder to write (created if needed)."),
      .option(
        "sequences", value: "n", default: "\(Scene.defaultSequences)",
        help: "Number of sequences."),
      .option(
        "frames", value: "t", default: "\(Scene.defaultFrames)", help: "Frames per sequence."),
      .option("size", value: "pixels", default: "\(Scene.defaultSize)", help: "Frame side."),
      .option(
        "dt", value: "seconds", default: "\(Scene.defaultTimeStep)",
        help: "Time between frames."),
      .option("seed", value: "n", default: "0", help: "Random seed (same seed, same video)."),
      .option(
        "noise", value: "sigma",
        help: "Pixel noise standard deviation (default: 0, pulsar 0.02)."),
      .option(
        "set", value: "name=value", repeatable: true,
        help: "Change a physical parameter, e.g. --set c=0.5."),
    ])

  private static let sceneNames = Scene.allCases.map(\.rawValue)

  var scene: Scene
  var out: String
  var sequences: Int
  var frames: Int
  var size: Int
  var dt: Double
  var seed: Int
  var noise: Double?
  var overrides: [String: Double]

  init(arguments: ParsedArguments) throws(UsageError) {
    let name = try arguments.value("scene", as: .choice(Self.sceneNames))
    guard let scene = Scene(rawValue: name) else { throw UsageError("unknown scene '\(name)'") }
    self.scene = scene
    out = try arguments.value("out", as: .string)
    sequences = try arguments.value("sequences", as: .integer(in: 1...1_000_000))
    frames = try arguments.value("frames", as: .integer(in: 1...100_000))
    size = try arguments.value("size", as: .integer(in: 4...4096))
    dt = try arguments.value("dt", as: .double)
    seed = try arguments.value("seed", as: .integer(in: 0...Int.max))
    noise = try arguments.optionalValue("noise", as: .double)
    overrides = [:]
    for assignment in try arguments.values("set", as: .assignment) {
      overrides[assignment.name] = assignment.value
    }
  }

  func validate() throws(UsageError) {
    guard dt > 0, dt.isFinite else { throw UsageError("--dt must be a positive number of seconds") }
    if let noise, !(noise >= 0 && noise.isFinite) {
      throw UsageError("--noise must be a non-negative standard deviation")
    }
    do {
      _ = try scene.parameters(setting: overrides)
    } catch {
      throw UsageError(error.description)
    }
  }

  func run(context: CommandContext) throws {
    let (video, truth) = try scene.generate(
      sequences: sequences, frames: frames, size: size, dt: dt, seed: UInt64(seed), noise: noise,
      parameters: overrides)
    try SceneDataset.write(video: video, truth: truth, to: out)
    let parameters = try scene.parameters(setting: overrides)
    let summary = zip(parameters.names, parameters.values).map { "\($0)=\($1)" }
    context.standardOutput.writeLine(
      "\(scene.rawValue): \(sequences) sequences x \(frames) frames, \(size)x\(size), "
        + "dt \(dt) s, \(summary.joined(separator: " ")) -> \(out)/{\(SceneDataset.videoFile), "
        + "\(SceneDataset.truthFile), \(SceneDataset.previewFile)}")
  }
}
