import PhysicsVAE
import PriorLanguage
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A hand-written pendulum `x'' = -k sin(x) - c x'` as a `TransitionModel`, for testing the
/// method independently of the prior language: one RK4 step with its exact Jacobians
/// dF/dz and dF/dtheta, obtained by the chain rule through the four stages.
/// State z = (x, x'), parameters theta = (k, c), observation h(z) = x. The derivatives of J
/// follow the stages too, by differentiating each stage's dG/dz S along z and theta.
struct PendulumModel: PositionObserved {
  var dt = 0.05
  var noise = [0.01, 0.1]
  var stateDimension: Int { 2 }
  var parameterCount: Int { 2 }
  var processNoiseStandardDeviations: [Double] { noise }
  static let initial: [InitialDistribution] = [
    .uniform(lower: -1.6, upper: 1.6), .normal(mean: 0, standardDeviation: 0.5),
  ]

  /// G(z), dG/dz (2 x 2), dG/dtheta (2 x 2).
  private func field(_ z: [Double], _ theta: [Double]) -> ([Double], [Double], [Double]) {
    let (x, v, k, c) = (z[0], z[1], theta[0], theta[1])
    return (
      [v, -k * sin(x) - c * v],
      [0, 1, -k * cos(x), -c],
      [0, 0, -sin(x), -v]
    )
  }

  private static func multiply(_ a: [Double], _ b: [Double], _ columns: Int) -> [Double] {
    // (2 x 2) times (2 x columns).
    var out = [Double](repeating: 0, count: 2 * columns)
    for i in 0..<2 {
      for j in 0..<columns {
        out[i * columns + j] = a[i * 2] * b[j] + a[i * 2 + 1] * b[columns + j]
      }
    }
    return out
  }

  func step(states: [Double], count: Int, parameters theta: [Double], jacobians: Bool)
    -> StepEvaluation
  {
    var next: [Double] = []
    var stateJacobian: [Double] = []
    var parameterJacobian: [Double] = []
    let identity: [Double] = [1, 0, 0, 1]
    for n in 0..<count {
      let z = Array(states[(2 * n)..<(2 * n + 2)])
      // Stage s: point z_s = z + a_s dt k_{s-1}, dz_s/dz and dz_s/dtheta.
      var stageValues: [[Double]] = []
      var stageStateDerivatives: [[Double]] = []
      var stageParameterDerivatives: [[Double]] = []
      let fractions = [0.0, 0.5, 0.5, 1.0]
      for s in 0..<4 {
        var point = z
        var dPoint = identity
        var dPointTheta = [Double](repeating: 0, count: 4)
        if s > 0 {
          for i in 0..<2 { point[i] += fractions[s] * dt * stageValues[s - 1][i] }
          for i in 0..<4 {
            dPoint[i] += fractions[s] * dt * stageStateDerivatives[s - 1][i]
            dPointTheta[i] += fractions[s] * dt * stageParameterDerivatives[s - 1][i]
          }
        }
        let (g, gz, gtheta) = field(point, theta)
        stageValues.append(g)
        stageStateDerivatives.append(Self.multiply(gz, dPoint, 2))
        let chained = Self.multiply(gz, dPointTheta, 2)
        stageParameterDerivatives.append((0..<4).map { chained[$0] + gtheta[$0] })
      }
      let weights = [1.0, 2.0, 2.0, 1.0].map { $0 * dt / 6 }
      for i in 0..<2 {
        next.append(z[i] + (0..<4).reduce(0) { $0 + weights[$1] * stageValues[$1][i] })
      }
      if jacobians {
        for i in 0..<4 {
          stateJacobian.append(
            identity[i] + (0..<4).reduce(0) { $0 + weights[$1] * stageStateDerivatives[$1][i] })
        }
        for i in 0..<4 {
          parameterJacobian.append(
            (0..<4).reduce(0) { $0 + weights[$1] * stageParameterDerivatives[$1][i] })
        }
      }
    }
    return StepEvaluation(
      next: next, stateJacobian: stateJacobian, parameterJacobian: parameterJacobian)
  }

