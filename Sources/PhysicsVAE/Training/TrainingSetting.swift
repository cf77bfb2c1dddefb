import Video

/// A setting of a training run that a user may give, declared once: its name (the option of
/// `vidlat train`), its value's name, its help, and where it lives in
/// `TrainingConfiguration`. The command's options, the defaults its help shows, and what a
/// resumed run refuses all derive from `TrainingSetting.all`.
public struct TrainingSetting: Sendable, Hashable, CustomStringConvertible {
  public let name: String
  public let valueName: String
  public let help: String
  public let field: Field
  /// Whether the prior's symmetries choose this setting when it is not given
  /// (`TrainingSettings.resolved(for:)`).
  public let adaptsToPrior: Bool
  /// What holds when the setting is not given, as help shows it; nil: the plain default's
  /// value.
  private let absentText: String?

  /// Where the value lives, and its type.
  public enum Field: @unchecked Sendable {
    case integer(WritableKeyPath<TrainingConfiguration, Int>, ClosedRange<Int>)
    case real(WritableKeyPath<TrainingConfiguration, Double>)
    /// nil: the stage never starts.
    case optionalReal(WritableKeyPath<TrainingConfiguration, Double?>)
    case optionalInteger(WritableKeyPath<TrainingConfiguration, Int?>, ClosedRange<Int>)
    case seed(WritableKeyPath<TrainingConfiguration, UInt64>)
    /// One of a few words (an enum's raw values); nil: not chosen.
    case choice(Choice)
    case region(WritableKeyPath<TrainingConfiguration, FrameRegion>)
  }

  /// A setting whose value is one of `values`, stored as an optional enum.
  public struct Choice: Sendable {
    public let values: [String]
    public let get: @Sendable (TrainingConfiguration) -> String?
    public let set: @Sendable (inout TrainingConfiguration, String) -> Void

    static func of<Value: RawRepresentable & CaseIterable & Sendable>(
      _ path: WritableKeyPath<TrainingConfiguration, Value?> & Sendable
    ) -> Choice where Value.RawValue == String {
      Choice(
        values: Value.allCases.map(\.rawValue),
        get: { $0[keyPath: path]?.rawValue },
        set: { configuration, text in configuration[keyPath: path] = Value(rawValue: text) })
    }
  }

  init(
    _ name: String, _ valueName: String, _ field: Field, adaptsToPrior: Bool = false,
    absent: String? = nil, help: String
  ) {
    self.name = name
    self.valueName = valueName
    self.field = field
    self.adaptsToPrior = adaptsToPrior
    self.absentText = absent
    self.help = help
  }

  public static func == (a: TrainingSetting, b: TrainingSetting) -> Bool { a.name == b.name }
  public func hash(into hasher: inout Hasher) { hasher.combine(name) }
  public var description: String { "--\(name)" }

  /// Whether a resumed run may be given this setting: only the epochs to reach.
  public var changesOnResume: Bool { self == .epochs }

  /// The value in `configuration` as a number; nil when unset or not a number.
  public func value(in configuration: TrainingConfiguration) -> Double? {
    switch field {
    case .integer(let path, _): Double(configuration[keyPath: path])
    case .real(let path): configuration[keyPath: path]
    case .optionalReal(let path): configuration[keyPath: path]
    case .optionalInteger(let path, _): configuration[keyPath: path].map(Double.init)
    case .seed(let path): Double(configuration[keyPath: path])
    case .choice, .region: nil
    }
  }

  /// Sets a numeric setting in `configuration` to `value` (rounded for an integer).
  public func set(_ value: Double, in configuration: inout TrainingConfiguration) {
    switch field {
    case .integer(let path, _): configuration[keyPath: path] = Int(value.rounded())
    case .real(let path): configuration[keyPath: path] = value
    case .optionalReal(let path): configuration[keyPath: path] = value
    case .optionalInteger(let path, _): configuration[keyPath: path] = Int(value.rounded())
    case .seed(let path): configuration[keyPath: path] = UInt64(max(0, value.rounded()))
    case .choice, .region: preconditionFailure("\(self) is not a number")
    }
  }

