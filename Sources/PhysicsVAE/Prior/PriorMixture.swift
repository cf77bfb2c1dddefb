import PriorLanguage
import VidlatSupport

/// The prior GMM pi(z) by linearization (METHOD.md section 3): M initial states, each with
/// the covariance P_1, propagated for T steps by
///
///     m_{k+1} = F(m_k),   P_{k+1} = J(m_k) P_k J(m_k)^T + Q,
///
/// giving M T equally weighted components (m_k, P_k). Component `n * T + k` is step k of
/// initial state n.
///
/// The means depend on theta through F; their sensitivities S_k = dm_k/dtheta follow the
/// forward recurrence S_1 = 0, S_{k+1} = J(m_k) S_k + dF/dtheta(m_k), so KL_marg can pass
/// gradients to learnable parameters. As in `TransitionKL`, the covariances' dependence on
/// theta (through J) is not carried.
public struct PriorMixture: Sendable, Equatable {
  public var componentCount: Int
  public var dimension: Int
  public var parameterCount: Int
  /// m_j, `componentCount x d`.
  public var means: [Double]
  /// P_j, `componentCount x d x d`.
  public var covariances: [Double]
  /// dm_j/dtheta, `componentCount x d x p`.
  public var meanSensitivities: [Double]

  /// Propagates `initialStates` (row-major `M x d`), each starting with the covariance
  /// `initialCovariance` (`d x d`), for `steps` steps (T >= 1) of `model` with `theta`.
  /// All M chains advance together: one batched `step` call per time step.
  public static func linearized(
    model: some TransitionModel, initialStates: [Double], initialCovariance: [Double],
    steps: Int, parameters theta: [Double]
  ) -> PriorMixture {
    let d = model.stateDimension
    let p = model.parameterCount
    let chains = initialStates.count / d
    let q = model.processNoiseStandardDeviations.map { $0 * $0 }
    var means = [Double](repeating: 0, count: chains * steps * d)
    var covariances = [Double](repeating: 0, count: chains * steps * d * d)
    var sensitivities = [Double](repeating: 0, count: chains * steps * d * p)
    var current = initialStates
    var covariance = [Double](repeating: 0, count: chains * d * d)
    for n in 0..<chains {
      for i in 0..<(d * d) { covariance[n * d * d + i] = initialCovariance[i] }
    }
    var sensitivity = [Double](repeating: 0, count: chains * d * p)
    for k in 0..<steps {
      for n in 0..<chains {
        let component = n * steps + k
        for i in 0..<d { means[component * d + i] = current[n * d + i] }
        for i in 0..<(d * d) { covariances[component * d * d + i] = covariance[n * d * d + i] }
        for i in 0..<(d * p) { sensitivities[component * d * p + i] = sensitivity[n * d * p + i] }
      }
      guard k + 1 < steps else { break }
      let step = model.step(states: current, count: chains, parameters: theta, jacobians: true)
      var nextCovariance = [Double](repeating: 0, count: chains * d * d)
      var nextSensitivity = [Double](repeating: 0, count: chains * d * p)
      for n in 0..<chains {
        let jn = n * d * d
        // J P J^T + Q.
        for i in 0..<d {
          for j in 0..<d {
            var s = i == j ? q[i] : 0
            for a in 0..<d {
              var row = 0.0
              for b in 0..<d {
                row += covariance[jn + a * d + b] * step.stateJacobian[jn + j * d + b]
              }
              s += step.stateJacobian[jn + i * d + a] * row
            }
            nextCovariance[jn + i * d + j] = s
          }
        }
        // J S + dF/dtheta.
        for i in 0..<d {
          for j in 0..<p {
            var s = step.parameterJacobian[(n * d + i) * p + j]
            for a in 0..<d {
              s += step.stateJacobian[jn + i * d + a] * sensitivity[(n * d + a) * p + j]
            }
            nextSensitivity[(n * d + i) * p + j] = s
          }
        }
      }
      current = step.next
      covariance = nextCovariance
      sensitivity = nextSensitivity
    }
    return PriorMixture(
      componentCount: chains * steps, dimension: d, parameterCount: p, means: means,
      covariances: covariances, meanSensitivities: sensitivities)
  }

  /// The mixture of `model` for sequences of `steps` frames from `chains` stratified draws
  /// of p0 (`InitialDistribution.stratifiedSample`) with the covariance
  /// `initialCovariance(initial:noiseStandardDeviations:chains:)`.
  public static func linearized(
    model: some TransitionModel, initial: [InitialDistribution], chains: Int, steps: Int,
    parameters theta: [Double], using generator: inout SeededGenerator
  ) -> PriorMixture {
    linearized(
      model: model,
      initialStates: InitialDistribution.stratifiedSample(
        initial, count: chains, using: &generator),
      initialCovariance: initialCovariance(
        initial: initial, noiseStandardDeviations: model.processNoiseStandardDeviations,
        chains: chains),
      steps: steps, parameters: theta)
  }

  /// P_1 = diag((s_i / M)^2 + q_i^2), at least 1e-12 on the diagonal: the spread of p0's
  /// component i (standard deviation s_i) shared among the M strata, plus one step of process
  /// noise (standard deviation q_i).
  public static func initialCovariance(
    initial: [InitialDistribution], noiseStandardDeviations: [Double], chains: Int
  ) -> [Double] {
    let d = initial.count
    var covariance = [Double](repeating: 0, count: d * d)
    for i in 0..<d {
      let spread = initial[i].standardDeviation / Double(max(chains, 1))
      let noise = i < noiseStandardDeviations.count ? noiseStandardDeviations[i] : 0
      covariance[i * d + i] = max(spread * spread + noise * noise, 1e-12)
    }
    return covariance
  }
}