  func stepJacobianDerivatives(states: [Double], count: Int, parameters theta: [Double])
    -> [Double]
  {
    let k = theta[0]
    let identity: [Double] = [1, 0, 0, 1]
    let zero = [Double](repeating: 0, count: 4)
    let fractions = [0.0, 0.5, 0.5, 1.0]
    let weights = [1.0, 2.0, 2.0, 1.0].map { $0 * dt / 6 }
    var result: [Double] = []
    for n in 0..<count {
      let z = Array(states[(2 * n)..<(2 * n + 2)])
      // Per stage: k_s, dk_s/dz, dk_s/dtheta and, along each direction e = (x, x', k, c),
      // the derivative of dk_s/dz.
      var slopes: [[Double]] = []
      var slopeStateDerivatives: [[Double]] = []
      var slopeParameterDerivatives: [[Double]] = []
      var slopeSecondDerivatives: [[[Double]]] = []
      for s in 0..<4 {
        var point = z
        var dPoint = identity
        var dPointTheta = zero
        var dPointDirections = [[Double]](repeating: zero, count: 4)
        if s > 0 {
          let h = fractions[s] * dt
          for i in 0..<2 { point[i] += h * slopes[s - 1][i] }
          for i in 0..<4 {
            dPoint[i] += h * slopeStateDerivatives[s - 1][i]
            dPointTheta[i] += h * slopeParameterDerivatives[s - 1][i]
            for e in 0..<4 { dPointDirections[e][i] = h * slopeSecondDerivatives[s - 1][e][i] }
          }
        }
        let (g, gz, gtheta) = field(point, theta)
        let x = point[0]
        var second: [[Double]] = []
        for e in 0..<4 {
          // The derivative of dG/dz = [[0, 1], [-k cos(x), -c]] along e.
          let xDot = e < 2 ? dPoint[e] : dPointTheta[e - 2]
          let gzDot = [0, 0, k * sin(x) * xDot - (e == 2 ? cos(x) : 0), e == 3 ? -1 : 0]
          let a = Self.multiply(gzDot, dPoint, 2)
          let b = Self.multiply(gz, dPointDirections[e], 2)
          second.append((0..<4).map { a[$0] + b[$0] })
        }
        slopes.append(g)
        slopeStateDerivatives.append(Self.multiply(gz, dPoint, 2))
        let chained = Self.multiply(gz, dPointTheta, 2)
        slopeParameterDerivatives.append((0..<4).map { chained[$0] + gtheta[$0] })
        slopeSecondDerivatives.append(second)
      }
      for entry in 0..<4 {
        for e in 0..<4 {
          result.append(
            (0..<4).reduce(0) { $0 + weights[$1] * slopeSecondDerivatives[$1][e][entry] })
        }
      }
    }
    return result
  }

  func sampleInitialStates(count: Int, using generator: inout SeededGenerator) -> [Double] {
    (0..<count).flatMap { _ in
      [generator.nextUniform(-1.6, 1.6), generator.nextNormal(mean: 0, standardDeviation: 0.5)]
    }
  }
}

/// A body thrown up, `y'' = -g`, by explicit Euler: F(z) = (y + dt y', y' - dt g). F is
/// affine in z and J does not depend on g: its derivatives are zero. theta = (g), h(z) = y.
/// Not sign-symmetric.
struct FallingModel: PositionObserved {
  var dt = 0.05
  var stateDimension: Int { 2 }
  var parameterCount: Int { 1 }
  var processNoiseStandardDeviations: [Double] { [0.01, 0.1] }
  static let initial: [InitialDistribution] = [
    .uniform(lower: -2, upper: 2), .uniform(lower: 7, upper: 10),
  ]

