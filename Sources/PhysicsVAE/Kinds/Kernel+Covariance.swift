import PriorLanguage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Kernel {
  /// k(tau) and its derivatives with respect to the hyperparameters (in
  /// `family.hyperparameterNames` order) at the values `h`:
  ///
  /// - se, k = v exp(-tau^2 / (2 l^2)): dk/dl = k tau^2 / l^3, dk/dv = k / v;
  /// - matern32, r = sqrt 3 tau / l, k = v (1 + r) e^-r: dk/dl = v r^2 e^-r / l, dk/dv = k / v;
  /// - periodic, s = sin(pi tau / p), k = v exp(-2 s^2 / l^2): dk/dl = 4 k s^2 / l^3,
  ///   dk/dp = 4 k s cos(pi tau / p) pi tau / (l^2 p^2), dk/dv = k / v.
  func covariance(at tau: Double, hyperparameters h: [Double]) -> (
    value: Double, gradient: [Double]
  ) {
    let tau = abs(tau)
    switch family {
    case .se:
      let (l, v) = (h[0], h[1])
      let k = v * exp(-tau * tau / (2 * l * l))
      return (k, [k * tau * tau / (l * l * l), k / v])
    case .matern32:
      let (l, v) = (h[0], h[1])
      let r = 3.0.squareRoot() * tau / l
      let decay = exp(-r)
      let k = v * (1 + r) * decay
      return (k, [v * r * r * decay / l, k / v])
    case .periodic:
      let (l, p, v) = (h[0], h[1], h[2])
      let angle = Double.pi * tau / p
      let s = sin(angle)
      let k = v * exp(-2 * s * s / (l * l))
      return (
        k,
        [
          4 * k * s * s / (l * l * l), 4 * k * s * cos(angle) * angle / (l * l * p), k / v,
        ]
      )
    }
  }

  /// K (`T x T`, K_ij = k((i - j) dt)) and dK/dh (`h x T x T`, one matrix per hyperparameter)
  /// for T frames a time step `dt` apart.
  func covarianceMatrix(frames t: Int, timeStep dt: Double, hyperparameters h: [Double]) -> (
    matrix: [Double], gradients: [Double]
  ) {
    let count = h.count
    var matrix = [Double](repeating: 0, count: t * t)
    var gradients = [Double](repeating: 0, count: count * t * t)
    for lag in 0..<t {
      let (value, gradient) = covariance(at: Double(lag) * dt, hyperparameters: h)
      for i in lag..<t {
        for (a, b) in [(i, i - lag), (i - lag, i)] {
          matrix[a * t + b] = value
          for e in 0..<count { gradients[(e * t + a) * t + b] = gradient[e] }
        }
      }
    }
    return (matrix, gradients)
  }
}
