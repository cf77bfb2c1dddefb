/// The first value of a rollout that is not finite: the equations, parameters or `dt` make
/// the state overflow (`exp(x*x)`), or leave the domain of a function (`log` of a negative).
public struct SimulationDivergence: Error, Equatable, Sendable, CustomStringConvertible {
  public var sample: Int
  public var step: Int
  /// The time of the step (`Simulation.time(ofStep:)`).
  public var time: Double
  /// The state component, or the observation written `h(x)`, that is not finite.
  public var name: String
  public var value: Double

  public var description: String {
    "the simulation is not finite: \(name) = \(value) at t = \(Expression.numberText(time)) "
      + "(step \(step) of sample \(sample)); check the equations, the parameters and dt"
  }
}

extension Simulation {
  /// The first non-finite state or observation in sample-major, then step order (states
  /// before observations within a step), or nil when every value is finite.
  public var divergence: SimulationDivergence? {
    let d = stateNames.count
    let o = observationNames.count
    let names = stateNames + observationNames.map { stateNames.contains($0) ? "h(\($0))" : $0 }
    for sample in 0..<samples {
      for step in 0...steps {
        let row = sample * (steps + 1) + step
        let values =
          Array(states[row * d..<(row + 1) * d]) + Array(observations[row * o..<(row + 1) * o])
        if let index = values.firstIndex(where: { !$0.isFinite }) {
          return SimulationDivergence(
            sample: sample, step: step, time: time(ofStep: step), name: names[index],
            value: values[index])
        }
      }
    }
    return nil
  }
}