  func step(states: [Double], count: Int, parameters theta: [Double], jacobians: Bool)
    -> StepEvaluation
  {
    var next: [Double] = []
    for n in 0..<count {
      next += [states[2 * n] + dt * states[2 * n + 1], states[2 * n + 1] - dt * theta[0]]
    }
    return StepEvaluation(
      next: next,
      stateJacobian: jacobians ? (0..<count).flatMap { _ in [1, dt, 0, 1] } : [],
      parameterJacobian: jacobians ? (0..<count).flatMap { _ in [0, -dt] } : [])
  }

  func stepJacobianDerivatives(states: [Double], count: Int, parameters: [Double]) -> [Double] {
    [Double](repeating: 0, count: count * 2 * 2 * 3)
  }

  func sampleInitialStates(count: Int, using generator: inout SeededGenerator) -> [Double] {
    (0..<count).flatMap { _ in [generator.nextUniform(-2, 2), generator.nextUniform(7, 10)] }
  }
}

/// The central finite difference (f(x + h e_i) - f(x - h e_i)) / 2h for every coordinate i.
func centralDifferences(_ x: [Double], step h: Double = 1e-6, _ f: ([Double]) -> Double)
  -> [Double]
{
  (0..<x.count).map { i in
    var plus = x
    var minus = x
    plus[i] += h
    minus[i] -= h
    return (f(plus) - f(minus)) / (2 * h)
  }
}

/// The largest |a_i - b_i| relative to max(1, |b_i|).
func largestRelativeError(_ a: [Double], _ b: [Double]) -> Double {
  zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
}

/// Posteriors of B sequences of T frames along pendulum trajectories, with some spread.
func pendulumPosteriors(sequences: Int, frames: Int, seed: UInt64) -> FramePosteriors {
  var generator = SeededGenerator(seed: seed)
  let model = PendulumModel()
  var means: [Double] = []
  var logVariances: [Double] = []
  for _ in 0..<sequences {
    var z = [generator.nextUniform(-1.2, 1.2), generator.nextUniform(-1, 1)]
    for _ in 0..<frames {
      means.append(contentsOf: z.map { $0 + 0.05 * generator.nextStandardNormal() })
      logVariances.append(contentsOf: [
        log(0.02 * 0.02) + generator.nextUniform(-1, 1),
        log(0.2 * 0.2) + generator.nextUniform(-1, 1),
      ])
      z = model.step(states: z, count: 1, parameters: [9.81, 0.1], jacobians: false).next
    }
  }
  return FramePosteriors(
    sequenceCount: sequences, frameCount: frames, dimension: 2, means: means,
    logVariances: logVariances)
}

/// A two-state model (position, velocity) whose observation is the position: h(z) = z_0.
protocol PositionObserved: TransitionModel {}

extension PositionObserved {
  var observationDimension: Int { 1 }

  func observe(states: [Double], count: Int, parameters: [Double], jacobians: Bool)
    -> ObservationEvaluation
  {
    ObservationEvaluation(
      observations: (0..<count).map { states[2 * $0] },
      jacobian: jacobians ? (0..<count).flatMap { _ in [1.0, 0.0] } : [],
      parameterJacobian: [Double](repeating: 0, count: jacobians ? count * parameterCount : 0))
  }
}

/// A pulsar-like prior: (u, v) turns at w, and the brightness is a pulse profile of the
/// phase atan2(v, u) (its name picks the built-in pulsar scene).
let pulsarLikePriorSource = """
  prior pulsar
  param w = 2*pi/1.2 in [0.1, 50]
  param s = 0.3 in [0.01, 3]
  u' = -w*v
  v' = w*u
  observe brightness = exp(-wrap(atan2(v, u))^2 / (2*s^2))
  noise u ~ 0.01
  noise v ~ 0.01
  init u ~ uniform(-1, 1)
  init v ~ uniform(-1, 1)
  dt = 0.05
  """
