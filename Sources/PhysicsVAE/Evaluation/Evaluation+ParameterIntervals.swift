import Foundation
import PriorLanguage

/// How precisely held-out sequences pin one learnable parameter through KL_trans, with the
/// networks fixed (`Evaluation.parameterIntervals`).
public struct ParameterInterval: Codable, Sendable, Equatable {
  /// The parameter's value where the interval is centred (the learned value).
  public var value: Double
  /// The number of sequences the interval is estimated from.
  public var sequenceCount: Int
  /// The sandwich standard error of the value; nil when there is no interval.
  public var standardError: Double?
  /// theta - sum g / sum h: one Newton step to the minimum of KL_trans alone, where the
  /// transition term would put the parameter without the reconstruction and KL_marg; nil
  /// when the curvature is not positive (there is no minimum to step to).
  public var transitionOnlyValue: Double?
  /// Why there is no interval (one sequence, a curvature that is not positive, a KL_trans
  /// that is not finite); nil when there is one.
  public var whyNoInterval: String?

  /// The two-sided 95% quantile of the standard normal, z_0.975.
  public static let normalQuantile95 = 1.96

  /// The half-width of the 95% interval, value ± 1.96 se; nil when there is no interval.
  public var halfWidth95: Double? { standardError.map { Self.normalQuantile95 * $0 } }
}

extension Evaluation {
  /// The relative part of the finite-difference step in theta.
  static let relativeCurvatureStep = 1e-4
  /// The absolute part, for a parameter at or near 0 (a drag that starts at 0).
  static let absoluteCurvatureStep = 1e-6

  /// A sandwich (M-estimator) interval for each parameter in `indices` of `parameters`,
  /// from the transition term alone on the held-out `posteriors` (networks fixed).
  ///
  /// The transition term identifies theta: with l_i(theta) the KL_trans of sequence i alone
  /// (its mean over the sequence's T - 1 pairs of consecutive frames), the value that
  /// minimises sum_i l_i solves sum_i g_i = 0 with g_i = dl_i/dtheta. A first-order
  /// expansion about the minimum gives
  ///
  ///     theta^ - theta* = -(sum_i h_i)^-1 sum_i g_i,   h_i = d^2 l_i / dtheta^2,
  ///     Var(theta^) = Var(sum_i g_i) / (sum_i h_i)^2,
  ///     se = sqrt( B/(B-1) sum_i (g_i - gbar)^2 ) / sum_i h_i,
  ///
  /// and the interval is value ± 1.96 se.
  ///
  /// - Why the sandwich: the inverse curvature alone, se^2 = 1 / sum h_i, is right only when
  ///   each l_i is the exact negative log-likelihood of its sequence (then Var g_i = E h_i).
  ///   KL_trans is not: it is a mean per pair, linearised, of approximate posteriors that the
  ///   encoder gets wrong in correlated ways. The sandwich needs only that the sequences are
  ///   independent, so it stays right when the loss is misspecified.
  /// - Why per sequence: the frames of one sequence share a path and the encoder's errors
  ///   along it, so their pairs are not independent; whole sequences are (a clustered
  ///   sandwich).
  /// - Why centred, with B/(B-1): the learned value is not KL_trans's minimum (the
  ///   reconstruction and KL_marg pull it too), so gbar is not 0; the uncentred sum would
  ///   count that systematic pull, B gbar^2, as noise. The pull is reported instead as
  ///   `transitionOnlyValue`. At the minimum the two agree up to B/(B-1), the usual
  ///   correction for the estimated mean. One sequence leaves no spread: no interval.
  /// - The curvature: every sequence has the same T - 1 pairs and `TransitionKL` averages
  ///   over all of them, so sum_i h_i = B d/dtheta of the batch gradient, taken by a central
  ///   difference of the exact gradient with step 1e-4 |theta| + 1e-6. The gradient is exact,
  ///   so the difference loses only O(step^2) to truncation and O(1e-16 |g| / step) to
  ///   rounding, both far below the sequences' spread. The step may leave the declared range
  ///   (theta = 0 for a drag in [0, 10]): KL_trans is smooth in theta, and the range bounds
  ///   only what training and overrides may set.
  /// - Each parameter on its own: the curvature is along that parameter with the others
  ///   held, so with several learnable parameters their correlation is not accounted for.
  public static func parameterIntervals(
    of indices: [Int], posteriors: FramePosteriors, transition: some TransitionModel,
    parameters theta: [Double]
  ) -> [ParameterInterval] {
    let sequenceCount = posteriors.sequenceCount
    guard posteriors.frameCount >= 2, sequenceCount >= 1 else {
      return indices.map {
        ParameterInterval(
          unavailable: theta[$0], sequenceCount: sequenceCount,
          reason: "no sequence has two frames, so KL_trans has no pair to measure it by")
      }
    }
    let gradients = (0..<sequenceCount).map { sequence in
      TransitionKL.evaluate(
        posteriors: posteriors.sequence(sequence), model: transition, parameters: theta
      ).parameterGradient
    }
    return indices.map { index in
      ParameterInterval(
        sandwichOf: theta[index], sequenceGradients: gradients.map { $0[index] },
        curvature: Double(sequenceCount)
          * transitionCurvature(
            of: index, posteriors: posteriors, transition: transition, parameters: theta),
        term: "KL_trans")
    }
  }

