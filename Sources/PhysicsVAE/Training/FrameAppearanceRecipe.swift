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
///
/// Under the Bernoulli, frames whose ground is light (the per-pixel median frame's mean level
/// above 1/2: a dark object on a light ground) are seen inverted (`FramePolarity`), so that
/// both polarities are the same problem for the networks; under the Gaussian the learned
/// background already puts the ground at zero for the encoder, and the levels stay as
/// recorded.
///
/// Under the calibrated Gaussian the KL weights are ten times the plain defaults
/// (`gaussianWeights`). Its L_rec weighs a sample by 1/sigma^2 with sigma^2 the frames' mean
/// squared residual, so it is far sharper than the Bernoulli's (whose curvature is at most
/// 1/4): the encoder becomes very sure of the state, and KL_trans then charges its
/// frame-to-frame errors against the process noise, which a smaller latent makes cheaper;
/// KL_marg, one term per minibatch, is too weak to hold the prior's scale. Weighing both KL
/// terms ten times more, in the same ratio, keeps the scale (measured:
/// docs/experiments/camera-footage.md).
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

  /// beta_t and beta_m under the calibrated Gaussian.
  public static let gaussianWeights = KLWeights(transition: 100, marginal: 10)

  /// Sets the likelihood and background that `configuration` leaves unset for frames like
  /// `frames`, and, under the Gaussian, the KL weights unless `kept` holds them (given by the
  /// user, or chosen for the prior); returns each choice with its reason.
  public static func choose(
    for frames: VideoSequences, in configuration: inout TrainingConfiguration,
    keeping kept: Set<TrainingSetting> = []
  ) -> [SettingChoice] {
    var choices: [SettingChoice] = []
    if configuration.likelihood == nil || configuration.background == nil {
      let fraction = nearlyBinaryFraction(of: frames)
      let binary = fraction >= binaryFraction
      let percent = Int((100 * fraction).rounded())
      let why =
        binary
        ? "\(percent)% of the samples are within 0.1 of black or white: nearly binary frames"
        : "only \(percent)% of the samples are within 0.1 of black or white: natural frames"
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
    }
    if configuration.polarity == nil {
      choices.append(choosePolarity(for: frames, in: &configuration))
    }
    guard configuration.likelihood == .gaussian else { return choices }
    let why =
      "the calibrated Gaussian's reconstruction is far sharper than the Bernoulli's: KL "
      + "weighed ten times more keeps the latent at the prior's scale"
    if !kept.contains(.transitionWeight) {
      configuration.schedule.transitionWeight = gaussianWeights.transition
      choices.append(
        SettingChoice(
          setting: .transitionWeight,
          value: TrainingSetting.transitionWeight.text(in: configuration) ?? "",
          reason: why))
    }
    if !kept.contains(.marginalWeight) {
      configuration.schedule.marginalWeight = gaussianWeights.marginal
      choices.append(
        SettingChoice(
          setting: .marginalWeight,
          value: TrainingSetting.marginalWeight.text(in: configuration) ?? "",
          reason: why))
    }
    return choices
  }

  /// Sets the polarity from the ground's level under the Bernoulli; as recorded otherwise.
  private static func choosePolarity(
    for frames: VideoSequences, in configuration: inout TrainingConfiguration
  ) -> SettingChoice {
    let polarity: FramePolarity
    let why: String
    if configuration.likelihood ?? .bernoulli == .bernoulli {
      let ground = frames.medianFrame()
      let level = ground.isEmpty ? 0 : Double(ground.reduce(0, +)) / Double(ground.count)
      polarity = .darkGround(groundLevel: level)
      let percent = Int((100 * level).rounded())
      why =
        polarity == .inverted
        ? "the ground is light (median level \(percent)%): the model sees a bright object on "
          + "a dark ground"
        : "the ground is dark (median level \(percent)%)"
    } else {
      polarity = .recorded
      why = "the learned background puts the ground at zero for the encoder"
    }
    configuration.polarity = polarity
    return SettingChoice(setting: .polarity, value: polarity.rawValue, reason: why)
  }
}
