/// Times F + J (one RK4 step and its Jacobian dF/dz) of the pendulum through
/// `CompiledPrior` against the same functions written by hand in Swift, batched the same
/// way, in one run.
///
/// Repetitions alternate between the two so that both see the same machine conditions; each
/// side's time is the median over repetitions. Run it from a release build
/// (`vidlat bench prior`); debug builds measure the compiler's debug code, not the method.
public enum PriorBenchmark {
  /// What `run` measured.
  public struct Report: Sendable, CustomStringConvertible {
    /// States per evaluation.
    public var batch: Int
    public var repetitions: Int
    /// F + J evaluations (one per state) per second through the compiled prior.
    public var compiledPerSecond: Double
    /// F + J evaluations per second through the hand-written Swift.
    public var handWrittenPerSecond: Double
    /// Largest difference between the two sides' F and J entries (both compute the same).
    public var maximumDifference: Double

    /// Compiled speed as a fraction of hand-written speed (1 = as fast).
    public var ratio: Double { compiledPerSecond / handWrittenPerSecond }

    public var description: String {
      func rate(_ r: Double) -> String { String(Int((r / 1e3).rounded())) + "k" }
      return """
        pendulum F+J (rk4 step and dF/dz), batch \(batch), median of \(repetitions) repetitions
          compiled prior:     \(rate(compiledPerSecond)) evaluations/s
          hand-written Swift: \(rate(handWrittenPerSecond)) evaluations/s
          ratio compiled/hand-written: \((ratio * 1000).rounded() / 1000)
          largest difference between the two: \(maximumDifference)
        """
    }
  }

  /// Why the benchmark cannot run on a model.
  public struct ModelError: Error, CustomStringConvertible {
    public var description: String
  }

  /// Benchmarks `pendulum` (a model with states `x, x'`, parameters `k` and `c` and
  /// `x'' = -k*sin(x) - c*x'`, such as Priors/pendulum.prior), always with RK4.
  ///
  /// - Throws: `ModelError` if the model lacks two states or the parameters `k` and `c`.
  public static func run(pendulum: PriorModel, batch: Int = 4096, repetitions: Int = 31) throws
    -> Report
  {
    guard pendulum.states.count == 2,
      let kIndex = pendulum.parameters.firstIndex(where: { $0.name == "k" }),
      let cIndex = pendulum.parameters.firstIndex(where: { $0.name == "c" })
    else {
      throw ModelError(
        description: "prior '\(pendulum.name)' is not the pendulum: the benchmark needs states "
          + "x, x' and parameters k and c")
    }
    var model = pendulum
    model.integrator = .rk4
    let prior = CompiledPrior(model)
    let parameters = prior.defaultParameters
    let (k, c, dt) = (parameters[kIndex], parameters[cIndex], model.dt)
    let count = Swift.max(batch, 1)
    // Angles over the whole swing range, velocities of both signs.
    let states = (0..<count).flatMap { n -> [Double] in
      let u = Double(n) / Double(count)
      return [3 * u - 1.5, 2 * (1 - u) - 1]
    }

    var compiled = prior.step(
      states: states, count: count, parameters: parameters, jacobians: .state)
    var hand = handWrittenStep(states: states, count: count, k: k, c: c, dt: dt)
    let clock = ContinuousClock()
    var compiledTimes: [Double] = []
    var handTimes: [Double] = []
    for _ in 0..<Swift.max(repetitions, 1) {
      compiledTimes.append(
        seconds(
          clock.measure {
            compiled = prior.step(
              states: states, count: count, parameters: parameters, jacobians: .state)
          }))
      handTimes.append(
        seconds(
          clock.measure { hand = handWrittenStep(states: states, count: count, k: k, c: c, dt: dt) }
        ))
    }
    let difference =
      zip(compiled.next + compiled.stateJacobian, hand.next + hand.jacobian)
      .map { Swift.abs($0 - $1) }.max() ?? 0
    // Both sides compute the same numbers when the model is the pendulum (up to rounding);
    // a model with the right names but other equations is not comparable.
    guard difference <= 1e-9 else {
      throw ModelError(
        description: "prior '\(pendulum.name)' is not the pendulum x'' = -k*sin(x) - c*x': its "
          + "step differs from the hand-written one by \(difference)")
    }
    return Report(
      batch: count, repetitions: compiledTimes.count,
      compiledPerSecond: Double(count) / median(compiledTimes),
      handWrittenPerSecond: Double(count) / median(handTimes), maximumDifference: difference)
  }