  /// d^2 KL_trans / dtheta_index^2 of the whole batch: a central difference of the exact
  /// gradient, with the step of `parameterIntervals`.
  static func transitionCurvature(
    of index: Int, posteriors: FramePosteriors, transition: some TransitionModel,
    parameters theta: [Double]
  ) -> Double {
    let step = relativeCurvatureStep * abs(theta[index]) + absoluteCurvatureStep
    func gradient(at offset: Double) -> Double {
      var shifted = theta
      shifted[index] += offset
      return TransitionKL.evaluate(posteriors: posteriors, model: transition, parameters: shifted)
        .parameterGradient[index]
    }
    return (gradient(at: step) - gradient(at: -step)) / (2 * step)
  }
}

extension ParameterInterval {
  /// No interval for `value`, and why.
  init(
    unavailable value: Double, sequenceCount: Int, reason: String,
    transitionOnlyValue: Double? = nil
  ) {
    self.init(
      value: value, sequenceCount: sequenceCount, standardError: nil,
      transitionOnlyValue: transitionOnlyValue, whyNoInterval: reason)
  }

  /// The clustered sandwich interval of `value` (`Evaluation.parameterIntervals`) from the
  /// per-sequence gradients g_i of the loss term named `term` and its batch curvature
  /// sum_i h_i: se = sqrt(B/(B-1) sum_i (g_i - gbar)^2) / sum_i h_i, and the one-step
  /// Newton value theta - sum g / sum h. No interval, said why, when a value is not finite,
  /// the curvature is not positive, or there is one sequence.
  init(sandwichOf value: Double, sequenceGradients: [Double], curvature: Double, term: String) {
    let count = sequenceGradients.count
    guard sequenceGradients.allSatisfy(\.isFinite), curvature.isFinite else {
      self.init(
        unavailable: value, sequenceCount: count,
        reason: "\(term) or its gradient is not finite at the learned value")
      return
    }
    guard curvature > 0 else {
      self.init(
        unavailable: value, sequenceCount: count,
        reason: "\(term) is not convex in it at the learned value (curvature "
          + String(format: "%.3g", curvature) + "), so the sequences do not pin it")
      return
    }
    let gradientSum = sequenceGradients.reduce(0, +)
    let newtonValue = value - gradientSum / curvature
    guard count >= 2 else {
      self.init(
        unavailable: value, sequenceCount: count,
        reason: "one sequence gives no spread of gradients to estimate an error from",
        transitionOnlyValue: newtonValue)
      return
    }
    let mean = gradientSum / Double(count)
    let spread = sequenceGradients.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let gradientVariance = Double(count) / Double(count - 1) * spread
    self.init(
      value: value, sequenceCount: count, standardError: gradientVariance.squareRoot() / curvature,
      transitionOnlyValue: newtonValue, whyNoInterval: nil)
  }
}
