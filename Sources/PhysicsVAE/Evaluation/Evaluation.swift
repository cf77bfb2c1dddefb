import Engine
import Foundation
import PriorLanguage
import Video
import VidlatSupport

/// How well one configuration variable is recovered.
public struct VariableRecovery: Codable, Sendable, Equatable {
  public var name: String
  /// R^2 of the posterior mean with no fitted scale or offset (sign flip allowed when the
  /// prior is symmetric under z -> -z).
  public var rSquared: Double
  /// R^2 after the best affine map of all posterior means.
  public var affineRSquared: Double
}

/// A learned parameter: its 95% interval from the held-out sequences, and its error
/// against the true value when that is known.
public struct ParameterRecovery: Codable, Sendable, Equatable {
  public var name: String
  public var learned: Double
  /// The prior's `unit "..."` for it, if declared.
  public var unit: String?
  /// The sandwich interval and the value KL_trans alone would give
  /// (`Evaluation.parameterIntervals`).
  public var interval: ParameterInterval
  public var truth: Double?
  public var relativeError: Double?
}

/// The scores of a trained model on a set of sequences (docs/method.md, "Evaluation").
public struct EvaluationReport: Codable, Sendable, Equatable {
  /// One per configuration variable, when the truth is known.
  public var variables: [VariableRecovery]
  /// Every learnable parameter, with its interval, and its error when the truth is known.
  public var parameters: [ParameterRecovery]
  /// PSNR (dB) of the reconstruction D(h(mu)) against the frames.
  public var reconstructionPSNR: Double
}

extension VAE {
  /// The posteriors of every frame of `sequences`, encoded `chunk` sequences at a time.
  public mutating func encode(_ sequences: VideoSequences, chunk: Int = 16)
    throws(NonFiniteError) -> FramePosteriors
  {
    var means: [Double] = []
    var logVariances: [Double] = []
    var start = 0
    while start < sequences.count {
      let count = min(chunk, sequences.count - start)
      let pixels = Array(
        sequences.pixels[
          (start * sequences.pixelsPerSequence)..<((start + count) * sequences.pixelsPerSequence)])
      let part = try encode(frames: pixels, sequences: count, frameCount: sequences.length)
      means += part.means
      logVariances += part.logVariances
      start += count
    }
    return FramePosteriors(
      sequenceCount: sequences.count, frameCount: sequences.length, dimension: stateDimension,
      means: means, logVariances: logVariances)
  }

  /// Frames decoded from states (`N x d`) through h: means in [0, 1],
  /// `N x size x size x channels`, decoded `chunk` frames at a time.
  public mutating func render(
    states: [Double], prior: some TransitionModel, parameters theta: [Double], chunk: Int = 256
  ) throws(NonFiniteError) -> [Float] {
    let d = stateDimension
    let count = states.count / d
    var frames: [Float] = []
    frames.reserveCapacity(count * size * size * channels)
    var start = 0
    while start < count {
      let n = min(chunk, count - start)
      let observed = prior.observe(
        states: Array(states[(start * d)..<((start + n) * d)]), count: n, parameters: theta,
        jacobians: false)
      frames += appearance.means(output: try decode(observations: observed.observations))
      start += n
    }
    return frames
  }
}

