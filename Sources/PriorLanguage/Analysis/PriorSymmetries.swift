import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The symmetries of a prior that decide how a latent can be recovered and trained: checked
/// numerically, once, on one set of draws of p0 with one tolerance.
///
/// - **Sign symmetry**: F(-z) = -F(z) and h(-z) = +h(z) or -h(z). The KL terms and the
///   likelihood then cannot tell z from -z, so a latent recovered with the opposite sign is
///   equally right (the pendulum, the spring; not a falling body, whose gravity picks a
///   direction).
/// - **Equivariant planes**: planes (z_i, z_j) in which a rotation T commutes with the step,
///   F(T z) = T F(z), checked for two angles. The KL terms fix the latent only up to such a
///   rotation.
/// - **Phase planes**: equivariant planes that the step turns (by at least 1e-4 rad) and whose
///   radius h ignores (h(z) = h(S z) with S scaling the plane by 0.5 and by 2): the video shows
///   only the plane's angle, a phase (the pulsar's (u, v)).
///
/// Two values agree when |a - b| <= 1e-9 (1 + max(|a|, |b|)): exact symmetries hold to
/// rounding, and the priors that break one break it by far more.
public struct PriorSymmetries: Sendable, Equatable {
  public var isSignSymmetric: Bool
  public var equivariantPlanes: [StatePlane]
  public var phasePlanes: [PhasePlane]

  /// The draws of p0 every check uses, and their seed: the same analysis for every run.
  public static let draws = 16
  public static let seed: UInt64 = 0

  public init(isSignSymmetric: Bool, equivariantPlanes: [StatePlane], phasePlanes: [PhasePlane]) {
    self.isSignSymmetric = isSignSymmetric
    self.equivariantPlanes = equivariantPlanes
    self.phasePlanes = phasePlanes
  }

  /// The symmetries of a prior at its parameters' initial values.
  public init(_ description: PriorModel) {
    if let symmetries = Self.withoutDynamics(description.kind) {
      self = symmetries
    } else {
      self.init(CompiledPrior(description), parameters: description.parameters.map(\.value))
    }
  }

  /// The symmetries of `model` with `parameters`.
  public init(_ model: any TransitionModel, parameters: [Double]) {
    var generator = SeededGenerator(seed: Self.seed)
    let d = model.stateDimension
    let n = Self.draws
    let states = model.sampleInitialStates(count: n, using: &generator)
    func step(_ z: [Double]) -> [Double] {
      model.step(states: z, count: n, parameters: parameters, jacobians: false).next
    }
    func observe(_ z: [Double]) -> [Double] {
      model.observe(states: z, count: n, parameters: parameters, jacobians: false).observations
    }
    let next = step(states)
    let seen = observe(states)

    let negated = states.map { -$0 }
    let flippedSeen = observe(negated)
    isSignSymmetric =
      Self.agree(step(negated), next.map { -$0 })
      && (Self.agree(flippedSeen, seen) || Self.agree(flippedSeen, seen.map { -$0 }))

    var equivariant: [StatePlane] = []
    for i in 0..<d {
      for j in (i + 1)..<d {
        let plane = StatePlane(first: i, second: j)
        let commutes = [1.0, 2.5].allSatisfy { angle in
          Self.agree(
            step(plane.rotate(states, dimension: d, angle: angle)),
            plane.rotate(next, dimension: d, angle: angle))
        }
        if commutes { equivariant.append(plane) }
      }
    }
    equivariantPlanes = equivariant

    phasePlanes = equivariant.compactMap { plane in
      let radiusFree = [0.5, 2.0].allSatisfy {
        Self.agree(observe(plane.scale(states, dimension: d, by: $0)), seen)
      }
      guard radiusFree else { return nil }
      // The angle of one step, averaged over the draws off the plane's origin.
      var angles: [Double] = []
      for k in 0..<n {
        let (x, y) = (states[k * d + plane.first], states[k * d + plane.second])
        let (fx, fy) = (next[k * d + plane.first], next[k * d + plane.second])
        guard x * x + y * y > 1e-12, fx * fx + fy * fy > 1e-12 else { continue }
        angles.append(abs(atan2(x * fy - y * fx, x * fx + y * fy)))
      }
      guard !angles.isEmpty else { return nil }
      let angle = angles.reduce(0, +) / Double(angles.count)
      guard angle >= 1e-4 else { return nil }
      return PhasePlane(plane: plane, stepsPerTurn: 2 * Double.pi / angle)
    }
  }

  /// Whether every pair of values agrees to the relative tolerance 1e-9, and is finite.
  static func agree(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count
      && zip(a, b).allSatisfy { x, y in
        x.isFinite && y.isFinite && abs(x - y) <= 1e-9 * (1 + max(abs(x), abs(y)))
      }
  }
}

/// A plane (z_first, z_second) of the state, first < second.
public struct StatePlane: Sendable, Equatable, Hashable {
  public var first: Int
  public var second: Int

  public init(first: Int, second: Int) {
    self.first = first
    self.second = second
  }

  /// `states` (count x d) with the plane turned by `angle`:
  /// (z_i cos a - z_j sin a, z_i sin a + z_j cos a).
  public func rotate(_ states: [Double], dimension d: Int, angle: Double) -> [Double] {
    let (c, s) = (cos(angle), sin(angle))
    var result = states
    for n in 0..<(states.count / d) {
      let (x, y) = (states[n * d + first], states[n * d + second])
      result[n * d + first] = c * x - s * y
      result[n * d + second] = s * x + c * y
    }
    return result
  }

  /// `states` (count x d) with the plane's components multiplied by `factor`.
  public func scale(_ states: [Double], dimension d: Int, by factor: Double) -> [Double] {
    var result = states
    for n in 0..<(states.count / d) {
      result[n * d + first] *= factor
      result[n * d + second] *= factor
    }
    return result
  }

  /// The plane's angle atan2(z_second, z_first) in each row of `states` (count x d).
  public func angles(_ states: [Double], dimension d: Int) -> [Double] {
    (0..<(states.count / d)).map { atan2(states[$0 * d + second], states[$0 * d + first]) }
  }
}

/// A state plane that the video shows only by its angle and that the prior turns once every
/// `stepsPerTurn` steps (2 pi over the angle of one step).
public struct PhasePlane: Sendable, Equatable {
  public var plane: StatePlane
  public var stepsPerTurn: Double

  public init(plane: StatePlane, stepsPerTurn: Double) {
    self.plane = plane
    self.stepsPerTurn = stepsPerTurn
  }
}
