import Video

/// The settings chosen from the training frames when they are not given: the colour and
/// region (`TrainingData.chooseFormat`), and here the likelihood and background.
///
/// Frames are *nearly binary* when most (at least half) of their samples lie within 0.1 of 0
/// or 1 (a bright object on a dark ground, or the reverse, as the built-in flat scenes, whose
/// antialiased edges and noise leave 90-99% there; camera footage has almost none): they
/// get the Bernoulli likelihood and no background, whose curvature suits them
/// (`PixelLikelihood`). Other frames (camera footage: mid-tones, texture, shading) get the
/// calibrated Gaussian and a learned background, so that the decoder draws only what the
/// state moves.
public enum FrameAppearanceRecipe {
  /// The fraction of samples within 0.1 of 0 or 1 from which frames count as nearly binary.
  public static let binaryFraction = 0.5

  /// The fraction of `frames`' samples within 0.1 of 0 or 1 (every k-th sample, about a
  /// million at most).
  public static func nearlyBinaryFraction(of frames: VideoSequences) -> Double {
    let step = max(1, frames.pixels.count / 1_000_000)
    var binary = 0
    var total = 0
    for i in stride(from: 0, to: frames.pixels.count, by: step) {
      let x = frames.pixels[i]
      if x <= 0.1 || x >= 0.9 { binary += 1 }
      total += 1
    }
    return total > 0 ? Double(binary) / Double(total) : 1
  }

  /// Sets the likelihood and background that `configuration` leaves unset for frames like
  /// `frames`; returns each choice with its reason.
  public static func choose(
    for frames: VideoSequences, in configuration: inout TrainingConfiguration
  )
    -> [SettingChoice]
  {
    guard configuration.likelihood == nil || configuration.background == nil else {
      return []
    }
    let fraction = nearlyBinaryFraction(of: frames)
    let binary = fraction >= binaryFraction
    let percent = Int((100 * fraction).rounded())
    let why =
      binary
      ? "\(percent)% of the samples are within 0.1 of black or white: nearly binary frames"
      : "only \(percent)% of the samples are within 0.1 of black or white: natural frames"
    var choices: [SettingChoice] = []
    if configuration.likelihood == nil {
      configuration.likelihood = binary ? .bernoulli : .gaussian
      choices.append(
        SettingChoice(
          setting: .likelihood, value: configuration.likelihood!.rawValue, reason: why))
    }
    if configuration.background == nil {
      configuration.background = binary ? BackgroundModel.none : .learned
      choices.append(
        SettingChoice(
          setting: .background, value: configuration.background!.rawValue,
          reason: binary ? "the ground is flat" : "a static scene behind the moving object"))
    }
    return choices
  }
}
