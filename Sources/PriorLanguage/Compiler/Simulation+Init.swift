extension Simulation {
  /// Draws of a prior made elsewhere (the paths of a Gaussian-process prior) as a
  /// simulation: `states` is `samples x (steps + 1) x d` and `observations`
  /// `samples x (steps + 1) x o`, sample-major.
  public init(
    drawsOf stateNames: [String], observationNames: [String], dt: Double, steps: Int,
    samples: Int, states: [Double], observations: [Double]
  ) {
    precondition(states.count == samples * (steps + 1) * stateNames.count)
    precondition(observations.count == samples * (steps + 1) * observationNames.count)
    self.init(
      stateNames: stateNames, observationNames: observationNames, dt: dt, steps: steps,
      samples: samples, states: states, observations: observations)
  }
}
