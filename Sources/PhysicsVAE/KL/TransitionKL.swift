import Engine
import PriorLanguage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The linearized transition term KL_trans (docs/method.md, "Loss").
///
/// For every pair of consecutive frames (t, t+1) of every sequence, the prior predicts z_{t+1}
/// from the posterior at t, linearized about mu_t:
///
///     m = F(mu_t),  J = dF/dz(mu_t),  P = J Sigma_t J^T + Q,
///     KL(N(mu_{t+1}, Sigma_{t+1}) || N(m, P))
///       = 1/2 [ tr(P^-1 Sigma_{t+1}) + (m - mu_{t+1})^T P^-1 (m - mu_{t+1}) - d
///               + ln det P - ln det Sigma_{t+1} ],
///
/// averaged over the B (T - 1) pairs. All P are factored at once by the engine's batched
/// Cholesky (`BatchedMatrices`), and solved against by triangular solves.
///
/// Gradients (exact). With a = P^-1 (m - mu_{t+1}) and G = dKL/dP = 1/2 [P^-1 - P^-1
/// Sigma_{t+1} P^-1 - a a^T]:
/// - d/dmu_{t+1} = -a, d/dlogvar_{t+1,k} = 1/2 [(P^-1)_kk sigma^2_{t+1,k} - 1];
/// - d/dlogvar_{t,k} = sigma^2_{t,k} (J^T G J)_kk;
/// - through the mean m = F(mu_t): d/dmu_t = J^T a and d/dtheta = (dF/dtheta)^T a;
/// - through P's J = J(mu_t; theta), with W = dKL/dJ = 2 G J Sigma_t:
///   d/dmu_{t,a} += sum_ij W_ij dJ_ij/dz_a and d/dtheta_l += sum_ij W_ij dJ_ij/dtheta_l,
///   from the model's second derivatives (`TransitionModel.stepJacobianDerivatives`).
public enum TransitionKL {
  /// KL_trans of `posteriors` under `model` with parameters `theta`, with its gradients.
  /// With a single frame per sequence there is no pair, and the value is 0.
  public static func evaluate(
    posteriors: FramePosteriors, model: some TransitionModel, parameters theta: [Double]
  ) -> KLEvaluation {
    let d = posteriors.dimension
    let sources = sourceMeans(posteriors)
    let pairs = sources.count / d
    let prediction = model.step(
      states: sources, count: pairs, parameters: theta, jacobians: true)
    return evaluate(
      posteriors: posteriors, prediction: prediction,
      jacobianDerivatives: model.stepJacobianDerivatives(
        states: sources, count: pairs, parameters: theta),
      noiseVariances: model.processNoiseStandardDeviations.map { $0 * $0 },
      parameterCount: model.parameterCount)
  }

  /// The means mu_t of every frame that has a successor, pair by pair (`B (T-1) x d`).
  static func sourceMeans(_ posteriors: FramePosteriors) -> [Double] {
    let (b, t, d) = (posteriors.sequenceCount, posteriors.frameCount, posteriors.dimension)
    var sources: [Double] = []
    sources.reserveCapacity(b * max(t - 1, 0) * d)
    for sequence in 0..<b {
      for frame in 0..<max(t - 1, 0) {
        let row = (sequence * t + frame) * d
        sources.append(contentsOf: posteriors.means[row..<(row + d)])
      }
    }
    return sources
  }