  /// The value in `configuration` as text; nil when unset.
  public func text(in configuration: TrainingConfiguration) -> String? {
    switch field {
    case .choice(let choice): return choice.get(configuration)
    case .region(let path): return configuration[keyPath: path].description
    default:
      guard let value = value(in: configuration) else { return nil }
      return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
  }

  /// The plain default, as help shows it.
  public var defaultText: String {
    absentText ?? text(in: TrainingConfiguration()) ?? "never"
  }

  public static let epochs = TrainingSetting(
    "epochs", "n", .integer(\.schedule.epochs, 1...1_000_000), help: "Epochs to train.")
  public static let batch = TrainingSetting(
    "batch", "b", .integer(\.batchSize, 1...100_000), help: "Sequences per minibatch.")
  public static let frames = TrainingSetting(
    "frames", "t", .integer(\.frameCount, 2...100_000),
    help: "Frames per training sequence (clips all shorter: the longest clip's length).")
  public static let size = TrainingSetting(
    "size", "pixels", .integer(\.size, 32...64), help: "Frame side: 32 or 64.")
  public static let window = TrainingSetting(
    "window", "frames", .integer(\.window, 1...255), adaptsToPrior: true,
    help: "Frames the encoder sees around each frame (odd).")
  public static let learningRate = TrainingSetting(
    "lr", "rate", .real(\.learningRate), help: "Adam learning rate.")
  public static let parameterLearningRate = TrainingSetting(
    "param-lr", "rate", .real(\.parameterLearningRate),
    help:
      "Adam learning rate of the prior's learnable parameters (a fraction of the value for "
      + "those with a positive range, learned on a log scale).")
  public static let parameterWarmup = TrainingSetting(
    "param-warmup", "epochs", .real(\.schedule.parametersHeldFor), adaptsToPrior: true,
    help: "Epochs during which the learnable parameters are held at their initial values.")
  public static let varianceWarmup = TrainingSetting(
    "variance-warmup", "epochs", .real(\.schedule.variancesHeldFor), adaptsToPrior: true,
    help: "Epochs during which the posterior standard deviations are held at 0.1.")
  public static let dynamicsFirst = TrainingSetting(
    "dynamics-first", "epochs", .real(\.schedule.klOnlyFor), adaptsToPrior: true,
    help:
      "Epochs during which the encoder learns the prior's dynamics alone (KL terms only, no "
      + "reconstruction; the decoder waits).")
  public static let windowCutsFrom = TrainingSetting(
    "window-cuts-from", "epoch", .optionalReal(\.schedule.windowCutsFrom), adaptsToPrior: true,
    help:
      "From this epoch on, 30% of the training frames see their encoder window cut short on "
      + "one side, as at a sequence's ends (for a long --window).")
  public static let transitionWeight = TrainingSetting(
    "beta-t", "weight", .real(\.schedule.transitionWeight), adaptsToPrior: true,
    help: "Weight of the transition KL (natural frames, under the Gaussian: 100).")
  public static let marginalWeight = TrainingSetting(
    "beta-m", "weight", .real(\.schedule.marginalWeight), adaptsToPrior: true,
    help: "Weight of the marginal KL (natural frames, under the Gaussian: 10).")
  public static let klRamp = TrainingSetting(
    "warmup", "epochs", .real(\.schedule.klRampEpochs),
    help: "Epochs over which both KL weights ramp up from 0.")
  public static let colour = TrainingSetting(
    "colour", "gray|rgb",
    .choice(
      Choice(
        values: ["gray", "rgb"], get: { $0.colour.map { $0 == .gray ? "gray" : "rgb" } },
        set: { configuration, text in configuration.colour = text == "gray" ? .gray : .rgb })),
    absent: "rgb when a clip has colour",
    help: "Frames in gray or in colour.")
  public static let crop = TrainingSetting(
    "crop", "x,y,w,h|auto", .region(\.region),
    help:
      "The part of each source frame the model sees, in source pixels; auto: the square where "
      + "the frames change, found from the clips.")
  public static let framesPerSecond = TrainingSetting(
    "fps", "rate", .optionalReal(\.framesPerSecond), absent: "the clips' own",
    help: "Resample the clips to this frame rate.")
  public static let stride = TrainingSetting(
    "stride", "frames", .optionalInteger(\.stride, 1...100_000), absent: "frames / 4",
    help: "Frames between the starts of training sequences cut from a clip (overlapping).")
  public static let likelihood = TrainingSetting(
    "likelihood", "bernoulli|gaussian", .choice(.of(\.likelihood)),
    absent: "chosen from the data",
    help:
      "The reconstruction's likelihood: bernoulli suits nearly binary frames, gaussian (with "
      + "a calibrated scale) natural ones.")
  public static let background = TrainingSetting(
    "background", "none|learned", .choice(.of(\.background)), absent: "chosen from the data",
    help: "learned: a learned background image, the decoder drawing what differs from it.")
  public static let polarity = TrainingSetting(
    "polarity", "recorded|inverted", .choice(.of(\.polarity)), absent: "chosen from the data",
    help:
      "inverted: the model sees 1 - x, so that a dark object on a light ground is a bright "
      + "object on a dark one.")
  public static let sequences = TrainingSetting(
    "sequences", "n", .integer(\.sceneSequences, 2...1_000_000),
    help: "Sequences rendered when training on a built-in scene.")
  public static let seed = TrainingSetting(
    "seed", "n", .seed(\.seed), help: "Random seed (same seed, same run).")

  /// Every setting, in the order help lists them.
  public static let all: [TrainingSetting] = [
    epochs, batch, frames, size, window, learningRate, parameterLearningRate, parameterWarmup,
    varianceWarmup, dynamicsFirst, windowCutsFrom, transitionWeight, marginalWeight, klRamp,
    colour, crop, framesPerSecond, stride, likelihood, background, polarity, sequences, seed,
  ]
}
