import PriorLanguage
import VidlatSupport

/// The prior GMM pi(z) by linearization (docs/method.md, "Prior GMM"): M initial states, each with
/// the covariance P_1, propagated for T steps by
///
///     m_{k+1} = F(m_k),   P_{k+1} = J(m_k) P_k J(m_k)^T + Q,
///
/// giving M T equally weighted components (m_k, P_k). Component `n * T + k` is step k of
/// initial state n.
///
/// Both the means and the covariances depend on theta (through F and J), and later ones on
/// earlier means (through J(m_k)). `parameterGradient(meanGradient:covarianceGradient:)`
/// carries a loss's gradients with respect to the components back to theta exactly, by a
/// reverse pass through the recurrence (using the second derivatives of F).
public struct PriorMixture: Sendable, Equatable {
  public var componentCount: Int
  public var dimension: Int
  public var parameterCount: Int
  /// T, the steps of each chain (components `n * T ..< (n + 1) * T` are chain n).
  public var steps: Int
  /// m_j, `componentCount x d`.
  public var means: [Double]
  /// P_j, `componentCount x d x d`.
  public var covariances: [Double]
  /// For the reverse pass, in `TransitionModel`'s layouts: J(m_j) and dF/dtheta(m_j) (zero at
  /// the last component of each chain, which no later component depends on) and the
  /// derivatives of J(m_j); empty for a mixture that depends on no parameter.
  var stateJacobians: [Double]
  var parameterJacobians: [Double]
  var jacobianDerivatives: [Double]

  /// A fixed mixture of the Gaussians N(m_j, P_j) (`means` `count x d`, `covariances`
  /// `count x d x d`), depending on no parameter.
  public init(dimension: Int, means: [Double], covariances: [Double]) {
    componentCount = means.count / max(dimension, 1)
    self.dimension = dimension
    parameterCount = 0
    steps = 1
    self.means = means
    self.covariances = covariances
    stateJacobians = []
    parameterJacobians = []
    jacobianDerivatives = []
  }

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
    let components = chains * steps
    let q = model.processNoiseStandardDeviations.map { $0 * $0 }
    var mixture = PriorMixture(
      dimension: d, means: [Double](repeating: 0, count: components * d),
      covariances: [Double](repeating: 0, count: components * d * d))
    mixture.parameterCount = p
    mixture.steps = steps
    mixture.stateJacobians = [Double](repeating: 0, count: components * d * d)
    mixture.parameterJacobians = [Double](repeating: 0, count: components * d * p)
    var current = initialStates
    var covariance = [Double](repeating: 0, count: chains * d * d)
    for n in 0..<chains {
      for i in 0..<(d * d) { covariance[n * d * d + i] = initialCovariance[i] }
    }
    for k in 0..<steps {
      for n in 0..<chains {
        let component = n * steps + k
        for i in 0..<d { mixture.means[component * d + i] = current[n * d + i] }
        for i in 0..<(d * d) {
          mixture.covariances[component * d * d + i] = covariance[n * d * d + i]
        }
      }
      guard k + 1 < steps else { break }
      let step = model.step(states: current, count: chains, parameters: theta, jacobians: true)
      var nextCovariance = [Double](repeating: 0, count: chains * d * d)
      for n in 0..<chains {
        let jn = n * d * d
        let component = n * steps + k
        for i in 0..<(d * d) {
          mixture.stateJacobians[component * d * d + i] = step.stateJacobian[jn + i]
        }
        for i in 0..<(d * p) {
          mixture.parameterJacobians[component * d * p + i] = step.parameterJacobian[n * d * p + i]
        }
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
      }
      current = step.next
      covariance = nextCovariance
    }
    mixture.jacobianDerivatives = model.stepJacobianDerivatives(
      states: mixture.means, count: components, parameters: theta)
    return mixture
  }

  /// d loss/d theta from d loss/d m_j (`meanGradient`, `componentCount x d`) and d loss/d P_j
  /// (`covarianceGradient`, `componentCount x d x d`), by the reverse pass through
  ///
  ///     m_{k+1} = F(m_k),   P_{k+1} = J(m_k) P_k J(m_k)^T + Q:
  ///
  /// from the last step of each chain down, with adjoints M_k and C_k of m_k and P_k,
  ///
  ///     W = (C_{k+1} + C_{k+1}^T) J P_k                 (d loss / dJ(m_k)),
  ///     C_k += J^T C_{k+1} J,
  ///     M_k += J^T M_{k+1} + sum_ij W_ij dJ_ij/dz,
  ///     theta += dF/dtheta^T M_{k+1} + sum_ij W_ij dJ_ij/dtheta.
  ///
  /// The initial states and P_1 do not depend on theta.
  public func parameterGradient(meanGradient: [Double], covarianceGradient: [Double])
    -> [Double]
  {
    let (d, p) = (dimension, parameterCount)
    var gradient = [Double](repeating: 0, count: p)
    guard p > 0, steps > 1 else { return gradient }
    let width = d + p
    let chains = componentCount / steps
    for n in 0..<chains {
      var meanAdjoint = Array(
        meanGradient[((n * steps + steps - 1) * d)..<((n * steps + steps) * d)])
      var covarianceAdjoint = Array(
        covarianceGradient[((n * steps + steps - 1) * d * d)..<((n * steps + steps) * d * d)])
      for k in stride(from: steps - 2, through: 0, by: -1) {
        let component = n * steps + k
        let j = Array(stateJacobians[(component * d * d)..<((component + 1) * d * d)])
        let covariance = Array(covariances[(component * d * d)..<((component + 1) * d * d)])
        // W = (C + C^T) J P.
        var jp = [Double](repeating: 0, count: d * d)
        for a in 0..<d {
          for b in 0..<d {
            var s = 0.0
            for c in 0..<d { s += j[a * d + c] * covariance[c * d + b] }
            jp[a * d + b] = s
          }
        }
        var contracted = [Double](repeating: 0, count: width)
        for a in 0..<d {
          for b in 0..<d {
            var w = 0.0
            for c in 0..<d {
              w += (covarianceAdjoint[a * d + c] + covarianceAdjoint[c * d + a]) * jp[c * d + b]
            }
            let base = (component * d * d + a * d + b) * width
            for e in 0..<width { contracted[e] += w * jacobianDerivatives[base + e] }
          }
        }
        for l in 0..<p {
          var s = contracted[d + l]
          for i in 0..<d { s += parameterJacobians[(component * d + i) * p + l] * meanAdjoint[i] }
          gradient[l] += s
        }
        // M_k and C_k: the direct gradients plus what flows back from step k + 1.
        var previousMean = Array(meanGradient[(component * d)..<((component + 1) * d)])
        for b in 0..<d {
          var s = contracted[b]
          for a in 0..<d { s += j[a * d + b] * meanAdjoint[a] }
          previousMean[b] += s
        }
        var previousCovariance = Array(
          covarianceGradient[(component * d * d)..<((component + 1) * d * d)])
        for a in 0..<d {
          for b in 0..<d {
            var s = 0.0
            for c in 0..<d {
              for e in 0..<d { s += j[c * d + a] * covarianceAdjoint[c * d + e] * j[e * d + b] }
            }
            previousCovariance[a * d + b] += s
          }
        }
        meanAdjoint = previousMean
        covarianceAdjoint = previousCovariance
      }
    }
    return gradient
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
