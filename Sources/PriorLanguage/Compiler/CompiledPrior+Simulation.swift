import VidlatSupport

/// Rollouts of a prior: `samples` trajectories of `steps + 1` states each (the initial
/// state, then one per step), with their observations h(z).
public struct Simulation: Sendable {
  /// The state component names (`x`, `x'`).
  public var stateNames: [String]
  /// The observation names.
  public var observationNames: [String]
  /// The time between two rows.
  public var dt: Double
  public var steps: Int
  public var samples: Int
  /// `samples x (steps + 1) x d`, row-major.
  public var states: [Double]
  /// `samples x (steps + 1) x o`, row-major.
  public var observations: [Double]

  /// The state of `sample` after `step` steps.
  public func state(sample: Int, step: Int) -> ArraySlice<Double> {
    let d = stateNames.count
    let start = (sample * (steps + 1) + step) * d
    return states[start..<start + d]
  }

  /// The observations of `sample` after `step` steps.
  public func observation(sample: Int, step: Int) -> ArraySlice<Double> {
    let o = observationNames.count
    let start = (sample * (steps + 1) + step) * o
    return observations[start..<start + o]
  }

  /// The time of `step`, `step * dt` rounded to 1e-9, so that step 3 of dt = 0.05 is 0.15
  /// (not 0.15000000000000002).
  public func time(ofStep step: Int) -> Double {
    (Double(step) * dt * 1e9).rounded() / 1e9
  }

  /// The rollouts as CSV: a header `t,sample,` then each state component and each
  /// observation by name (an observation named like a state component, as the default
  /// observation `x` is, is written `h(x)`), then one row per sample and step.
  public func csv() -> String {
    let observationColumns = observationNames.map { stateNames.contains($0) ? "h(\($0))" : $0 }
    var lines = [(["t", "sample"] + stateNames + observationColumns).joined(separator: ",")]
    lines.reserveCapacity(samples * (steps + 1) + 1)
    for sample in 0..<samples {
      for step in 0...steps {
        let values = state(sample: sample, step: step) + observation(sample: sample, step: step)
        lines.append(
          ([Expression.numberText(time(ofStep: step)), "\(sample)"] + values.map { "\($0)" })
            .joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension CompiledPrior {
  /// Rolls the prior out: `samples` initial states (given row-major `samples x d`, or drawn
  /// from p0), then `steps` steps of F, adding process noise N(0, diag(noise^2)) after each
  /// step when `noise` is true.
  ///
  /// One generator seeded with `seed` draws, in this order, the initial states (sample-major)
  /// and then the noise (step-major, then sample, then component), so a seed reproduces a
  /// simulation exactly. Negative `steps` or `samples` count as 0.
  public func simulate(
    steps requestedSteps: Int, samples requestedSamples: Int, seed: UInt64, noise: Bool = true,
    parameters: [Double]? = nil,
    initialStates: [Double]? = nil
  ) -> Simulation {
    let steps = Swift.max(requestedSteps, 0)
    let samples = Swift.max(requestedSamples, 0)
    let d = stateDimension
    let o = observationDimension
    let theta = parameters ?? defaultParameters
    var generator = SeededGenerator(seed: seed)
    var current = initialStates ?? sampleInitialStates(count: samples, using: &generator)
    precondition(current.count == samples * d, "initial states must be samples x \(d)")
    let rows = steps + 1
    var states = [Double](repeating: 0, count: samples * rows * d)
    var observations = [Double](repeating: 0, count: samples * rows * o)
    let noiseScale = processNoiseStandardDeviations
    for step in 0...steps {
      if step > 0 {
        current =
          self.step(states: current, count: samples, parameters: theta, jacobians: .none)
          .next
        if noise {
          for n in 0..<samples {
            for i in 0..<d {
              current[n * d + i] += noiseScale[i] * generator.nextStandardNormal()
            }
          }
        }
      }
      let h = observe(states: current, count: samples, parameters: theta, jacobians: false)
        .observations
      for n in 0..<samples {
        let row = n * rows + step
        for i in 0..<d { states[row * d + i] = current[n * d + i] }
        for k in 0..<o { observations[row * o + k] = h[n * o + k] }
      }
    }
    return Simulation(
      stateNames: model.states.map(\.name), observationNames: model.observations.map(\.name),
      dt: model.dt, steps: steps, samples: samples, states: states, observations: observations)
  }
}
