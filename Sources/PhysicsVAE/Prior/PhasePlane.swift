import PriorLanguage
import VidlatSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A plane (z_i, z_j) of the state that the video shows only by its angle: the pulsar's
/// (u, v), whose angle is the rotation phase.
///
/// Three properties, each checked numerically at the same draws of p0:
/// - one step of the transition is rotation-equivariant in the plane, F(T z) = T F(z)
///   (`LatentAlignment.equivariantPlanes`);
/// - the observation does not depend on the plane's radius: h(z) = h(S z), where S scales
///   (z_i, z_j) by 0.5 and by 2 (|difference| <= 1e-9 (1 + |h(z)|));
/// - one step turns the plane: the angle from (z_i, z_j) to F(z)'s is at least 1e-4 rad.
///
/// Such a state is hidden at single moments when h is narrow (a pulse), and the prior is
/// symmetric under its rotations, so the KL terms fix it only up to a turn
/// (`TrainingConfiguration.adoptPhaseSettings`).
public struct PhasePlane: Sendable, Equatable {
  /// The state components i < j of the plane.
  public var first: Int
  public var second: Int
  /// 2 pi over the angle that one step of the prior turns the plane: the frames of a turn.
  public var stepsPerTurn: Double

  public init(first: Int, second: Int, stepsPerTurn: Double) {
    self.first = first
    self.second = second
    self.stepsPerTurn = stepsPerTurn
  }

  /// The phase planes of a prior at its parameters' initial values, from 8 draws of p0 with
  /// a fixed seed (the same planes for every run).
  public static func find(in description: PriorModel) -> [PhasePlane] {
    var generator = SeededGenerator(seed: 0)
    return find(
      model: CompiledPrior(description), parameters: description.parameters.map(\.value),
      using: &generator)
  }

  /// The phase planes of `model` with `parameters`, from `samples` draws of p0.
  public static func find(
    model: any TransitionModel, parameters: [Double], samples: Int = 8,
    using generator: inout SeededGenerator
  ) -> [PhasePlane] {
    let d = model.stateDimension
    let states = model.sampleInitialStates(count: samples, using: &generator)
    let planes = LatentAlignment.equivariantPlanes(
      model: model, parameters: parameters, states: states)
    guard !planes.isEmpty else { return [] }
    let observed = model.observe(
      states: states, count: samples, parameters: parameters, jacobians: false
    ).observations
    let next = model.step(states: states, count: samples, parameters: parameters, jacobians: false)
      .next
    return planes.compactMap { plane in
      let (i, j) = plane
      let radiusFree = [0.5, 2.0].allSatisfy { scale in
        var scaled = states
        for n in 0..<samples {
          scaled[n * d + i] *= scale
          scaled[n * d + j] *= scale
        }
        let h = model.observe(
          states: scaled, count: samples, parameters: parameters, jacobians: false
        ).observations
        return zip(h, observed).allSatisfy { $0.isFinite && abs($0 - $1) <= 1e-9 * (1 + abs($1)) }
      }
      guard radiusFree else { return nil }
      // The angle of one step, averaged over the draws off the plane's origin.
      var angles: [Double] = []
      for n in 0..<samples {
        let (x, y) = (states[n * d + i], states[n * d + j])
        let (fx, fy) = (next[n * d + i], next[n * d + j])
        guard x * x + y * y > 1e-12, fx * fx + fy * fy > 1e-12 else { continue }
        angles.append(abs(atan2(x * fy - y * fx, x * fx + y * fy)))
      }
      guard !angles.isEmpty else { return nil }
      let angle = angles.reduce(0, +) / Double(angles.count)
      guard angle >= 1e-4 else { return nil }
      return PhasePlane(first: i, second: j, stepsPerTurn: 2 * Double.pi / angle)
    }
  }
}
