import PriorLanguage
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension InitialDistribution {
  /// The quantile function (inverse CDF) at `u` in (0, 1): `lower + (upper - lower) u` for a
  /// uniform, `mean + sd Phi^-1(u)` for a normal, the value itself when fixed.
  public func quantile(_ u: Double) -> Double {
    switch self {
    case .fixed(let value): value
    case .uniform(let lower, let upper): lower + (upper - lower) * u
    case .normal(let mean, let sd): mean + sd * standardNormalQuantile(u)
    }
  }

  /// The standard deviation of the distribution (0 when fixed).
  public var standardDeviation: Double {
    switch self {
    case .fixed: 0
    case .uniform(let lower, let upper): (upper - lower) / 12.0.squareRoot()
    case .normal(_, let sd): sd
    }
  }

  /// `count` stratified draws of the joint initial distribution (independent components),
  /// row-major `count x d`: a Latin hypercube. For each component the unit interval is cut
  /// into `count` equal strata; draw n takes the stratum `pi(n)` of an independent random
  /// permutation pi, a uniform point u inside it, and the component's quantile at u. Every
  /// component's marginal is thus covered evenly (one draw per stratum), which gives a
  /// low-variance prior mixture even with few components.
  public static func stratifiedSample(
    _ distributions: [InitialDistribution], count: Int,
    using generator: inout SeededGenerator
  ) -> [Double] {
    let d = distributions.count
    var states = [Double](repeating: 0, count: count * d)
    let smallest = 0x1.0p-53
    for (k, distribution) in distributions.enumerated() {
      // Fisher-Yates, written out so the sequence depends only on the generator.
      var strata = Array(0..<count)
      for i in stride(from: count - 1, to: 0, by: -1) {
        let j = Int(generator.next() % UInt64(i + 1))
        strata.swapAt(i, j)
      }
      for n in 0..<count {
        let u = (Double(strata[n]) + generator.nextUnitDouble()) / Double(count)
        states[n * d + k] = distribution.quantile(min(max(u, smallest), 1 - smallest))
      }
    }
    return states
  }
}

/// Phi^-1(u), the standard normal quantile, for u in (0, 1): Acklam's rational approximation
/// (relative error below 1.2e-9) refined by one Halley step on Phi(x) = erfc(-x / sqrt 2) / 2,
/// which brings it to full double precision.
func standardNormalQuantile(_ u: Double) -> Double {
  let a = [
    -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
    1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
  ]
  let b = [
    -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
    6.680131188771972e+01, -1.328068155288572e+01,
  ]
  let c = [
    -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
    -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
  ]
  let e = [
    7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
    3.754408661907416e+00,
  ]
  let low = 0.02425
  var x: Double
  if u < low {
    let q = (-2 * log(u)).squareRoot()
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
      / ((((e[0] * q + e[1]) * q + e[2]) * q + e[3]) * q + 1)
  } else if u <= 1 - low {
    let q = u - 0.5
    let r = q * q
    x =
      (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
      / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  } else {
    let q = (-2 * log(1 - u)).squareRoot()
    x =
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
      / ((((e[0] * q + e[1]) * q + e[2]) * q + e[3]) * q + 1)
  }
  let error = 0.5 * erfc(-x / 2.0.squareRoot()) - u
  let slope = error * (2 * Double.pi).squareRoot() * exp(x * x / 2)
  x -= slope / (1 + x * slope / 2)
  return x
}
