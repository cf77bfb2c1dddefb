import Video

/// A setting of an SVG training run that a user may give, declared once: its name (the option
/// of `vidlat train --model svg-...`), its value's name, its help, and where it lives in
/// `SVGTrainingConfiguration`. The command's options, the defaults help shows and what it
/// parses all derive from `SVGSetting.all`. (Settings shared with the physics prior's
/// training, such as the epochs, the batch and the learning rate, are `vidlat train`'s own
/// options, copied into the configuration by the command.)
public struct SVGSetting: Sendable, Hashable, CustomStringConvertible {
  public let name: String
  public let valueName: String
  public let help: String
  public let field: Field

  /// Where the value lives, and its type.
  public enum Field: @unchecked Sendable {
    case integer(WritableKeyPath<SVGTrainingConfiguration, Int>, ClosedRange<Int>)
    case real(WritableKeyPath<SVGTrainingConfiguration, Double>, ClosedRange<Double>)
    /// nil: not used.
    case optionalReal(WritableKeyPath<SVGTrainingConfiguration, Double?>, ClosedRange<Double>)
    /// One of `Scene`'s names.
    case scene(WritableKeyPath<SVGTrainingConfiguration, String?>)
  }

  init(_ name: String, _ valueName: String, _ field: Field, help: String) {
    self.name = name
    self.valueName = valueName
    self.field = field
    self.help = help
  }

  public static func == (a: SVGSetting, b: SVGSetting) -> Bool { a.name == b.name }
  public func hash(into hasher: inout Hasher) { hasher.combine(name) }
  public var description: String { "--\(name)" }

  /// The default (`SVGTrainingConfiguration()`'s value) as help shows it.
  public var defaultText: String {
    let defaults = SVGTrainingConfiguration()
    switch field {
    case .integer(let path, _): return String(defaults[keyPath: path])
    case .real(let path, _): return String(defaults[keyPath: path])
    case .optionalReal(let path, _): return defaults[keyPath: path].map { String($0) } ?? "none"
    case .scene(let path): return defaults[keyPath: path] ?? "none"
    }
  }

  public static let context = SVGSetting(
    "context", "frames", .integer(\.model.contextFrames, 1...1000),
    help: "SVG: context frames of a training window (the paper: 5 for moving MNIST, 2 for BAIR).")
  public static let future = SVGSetting(
    "future", "frames", .integer(\.model.futureFrames, 1...1000),
    help: "SVG: frames predicted after the context in training.")
  public static let latent = SVGSetting(
    "z", "size", .integer(\.model.latentSize, 1...4096),
    help: "SVG: the latent z_t's dimension (the paper: 10 for moving MNIST, 64 for BAIR).")
  public static let encoding = SVGSetting(
    "g", "size", .integer(\.model.encodingSize, 1...4096),
    help: "SVG: a frame's encoding size (the encoder's output, the predictor's).")
  public static let beta = SVGSetting(
    "beta", "weight", .real(\.model.beta, 0...1e6), help: "SVG: the KL term's weight.")
  public static let filters = SVGSetting(
    "filters", "n", .integer(\.model.filters, 1...1024),
    help: "SVG: channels of the encoder's first stage, doubled at each further one (DCGAN's nf).")
  public static let hidden = SVGSetting(
    "hidden", "units", .integer(\.lstmHidden, 1...8192),
    help: "SVG: units of the predictor's, posterior's and prior's LSTMs.")
  public static let clip = SVGSetting(
    "clip", "norm", .optionalReal(\.gradientClip, 1e-12...1e12),
    help: "SVG: clip the gradients' global norm to this before each update.")
  public static let scene = SVGSetting(
    "scene", "name", .scene(\.data.scene),
    help: "SVG: the built-in scene trained on when no --data is given.")

  /// Every setting, in the order help lists them.
  public static let all: [SVGSetting] = [
    context, future, latent, encoding, beta, filters, hidden, clip, scene,
  ]
}
