import Foundation
import VidlatSupport

extension Scene {
  /// The time derivative of the state, G(z; theta), for the scene's ODE.
  /// - Precondition: the scene's ``motion`` is `.differentialEquation`.
  func derivative(_ z: (Double, Double), _ p: [Double]) -> (Double, Double) {
    switch self {
    case .pendulum: (z.1, -p[0] * sin(z.0) - p[1] * z.1)
    case .spring: (z.1, -p[0] * z.0 - p[1] * z.1)
    case .falling: (z.1, -p[0] - p[1] * z.1)
    case .pulsar: (-p[0] * z.1, p[0] * z.0)
    case .gpball, .bounce: preconditionFailure("the \(rawValue) has no differential equation")
    }
  }

  /// The states at times 0, dt, ..., (frames - 1) dt from `initial`, integrated by classical
  /// fourth-order Runge-Kutta with `substeps` steps of dt / substeps between frames (global
  /// error O((dt / substeps)^4), far below a pixel at the default 20 substeps).
  /// - Precondition: the scene's ``motion`` is `.differentialEquation`.
  public func trajectory(
    from initial: [Double], frames: Int, dt: Double, parameters: SceneParameters,
    substeps: Int = 20
  ) -> [[Double]] {
    precondition(initial.count == 2, "scene states have two components")
    let h = dt / Double(max(1, substeps))
    let p = parameters.values
    var z = (initial[0], initial[1])
    var states: [[Double]] = []
    states.reserveCapacity(frames)
    for frame in 0..<frames {
      if frame > 0 {
        for _ in 0..<max(1, substeps) {
          let k1 = derivative(z, p)
          let k2 = derivative((z.0 + h / 2 * k1.0, z.1 + h / 2 * k1.1), p)
          let k3 = derivative((z.0 + h / 2 * k2.0, z.1 + h / 2 * k2.1), p)
          let k4 = derivative((z.0 + h * k3.0, z.1 + h * k3.1), p)
          z.0 += h / 6 * (k1.0 + 2 * k2.0 + 2 * k3.0 + k4.0)
          z.1 += h / 6 * (k1.1 + 2 * k2.1 + 2 * k3.1 + k4.1)
        }
      }
      states.append([z.0, z.1])
    }
    return states
  }

  /// A random initial state from the scene's range (see the shared naming table):
  /// pendulum |x0| in [0.5, 1.6] with random sign, x'0 = 0; spring |x0| in [0.3, 0.8],
  /// x'0 = 0; falling y0 in [-2, 2], y'0 in [7, 10]; pulsar phase in [0, 2 pi) on the circle.
  /// - Precondition: the scene's ``motion`` is `.differentialEquation` (a gpball path is
  ///   drawn whole, see ``GaussianProcessPath``; the bounce's turns at random, see
  ///   ``BouncingShapes``).
  public func sampleInitialState(using generator: inout SeededGenerator) -> [Double] {
    switch self {
    case .pendulum, .spring:
      let (low, high) = self == .pendulum ? (0.5, 1.6) : (0.3, 0.8)
      let magnitude = generator.nextUniform(low, high)
      return [generator.nextUnitDouble() < 0.5 ? -magnitude : magnitude, 0]
    case .falling:
      let y = generator.nextUniform(-2, 2)
      return [y, generator.nextUniform(7, 10)]
    case .pulsar:
      let phase = generator.nextUniform(0, 2 * Double.pi)
      return [cos(phase), sin(phase)]
    case .gpball, .bounce:
      preconditionFailure("the \(rawValue)'s paths are drawn whole, not from an initial state")
    }
  }

  /// The pulsar's pulse profile: b = exp(-wrap(phase)^2 / (2 s1^2))
  /// + a2 exp(-wrap(phase - pi)^2 / (2 s2^2)), with wrap to (-pi, pi].
  public static func pulseProfile(phase: Double, parameters: SceneParameters) -> Double {
    let s1 = parameters["s1"] ?? 0.25
    let a2 = parameters["a2"] ?? 0.45
    let s2 = parameters["s2"] ?? 0.2
    let main = wrapAngle(phase)
    let inter = wrapAngle(phase - Double.pi)
    let primary = exp(-main * main / (2 * s1 * s1))
    let secondary = a2 * exp(-inter * inter / (2 * s2 * s2))
    return primary + secondary
  }

  /// The angle wrapped to (-pi, pi].
  static func wrapAngle(_ angle: Double) -> Double {
    let twoPi = 2 * Double.pi
    var wrapped = angle.truncatingRemainder(dividingBy: twoPi)
    if wrapped > Double.pi { wrapped -= twoPi }
    if wrapped <= -Double.pi { wrapped += twoPi }
    return wrapped
  }
}
