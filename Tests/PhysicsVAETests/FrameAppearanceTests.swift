import Engine
import Testing
import Video
import VidlatSupport

@testable import PhysicsVAE

@Suite struct FrameAppearanceTests {
  /// An appearance at 4 x 4 with a random background, random output and frames.
  func fixture(_ likelihood: PixelLikelihood, _ background: BackgroundModel, channels: Int)
    -> (FrameAppearance, output: [Float], frames: [Float])
  {
    var generator = SeededGenerator(seed: 3)
    var appearance = FrameAppearance(
      likelihood: likelihood, background: background, channels: channels, size: 4)
    appearance.setBackground(
      (0..<(16 * channels)).map { _ in Float(0.2 + 0.6 * generator.nextUnitDouble()) })
    let count = 2
    // Drawn changes stay small over a background: means inside (0, 1), off the clamp.
    let spread: Float = background == .learned ? 0.04 : 1
    let output = (0..<(count * 16 * appearance.channels)).map { _ in
      spread * Float(generator.nextStandardNormal())
    }
    let frames = (0..<(count * 16 * channels)).map { _ in Float(generator.nextUnitDouble()) }
    return (appearance, output, frames)
  }

  /// dL/doutput and dL/dbackground against central differences, for every likelihood and
  /// background, gray and RGB. (The Gaussian's sigma is the minibatch's maximum-likelihood
  /// value, at which dL/dsigma = 0, so holding it in the gradient is exact.)
  @Test(arguments: PixelLikelihood.allCases, BackgroundModel.allCases)
  func gradientsMatchFiniteDifferences(likelihood: PixelLikelihood, background: BackgroundModel) {
    for channels in [1, 3] {
      var (appearance, output, frames) = fixture(likelihood, background, channels: channels)
      let (_, gradient) = appearance.negativeLogLikelihood(
        output: output, frames: frames, count: 2)
      let loss = { (o: [Float], a: FrameAppearance) -> Double in
        var copy = a
        return copy.negativeLogLikelihood(output: o, frames: frames, count: 2).value
      }
      let h: Float = 1e-2
      for i in stride(from: 0, to: output.count, by: 7) {
        var plus = output
        var minus = output
        plus[i] += h
        minus[i] -= h
        let numeric = (loss(plus, appearance) - loss(minus, appearance)) / Double(2 * h)
        #expect(abs(numeric - Double(gradient[i])) <= 2e-2 * max(1, abs(numeric)))
      }
      guard let parameter = appearance.backgroundLogits else { continue }
      for i in stride(from: 0, to: parameter.value.count, by: 5) {
        var plus = appearance
        var minus = appearance
        plus.backgroundLogits!.value.scalars[i] += h
        minus.backgroundLogits!.value.scalars[i] -= h
        let numeric = (loss(output, plus) - loss(output, minus)) / Double(2 * h)
        #expect(
          abs(numeric - Double(parameter.gradient.scalars[i])) <= 2e-2 * max(1, abs(numeric)))
      }
    }
  }

  /// Without background the Bernoulli is the engine's sigmoid cross-entropy, bit for bit.
  @Test func bernoulliWithoutBackgroundIsTheSigmoidCrossEntropy() {
    var (appearance, output, frames) = fixture(.bernoulli, .none, channels: 1)
    let (value, gradient) = appearance.negativeLogLikelihood(
      output: output, frames: frames, count: 2)
    let reference = sigmoidCrossEntropy(
      logits: Tensor(shape: [2, 4, 4, 1], scalars: output),
      labels: Tensor(shape: [2, 4, 4, 1], scalars: frames), reduction: .batchMean)
    #expect(value == reference.value)
    #expect(gradient == reference.gradient.scalars)
  }

  /// A decoder that draws nothing shows the background, which starts at the image given.
  @Test func anEmptyDrawingShowsTheBackground() {
    var appearance = FrameAppearance(
      likelihood: .gaussian, background: .learned, channels: 3, size: 4)
    let image = (0..<48).map { Float($0 % 7) / 8 + 0.05 }
    appearance.setBackground(image)
    let means = appearance.means(output: [Float](repeating: 0, count: 48))
    #expect(zip(means, image).allSatisfy { abs($0 - $1) < 1e-5 })
  }

  /// Nearly binary frames get the Bernoulli and no background; textured ones the Gaussian
  /// and a learned background; a setting given is kept.
  @Test func theRecipeFollowsTheFrames() {
    let binary = VideoSequences(
      count: 1, length: 2, height: 2, width: 2, framesPerSecond: 25,
      pixels: [0, 0, 1, 0, 0, 0.02, 0.98, 0], startFrames: [0])
    var configuration = TrainingConfiguration()
    let choices = FrameAppearanceRecipe.choose(for: binary, in: &configuration)
    #expect(
      configuration.likelihood == .bernoulli
        && configuration.background == PhysicsVAE.BackgroundModel.none)
    #expect(choices.map(\.setting) == [.likelihood, .background, .polarity])
    #expect(configuration.polarity == .recorded)
    let textured = VideoSequences(
      count: 1, length: 2, height: 2, width: 2, framesPerSecond: 25,
      pixels: [0.3, 0.5, 0.6, 0.4, 0.35, 0.5, 0.62, 0.4], startFrames: [0])
    var given = TrainingConfiguration()
    given.likelihood = .bernoulli
    _ = FrameAppearanceRecipe.choose(for: textured, in: &given)
    #expect(given.likelihood == .bernoulli && given.background == .learned)
    #expect(given.schedule.transitionWeight == TrainingSchedule().transitionWeight)
  }

  /// Under the Gaussian (chosen or given) the KL weights are ten times the defaults, unless
  /// the user gave them or the prior's recipe chose them; the Bernoulli keeps the defaults.
  @Test func theGaussianWeighsTheKLTermsTenTimesMore() {
    let textured = VideoSequences(
      count: 1, length: 2, height: 2, width: 2, framesPerSecond: 25,
      pixels: [0.3, 0.5, 0.6, 0.4, 0.35, 0.5, 0.62, 0.4], startFrames: [0])
    let defaults = TrainingSchedule()
    var chosen = TrainingConfiguration()
    let choices = FrameAppearanceRecipe.choose(for: textured, in: &chosen)
    #expect(
      choices.map(\.setting) == [
        .likelihood, .background, .polarity, .transitionWeight, .marginalWeight,
      ])
    #expect(choices.filter { $0.setting == .transitionWeight }.map(\.value) == ["100"])
    #expect(chosen.schedule.transitionWeight == 10 * defaults.transitionWeight)
    #expect(chosen.schedule.marginalWeight == 10 * defaults.marginalWeight)

    var kept = TrainingConfiguration()
    kept.likelihood = .gaussian
    kept.background = PhysicsVAE.BackgroundModel.none
    kept.schedule.transitionWeight = 3
    let keptChoices = FrameAppearanceRecipe.choose(
      for: textured, in: &kept, keeping: [.transitionWeight])
    #expect(keptChoices.map(\.setting) == [.polarity, .marginalWeight])
    #expect(kept.schedule.transitionWeight == 3 && kept.schedule.marginalWeight == 10)

    let binary = VideoSequences(
      count: 1, length: 2, height: 2, width: 2, framesPerSecond: 25,
      pixels: [0, 0, 1, 0, 0, 0.02, 0.98, 0], startFrames: [0])
    var bernoulli = TrainingConfiguration()
    _ = FrameAppearanceRecipe.choose(for: binary, in: &bernoulli)
    #expect(bernoulli.schedule.transitionWeight == defaults.transitionWeight)
    #expect(bernoulli.schedule.marginalWeight == defaults.marginalWeight)
  }

  /// Seen inverted, reflected frames are the same problem: the same likelihood and gradient,
  /// the same encoder input, and means reflected back; with a background too.
  @Test(arguments: PixelLikelihood.allCases, BackgroundModel.allCases)
  func aReflectedVideoSeenInvertedIsTheSameProblem(
    likelihood: PixelLikelihood, background: BackgroundModel
  ) {
    var (recorded, output, frames) = fixture(likelihood, background, channels: 3)
    let reflected = frames.map { 1 - $0 }
    var inverted = FrameAppearance(
      likelihood: likelihood, background: background, polarity: .inverted, channels: 3, size: 4)
    if let image = recorded.backgroundImage { inverted.setBackground(image.map { 1 - $0 }) }
    let close = { (a: [Float], b: [Float]) in zip(a, b).allSatisfy { abs($0 - $1) <= 1e-5 } }
    let (value, gradient) = recorded.negativeLogLikelihood(
      output: output, frames: frames, count: 2)
    let (invertedValue, invertedGradient) = inverted.negativeLogLikelihood(
      output: output, frames: reflected, count: 2)
    #expect(abs(value - invertedValue) <= 1e-5 * max(1, abs(value)))
    #expect(close(gradient, invertedGradient))
    #expect(close(recorded.foreground(frames), inverted.foreground(reflected)))
    #expect(close(recorded.means(output: output).map { 1 - $0 }, inverted.means(output: output)))
    #expect(
      close(
        recorded.backgroundLogits?.gradient.scalars ?? [],
        inverted.backgroundLogits?.gradient.scalars ?? []))
  }

  /// Under the Bernoulli a light ground is seen inverted and a dark one as recorded; under
  /// the Gaussian the levels stay as recorded; a polarity given is kept.
  @Test func aLightGroundIsSeenInverted() {
    let darkOnLight = VideoSequences(
      count: 1, length: 2, height: 2, width: 2, framesPerSecond: 25,
      pixels: [1, 1, 0, 1, 1, 0.98, 0.02, 1], startFrames: [0])
    var configuration = TrainingConfiguration()
    let choices = FrameAppearanceRecipe.choose(for: darkOnLight, in: &configuration)
    #expect(configuration.likelihood == .bernoulli && configuration.polarity == .inverted)
    #expect(choices.last?.reason.contains("the ground is light") == true)
    var gaussian = TrainingConfiguration()
    gaussian.likelihood = .gaussian
    _ = FrameAppearanceRecipe.choose(for: darkOnLight, in: &gaussian)
    #expect(gaussian.polarity == .recorded)
    var given = TrainingConfiguration()
    given.polarity = .recorded
    let keptChoices = FrameAppearanceRecipe.choose(for: darkOnLight, in: &given)
    #expect(given.polarity == .recorded && !keptChoices.map(\.setting).contains(.polarity))
  }
}