/// Scoring a trained model against ground truth.
public enum Evaluation {
  /// Scores `model` on `sequences`: reconstruction PSNR always; with `truth` (columns named
  /// like the prior's state components and parameters) the R^2 of each configuration
  /// variable (either sign, for a sign-symmetric prior) and the learned parameters' errors;
  /// always, for each learnable parameter, its 95% interval and the value KL_trans alone
  /// would give on these sequences (`parameterIntervals`);
  /// for each phase plane of `symmetries` whose two states the truth has, the recovery of
  /// its angle (`LatentRecovery.phaseRecovery`), named `phase` (`phase_u_v` when the prior
  /// has several); and for every `observe`
  /// expression that is not simply a configuration variable (the pulsar's brightness), the
  /// R^2 of h(mu) against h(true state): how well the model reproduces what the video shows,
  /// such as the pulse profile over the rotation.
  public static func evaluate(
    model: inout VAE, prior: KLPrior, description: PriorModel,
    symmetries: PriorSymmetries, sequences: VideoSequences, truth: GroundTruth?
  ) throws(NonFiniteError) -> EvaluationReport {
    let encoded = try model.encode(sequences)
    let posteriors = try prior.latentPosteriors(encoded)
    let reconstruction = try model.render(
      states: posteriors.means, prior: prior.transition, parameters: prior.parameters)
    let psnr = FrameQuality.psnr(reconstruction, sequences.pixels)
    var variables: [VariableRecovery] = []
    let d = posteriors.dimension
    if let truth {
      let ordered = orderedRows(truth)
      for variable in description.variables {
        guard let column = ordered.column(variable.name), column.count == posteriors.count
        else { continue }
        let estimate = (0..<posteriors.count).map {
          posteriors.means[$0 * d + variable.firstStateIndex]
        }
        variables.append(
          VariableRecovery(
            name: variable.name,
            rSquared: LatentRecovery.rSquared(
              estimate: estimate, truth: column, allowSignFlip: symmetries.isSignSymmetric),
            affineRSquared: LatentRecovery.affineRSquared(
              regressors: posteriors.means, width: d, truth: column)))
      }
      let phasePlanes = symmetries.phasePlanes.map(\.plane)
      for plane in phasePlanes {
        let names = [plane.first, plane.second].map { description.states[$0].name }
        guard let u = ordered.column(names[0]), let v = ordered.column(names[1]),
          u.count == posteriors.count, v.count == posteriors.count
        else { continue }
        variables.append(
          LatentRecovery.phaseRecovery(
            name: phasePlanes.count == 1 ? "phase" : "phase_\(names[0])_\(names[1])",
            means: posteriors.means, dimension: d, plane: plane,
            truthPhase: zip(u, v).map { atan2($1, $0) }))
      }
      variables += observationRecovery(
        means: posteriors.means, prior: prior, description: description, truth: ordered)
    }
    let learnable = description.parameters.indices.filter { description.parameters[$0].isLearnable }
    let intervals =
      kindIntervals(of: learnable, encoded: encoded, prior: prior)
      ?? parameterIntervals(
        of: learnable, posteriors: posteriors, transition: prior.transition,
        parameters: prior.parameters)
    let parameters = zip(learnable, intervals).map { index, interval in
      let parameter = description.parameters[index]
      let trueValue = truth?.column(parameter.name)?.first
      let learned = prior.parameters[index]
      return ParameterRecovery(
        name: parameter.name, learned: learned, unit: parameter.unit, interval: interval,
        truth: trueValue,
        relativeError: trueValue.map { LatentRecovery.relativeError(learned: learned, truth: $0) })
    }
    return EvaluationReport(
      variables: variables, parameters: parameters, reconstructionPSNR: psnr)
  }

  /// R^2 (no fit, and affine) of each derived observation h_k(mu) against h_k of the true
  /// states with the true parameters (the prior's where the truth has none), when the truth
  /// has a column for every state component.
  static func observationRecovery(
    means: [Double], prior: KLPrior, description: PriorModel, truth: GroundTruth
  ) -> [VariableRecovery] {
    let count = means.count / max(description.states.count, 1)
    let derived = description.observations.enumerated().filter { _, observation in
      !description.variables.contains { $0.name == observation.name }
    }
    let columns = description.states.compactMap { truth.column($0.name) }
    guard !derived.isEmpty, columns.count == description.states.count,
      columns.allSatisfy({ $0.count == count })
    else { return [] }
    let trueStates = (0..<count).flatMap { row in columns.map { $0[row] } }
    let o = description.observations.count
    let estimated = prior.transition.observe(
      states: means, count: count, parameters: prior.parameters, jacobians: false
    ).observations
    let trueParameters = description.parameters.enumerated().map { j, parameter in
      truth.column(parameter.name)?.first ?? prior.parameters[j]
    }
    let observed = prior.transition.observe(
      states: trueStates, count: count, parameters: trueParameters, jacobians: false
    ).observations
    return derived.map { k, observation in
      let estimate = (0..<count).map { estimated[$0 * o + k] }
      let target = (0..<count).map { observed[$0 * o + k] }
      return VariableRecovery(
        name: observation.name,
        rSquared: LatentRecovery.rSquared(estimate: estimate, truth: target, allowSignFlip: false),
        affineRSquared: LatentRecovery.affineRSquared(regressors: estimate, width: 1, truth: target)
      )
    }
  }

  /// The rows sorted by (sequence, frame), the order of encoded frames.
  static func orderedRows(_ truth: GroundTruth) -> GroundTruth {
    guard let s = truth.columns.firstIndex(of: "sequence"),
      let f = truth.columns.firstIndex(of: "frame")
    else { return truth }
    return GroundTruth(
      columns: truth.columns,
      rows: truth.rows.sorted { ($0[s], $0[f]) < ($1[s], $1[f]) })
  }
}