  private static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }

  private static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return Swift.max(sorted[sorted.count / 2], 1e-12)
  }

  /// The pendulum's RK4 step F and J = dF/dz written out by hand: for
  /// G(x, v) = (v, -k sin x - c v), each stage's slope Jacobian is
  /// [[0, 1], [-k cos x_s, -c]] times the stage state's Jacobian S_s = I + h K_{s-1}.
  static func handWrittenStep(states: [Double], count: Int, k: Double, c: Double, dt: Double)
    -> (next: [Double], jacobian: [Double])
  {
    var next = [Double](repeating: 0, count: 2 * count)
    var jacobian = [Double](repeating: 0, count: 4 * count)
    let h = dt / 2
    for n in 0..<count {
      let x = states[2 * n]
      let v = states[2 * n + 1]
      // Stage 1.
      let a1 = -k * Double.cos(x)
      let k1x = v
      let k1v = -k * Double.sin(x) - c * v
      // K1 = A1 (S1 = I), rows (dx, dv) by columns (x, v).
      let (p1, q1, r1, s1) = (0.0, 1.0, a1, -c)
      // Stage 2 at z + h k1, S2 = I + h K1.
      let x2 = x + h * k1x
      let v2 = v + h * k1v
      let a2 = -k * Double.cos(x2)
      let k2x = v2
      let k2v = -k * Double.sin(x2) - c * v2
      let (e2, f2, g2, i2) = (1 + h * p1, h * q1, h * r1, 1 + h * s1)
      let (p2, q2, r2, s2) = (g2, i2, a2 * e2 - c * g2, a2 * f2 - c * i2)
      // Stage 3 at z + h k2.
      let x3 = x + h * k2x
      let v3 = v + h * k2v
      let a3 = -k * Double.cos(x3)
      let k3x = v3
      let k3v = -k * Double.sin(x3) - c * v3
      let (e3, f3, g3, i3) = (1 + h * p2, h * q2, h * r2, 1 + h * s2)
      let (p3, q3, r3, s3) = (g3, i3, a3 * e3 - c * g3, a3 * f3 - c * i3)
      // Stage 4 at z + dt k3.
      let x4 = x + dt * k3x
      let v4 = v + dt * k3v
      let a4 = -k * Double.cos(x4)
      let k4x = v4
      let k4v = -k * Double.sin(x4) - c * v4
      let (e4, f4, g4, i4) = (1 + dt * p3, dt * q3, dt * r3, 1 + dt * s3)
      let (p4, q4, r4, s4) = (g4, i4, a4 * e4 - c * g4, a4 * f4 - c * i4)
      let w = dt / 6
      next[2 * n] = x + w * (k1x + 2 * k2x + 2 * k3x + k4x)
      next[2 * n + 1] = v + w * (k1v + 2 * k2v + 2 * k3v + k4v)
      jacobian[4 * n] = 1 + w * (p1 + 2 * p2 + 2 * p3 + p4)
      jacobian[4 * n + 1] = w * (q1 + 2 * q2 + 2 * q3 + q4)
      jacobian[4 * n + 2] = w * (r1 + 2 * r2 + 2 * r3 + r4)
      jacobian[4 * n + 3] = 1 + w * (s1 + 2 * s2 + 2 * s3 + s4)
    }
    return (next, jacobian)
  }
}
