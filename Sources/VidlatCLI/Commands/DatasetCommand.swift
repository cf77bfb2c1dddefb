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
      pulsar (w, s1, a2, s2), gpball (lengthscale, in frames: the GP-VAE blog's ball on \
      smooth random 2-D paths, 30 frames by default), bounce (speed, in frame units a \
      second: a disc and a square moving straight that leave each wall in a random \
      direction, as in Stochastic Moving MNIST; truth x1, y1, x2, y2 are their centres in \
      [-1, 1], y up; 30 frames of 64 x 64 by default); see docs/video.md. Examples: \
      vidlat dataset pendulum --out data/pendulum --set c=0.5; \
      vidlat dataset bounce --sequences 1000 --out data/bounce

      Styles: flat (white on black), flat-inverted (1 - flat: dark on white) and camera \
      (lit 3-D apparatus in perspective on a textured background, colour, shadow, motion \
      blur, sensor noise, WIDTHxHEIGHT). With --style camera each sequence is a clip \
      DIR/clips/clip-000.mp4, clip-001.mp4, ... (H.264 when ffmpeg is on PATH, else \
      colour .y4m); the truth is the same as the flat style's for the same seed. Example: \
      vidlat dataset pendulum --style camera --sequences 40 --frames 120 --out data/campend
      """,
    arguments: [
      .argument("scene", help: "One of: \(sceneNames.joined(separator: ", "))."),
      .option("out", value: "dir", required: true, help: "Folder to write (created if needed)."),
      .option(
        "sequences", value: "n", default: "\(Scene.defaultSequences)",
        help: "Number of sequences."),
      .option(
        "frames", value: "t",
        help: "Frames per sequence (default: \(Scene.defaultFrames), gpball and bounce "
          + "\(Scene.gpball.defaultSequenceLength))."),
      .option(
        "style", value: "style", default: SceneStyle.flat.rawValue,
        help: "How to draw: \(styleNames.joined(separator: ", "))."),
      .option(
        "size", value: "pixels",
        help: "Frame side of the flat styles (default: \(Scene.defaultSize), bounce "
          + "\(Scene.bounce.defaultFrameSize))."),
      .option(
        "width", value: "pixels", default: "\(CameraStyle.defaultWidth)",
        help: "Frame width of the camera style (even)."),
      .option(
        "height", value: "pixels", default: "\(CameraStyle.defaultHeight)",
        help: "Frame height of the camera style (even)."),
      .option(
        "background", value: "name", default: CameraBackground.bricks.rawValue,
        help: "Camera style's surroundings: \(backgroundNames.joined(separator: ", ")) "
          + "(random: chosen by the seed)."),
      .option(
        "dt", value: "seconds", default: "\(Scene.defaultTimeStep)",
        help: "Time between frames."),
      .option("seed", value: "n", default: "0", help: "Random seed (same seed, same video)."),
      .option(
        "noise", value: "sigma",
        help: "Pixel noise standard deviation (default: 0, pulsar 0.02; camera 0.02)."),
      .option(
        "set", value: "name=value", occurs: .repeatedly,
        help: "Change a physical parameter, e.g. --set c=0.5."),
    ])

  private static let sceneNames = Scene.allCases.map(\.rawValue)
  private static let styleNames = SceneStyle.allCases.map(\.rawValue)
  private static let backgroundNames = CameraBackground.allCases.map(\.rawValue) + ["random"]

  var scene: Scene
  var out: String
  var sequences: Int
  var frames: Int
  var style: SceneStyle
  var size: Int
  var camera: CameraStyle
  /// Options given that the chosen style does not use.
  var unusedOptions: [String]
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
    frames =
      try arguments.optionalValue("frames", as: .integer(in: 1...100_000))
      ?? scene.defaultSequenceLength
    let styleName = try arguments.value("style", as: .choice(Self.styleNames))
    guard let style = SceneStyle(rawValue: styleName) else {
      throw UsageError("unknown style '\(styleName)'")
    }
    self.style = style
    size =
      try arguments.optionalValue("size", as: .integer(in: 4...4096)) ?? scene.defaultFrameSize
    let backgroundName = try arguments.value("background", as: .choice(Self.backgroundNames))
    camera = CameraStyle(
      width: try arguments.value("width", as: .integer(in: 16...4096)),
      height: try arguments.value("height", as: .integer(in: 16...4096)),
      background: CameraBackground(rawValue: backgroundName))
    unusedOptions = (style == .camera ? ["size"] : ["width", "height", "background"])
      .filter(arguments.contains)
    dt = try arguments.value("dt", as: .double)
    seed = try arguments.value("seed", as: .integer(in: 0...Int.max))
    noise = try arguments.optionalValue("noise", as: .double)
    if let noise { camera.noise = noise }
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
    if let option = unusedOptions.first {
      throw UsageError(
        style == .camera
          ? "--\(option) applies to the flat styles; give --width and --height with --style camera"
          : "--\(option) applies to --style camera only; the \(style.rawValue) style uses --size")
    }
    do {
      _ = try scene.parameters(setting: overrides)
      if style == .camera { try camera.validate() }
    } catch {
      throw UsageError(error.description)
    }
  }

  func run(context: CommandContext) throws {
    let parameters = try scene.parameters(setting: overrides)
    let summary = zip(parameters.names, parameters.values).map { "\($0)=\($1)" }
      .joined(separator: " ")
    guard style == .camera else {
      var (video, truth) = try scene.generate(
        sequences: sequences, frames: frames, size: size, dt: dt, seed: UInt64(seed), noise: noise,
        parameters: overrides)
      if style == .flatInverted { video = video.invertingPolarity }
      try SceneDataset.write(video: video, truth: truth, to: out)
      context.standardOutput.writeLine(
        "\(scene.rawValue): \(sequences) sequences x \(frames) frames, \(size)x\(size)"
          + (style == .flatInverted ? " inverted" : "") + ", dt \(dt) s, \(summary) -> "
          + "\(out)/{\(SceneDataset.videoFile), \(SceneDataset.truthFile), \(SceneDataset.previewFile)}"
      )
      return
    }
    let footage = try scene.generateCamera(
      sequences: sequences, frames: frames, dt: dt, seed: UInt64(seed), parameters: overrides,
      style: camera)
    let format = try SceneDataset.write(footage: footage, to: out, ffmpeg: try? FFmpeg.locate())
    let clip = {
      SceneDataset.clipPath(out, index: $0, format: format).split(separator: "/").last ?? ""
    }
    context.standardOutput.writeLine(
      "\(scene.rawValue): \(sequences) clips x \(frames) frames, \(camera.width)x\(camera.height) "
        + "camera style on \(footage.background.rawValue), dt \(dt) s, \(summary) -> \(out)/{"
        + "\(SceneDataset.clipsFolder)/\(clip(0)) ... \(clip(footage.count - 1)), \(SceneDataset.truthFile), "
        + "\(SceneDataset.previewFile)}"
        + (format == .y4m ? " (ffmpeg is not on PATH: clips written as colour y4m)" : ""))
  }
}
