import PriorLanguage
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The reparameterised states z~ = mu + sigma * e (e ~ N(0, I)) of a minibatch and what the
/// decoder sees of them, h(z~), with the chain rule back to the posterior.
///
/// Backward: given g = dL/dh (`N x o`), dL/dz~ = (dh/dz)^T g, and then
/// dL/dmu = dL/dz~ and dL/dlogvar = dL/dz~ * sigma * e / 2; the prior's parameters get
/// dL/dtheta = sum over the N samples of (dh/dtheta)^T g.
public struct LatentSample: Sendable {
  /// e, `N x d`.
  public var noise: [Double]
  /// z~, `N x d`.
  public var states: [Double]
  /// h(z~), `N x o`, with dh/dz (`N x o x d`) and dh/dtheta (`N x o x p`).
  public var observation: ObservationEvaluation
  /// p, the number of the prior's parameters: the length of dL/dtheta, whatever N is.
  public let parameterCount: Int

  /// Draws e with `generator` (row-major order) and evaluates h at z~. With `deterministic`
  /// the noise is zero and z~ = mu (evaluation and reconstruction pictures).
  public init(
    posteriors: FramePosteriors, model: some TransitionModel, parameters theta: [Double],
    deterministic: Bool = false, using generator: inout SeededGenerator
  ) {
    let count = posteriors.means.count
    noise =
      deterministic
      ? [Double](repeating: 0, count: count)
      : (0..<count).map { _ in generator.nextStandardNormal() }
    var states = posteriors.means
    for i in 0..<count { states[i] += exp(0.5 * posteriors.logVariances[i]) * noise[i] }
    self.states = states
    observation = model.observe(
      states: states, count: posteriors.count, parameters: theta, jacobians: true)
    parameterCount = model.parameterCount
  }

  /// The states `states` (`count x d`, drawn elsewhere: a Gaussian-process path) seen
  /// through h. Its noise is zero, so `backward`'s mean gradient is dL/dz~ and its
  /// log-variance gradient is zero.
  public init(
    states: [Double], count: Int, model: some TransitionModel, parameters theta: [Double]
  ) {
    noise = [Double](repeating: 0, count: states.count)
    self.states = states
    observation = model.observe(states: states, count: count, parameters: theta, jacobians: true)
    parameterCount = model.parameterCount
  }

  /// dL/dmu and dL/dlogvar (each `N x d`) and dL/dtheta (`p`) from dL/dh (`N x o`).
  public func backward(posteriors: FramePosteriors, observationGradient g: [Double])
    -> (means: [Double], logVariances: [Double], parameters: [Double])
  {
    let n = posteriors.count
    let d = posteriors.dimension
    let o = g.count / max(n, 1)
    let p = parameterCount
    var parameters = [Double](repeating: 0, count: p)
    for row in 0..<(n * o) {
      for j in 0..<p { parameters[j] += observation.parameterJacobian[row * p + j] * g[row] }
    }
    var means = [Double](repeating: 0, count: n * d)
    var logVariances = [Double](repeating: 0, count: n * d)
    for i in 0..<n {
      for k in 0..<d {
        var s = 0.0
        for j in 0..<o { s += observation.jacobian[(i * o + j) * d + k] * g[i * o + j] }
        means[i * d + k] = s
        logVariances[i * d + k] =
          s * 0.5 * exp(0.5 * posteriors.logVariances[i * d + k]) * noise[i * d + k]
      }
    }
    return (means, logVariances, parameters)
  }
}
