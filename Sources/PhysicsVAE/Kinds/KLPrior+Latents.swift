import Engine
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension KLPrior {
  /// The posteriors whose means are the latents a run reports (docs/method.md, "Other prior
  /// kinds"): the encoder's own for ODE and i.i.d. priors; for a Gaussian-process prior the
  /// path posterior's marginals N(m_t, S_tt) given all the frames of each sequence, its means
  /// m = K (K + D)^-1 y smoothing the per-frame pseudo-observations y.
  public func latentPosteriors(_ posteriors: FramePosteriors) throws(NonFiniteError)
    -> FramePosteriors
  {
    guard case .gaussianProcess(let latents) = kind else { return posteriors }
    var unused = SeededGenerator(seed: 0)
    let path = try GaussianProcessPosterior(
      posteriors: posteriors, kernels: latents.map(\.kernel), timeStep: timeStep,
      parameters: parameters, deterministic: true, using: &unused)
    var result = posteriors
    result.means = path.means
    result.logVariances = path.marginalLogVariances
    return result
  }
}

extension GaussianProcessPosterior {
  /// ln S_tt = ln sum_j (L_S)_tj^2 (the jitter included), `(B T) x d`.
  var marginalLogVariances: [Double] {
    let t = frameCount
    var values = [Double](repeating: 0, count: sequenceCount * dimension * t)
    for problem in 0..<(sequenceCount * dimension) {
      for i in 0..<t {
        var s = 0.0
        for j in 0...i {
          let entry = posteriorFactor.scalars[(problem * t + i) * t + j]
          s += entry * entry
        }
        values[problem * t + i] = log(s)
      }
    }
    return Self.frameMajor(values, sequences: sequenceCount, frames: t, dimension: dimension)
  }
}