  /// The term from a step already evaluated at the source means: `prediction` gives m, J
  /// and dF/dtheta, `jacobianDerivatives` the derivatives of J (`pairs x d x d x (d + p)`).
  static func evaluate(
    posteriors: FramePosteriors, prediction: StepEvaluation, jacobianDerivatives: [Double],
    noiseVariances q: [Double], parameterCount p: Int
  ) -> KLEvaluation {
    let jacobians = prediction.stateJacobian
    let (sequences, frames, d) =
      (posteriors.sequenceCount, posteriors.frameCount, posteriors.dimension)
    let pairCount = sequences * max(frames - 1, 0)
    var meanGradient = [Double](repeating: 0, count: posteriors.means.count)
    var logVarianceGradient = [Double](repeating: 0, count: posteriors.means.count)
    var parameterGradient = [Double](repeating: 0, count: p)
    guard pairCount > 0 else {
      return KLEvaluation(
        value: 0, meanGradient: meanGradient, logVarianceGradient: logVarianceGradient,
        parameterGradient: parameterGradient)
    }
    let scale = 1 / Double(pairCount)
    let variances = posteriors.logVariances.map { exp($0) }
    let mu = posteriors.means
    let logvar = posteriors.logVariances
    func source(_ pair: Int) -> Int { ((pair / (frames - 1)) * frames + pair % (frames - 1)) * d }
    // P = J diag(sigma_t^2) J^T + Q and m - mu_{t+1} for every pair, as batches.
    var covariance = Tensor<Double>(zeros: [pairCount, d, d])
    var delta = Tensor<Double>(zeros: [pairCount, d, 1])
    for pair in 0..<pairCount {
      let (from, jacobian) = (source(pair), pair * d * d)
      for i in 0..<d {
        delta.scalars[pair * d + i] = prediction.next[pair * d + i] - mu[from + d + i]
        for j in 0..<d {
          var s = i == j ? q[i] : 0
          for k in 0..<d {
            let left = jacobians[jacobian + i * d + k] * variances[from + k]
            s += left * jacobians[jacobian + j * d + k]
          }
          covariance.scalars[jacobian + i * d + j] = s
        }
      }
    }
    guard let factor = try? BatchedMatrices.cholesky(covariance) else {
      return .notFinite(frames: posteriors.count, dimension: d, parameters: p)
    }
    let whitened = BatchedMatrices.solveTriangular(factor, delta)
    let solved = BatchedMatrices.solveTriangular(factor, whitened, transposed: true).scalars
    let inverse = BatchedMatrices.inverse(choleskyFactor: factor).scalars
    let logDeterminants = BatchedMatrices.logDeterminant(choleskyFactor: factor).scalars
    var total = 0.0
    var g = [Double](repeating: 0, count: d * d)
    var gj = [Double](repeating: 0, count: d * d)
    for pair in 0..<pairCount {
      let from = source(pair)
      let target = from + d
      let jacobian = pair * d * d
      var trace = 0.0
      var mahalanobis = 0.0
      var targetLogDeterminant = 0.0
      for k in 0..<d {
        trace += inverse[jacobian + k * d + k] * variances[target + k]
        mahalanobis += whitened.scalars[pair * d + k] * whitened.scalars[pair * d + k]
        targetLogDeterminant += logvar[target + k]
      }
      total +=
        0.5 * (trace + mahalanobis - Double(d) + logDeterminants[pair] - targetLogDeterminant)
      // Gradients of this pair, scaled by 1 / pairCount; a = P^-1 (m - mu_{t+1}).
      let a = solved[(pair * d)..<(pair * d + d)].map { $0 }
      for k in 0..<d {
        meanGradient[target + k] -= scale * a[k]
        logVarianceGradient[target + k] +=
          scale * 0.5 * (inverse[jacobian + k * d + k] * variances[target + k] - 1)
        var back = 0.0
        for i in 0..<d { back += jacobians[jacobian + i * d + k] * a[i] }
        meanGradient[from + k] += scale * back
      }
      for j in 0..<p {
        var back = 0.0
        for i in 0..<d { back += prediction.parameterJacobian[(pair * d + i) * p + j] * a[i] }
        parameterGradient[j] += scale * back
      }
      for i in 0..<d {
        for j in 0..<d {
          var sandwich = 0.0
          for k in 0..<d {
            sandwich +=
              inverse[jacobian + i * d + k] * variances[target + k] * inverse[jacobian + k * d + j]
          }
          g[i * d + j] = 0.5 * (inverse[jacobian + i * d + j] - sandwich - a[i] * a[j])
        }
      }
      // G J, shared by the Sigma_t gradient, sigma^2_{t,k} (J^T G J)_kk, and by the gradient
      // through J in P, W = 2 G J Sigma_t contracted with dJ/dz and dJ/dtheta.
      for i in 0..<d {
        for j in 0..<d {
          var sum = 0.0
          for k in 0..<d { sum += g[i * d + k] * jacobians[jacobian + k * d + j] }
          gj[i * d + j] = sum
        }
      }
      for k in 0..<d {
        var s = 0.0
        for i in 0..<d { s += jacobians[jacobian + i * d + k] * gj[i * d + k] }
        logVarianceGradient[from + k] += scale * variances[from + k] * s
      }
      let width = d + p
      var contracted = [Double](repeating: 0, count: width)
      for i in 0..<d {
        for j in 0..<d {
          let w = 2 * gj[i * d + j] * variances[from + j]
          let base = (jacobian + i * d + j) * width
          for a in 0..<width { contracted[a] += w * jacobianDerivatives[base + a] }
        }
      }
      for a in 0..<d { meanGradient[from + a] += scale * contracted[a] }
      for l in 0..<p { parameterGradient[l] += scale * contracted[d + l] }
    }
    return KLEvaluation(
      value: total * scale, meanGradient: meanGradient,
      logVarianceGradient: logVarianceGradient, parameterGradient: parameterGradient)
  }
}
