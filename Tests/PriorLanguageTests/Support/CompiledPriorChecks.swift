import Testing
import VidlatSupport

@testable import PriorLanguage

/// States from p0 of `model`, seeded.
func sampleStates(_ prior: CompiledPrior, count: Int, seed: UInt64) -> [Double] {
  var generator = SeededGenerator(seed: seed)
  return prior.sampleInitialStates(count: count, using: &generator)
}

/// J and dF/dtheta of `model`'s compiled step against central differences of F.
func checkStepJacobians(_ model: PriorModel) {
  let prior = CompiledPrior(model)
  let (d, p) = (prior.stateDimension, prior.parameterCount)
  let count = 6
  let z = sampleStates(prior, count: count, seed: 5)
  // Parameters away from zero so that every parameter's influence is exercised.
  let theta = prior.defaultParameters.map { $0 == 0 ? 0.3 : $0 }
  let exact = prior.step(states: z, count: count, parameters: theta, jacobians: true)
  #expect(exact.next.count == count * d)
  #expect(exact.stateJacobian.count == count * d * d)
  #expect(exact.parameterJacobian.count == count * d * p)
  let h = 1e-6
  for j in 0..<d {
    var plus = z
    var minus = z
    for n in 0..<count {
      plus[n * d + j] += h
      minus[n * d + j] -= h
    }
    let fPlus = prior.step(states: plus, count: count, parameters: theta, jacobians: false).next
    let fMinus = prior.step(states: minus, count: count, parameters: theta, jacobians: false).next
    for n in 0..<count {
      for i in 0..<d {
        let central = (fPlus[n * d + i] - fMinus[n * d + i]) / (2 * h)
        let symbolic = exact.stateJacobian[(n * d + i) * d + j]
        #expect(
          Swift.abs(symbolic - central) <= 1e-6 * (1 + Swift.abs(central)),
          "\(model.name) \(model.integrator) dF\(i)/dz\(j) sample \(n): \(symbolic) vs \(central)"
        )
      }
    }
  }
  for j in 0..<p {
    var plus = theta
    var minus = theta
    plus[j] += h
    minus[j] -= h
    let fPlus = prior.step(states: z, count: count, parameters: plus, jacobians: false).next
    let fMinus = prior.step(states: z, count: count, parameters: minus, jacobians: false).next
    for n in 0..<count {
      for i in 0..<d {
        let central = (fPlus[n * d + i] - fMinus[n * d + i]) / (2 * h)
        let symbolic = exact.parameterJacobian[(n * d + i) * p + j]
        #expect(
          Swift.abs(symbolic - central) <= 1e-6 * (1 + Swift.abs(central)),
          "\(model.name) \(model.integrator) dF\(i)/dtheta\(j) sample \(n): \(symbolic) vs \(central)"
        )
      }
    }
  }
}

/// The derivatives of J = dF/dz with respect to the state and the parameters
/// (`stepJacobianDerivatives`) against central differences of the compiled J.
func checkStepJacobianDerivatives(_ model: PriorModel) {
  let prior = CompiledPrior(model)
  let (d, p) = (prior.stateDimension, prior.parameterCount)
  let count = 5
  let z = sampleStates(prior, count: count, seed: 7)
  let theta = prior.defaultParameters.map { $0 == 0 ? 0.3 : $0 }
  let exact = prior.stepJacobianDerivatives(states: z, count: count, parameters: theta)
  #expect(exact.count == count * d * d * (d + p))
  let h = 1e-5
  for a in 0..<(d + p) {
    var (zPlus, zMinus, thetaPlus, thetaMinus) = (z, z, theta, theta)
    if a < d {
      for n in 0..<count {
        zPlus[n * d + a] += h
        zMinus[n * d + a] -= h
      }
    } else {
      thetaPlus[a - d] += h
      thetaMinus[a - d] -= h
    }
    let jPlus = prior.step(states: zPlus, count: count, parameters: thetaPlus, jacobians: true)
      .stateJacobian
    let jMinus = prior.step(states: zMinus, count: count, parameters: thetaMinus, jacobians: true)
      .stateJacobian
    for entry in 0..<(count * d * d) {
      let central = (jPlus[entry] - jMinus[entry]) / (2 * h)
      let symbolic = exact[entry * (d + p) + a]
      #expect(
        Swift.abs(symbolic - central) <= 1e-6 * (1 + Swift.abs(central)),
        "\(model.name) \(model.integrator) dJ[\(entry)]/d\(a < d ? "z" : "theta")\(a < d ? a : a - d): \(symbolic) vs \(central)"
      )
    }
  }
}

/// dh/dz and dh/dtheta of `model` against central differences of h, away from kinks.
func checkObservationJacobian(_ model: PriorModel) {
  let prior = CompiledPrior(model)
  let (d, o, p) = (prior.stateDimension, prior.observationDimension, prior.parameterCount)
  let count = 8
  let z = sampleStates(prior, count: count, seed: 9)
  let theta = prior.defaultParameters
  let exact = prior.observe(states: z, count: count, parameters: theta, jacobians: true)
  #expect(exact.parameterJacobian.count == count * o * p)
  let h = 1e-6
  var compared = 0
  for n in 0..<count {
    // Columns 0..<d move z_j, columns d..<d+p move theta_(j-d).
    for j in 0..<(d + p) {
      func value(_ delta: Double) -> [Double] {
        var s = Array(z[n * d..<(n + 1) * d])
        var t = theta
        if j < d { s[j] += delta } else { t[j - d] += delta }
        return prior.observe(states: s, count: 1, parameters: t, jacobians: false)
          .observations
      }
      let (plus, zero, minus) = (value(h), value(0), value(-h))
      for k in 0..<o {
        let central = (plus[k] - minus[k]) / (2 * h)
        // Skip points next to a kink (wrap's jump), where one-sided differences disagree.
        guard Swift.abs((plus[k] - zero[k]) - (zero[k] - minus[k])) / h < 1e-3 else { continue }
        let symbolic =
          j < d
          ? exact.jacobian[(n * o + k) * d + j] : exact.parameterJacobian[(n * o + k) * p + j - d]
        #expect(
          Swift.abs(symbolic - central) <= 1e-6 * (1 + Swift.abs(central)),
          "\(model.name) dh\(k)/d\(j < d ? "z\(j)" : "theta\(j - d)"): \(symbolic) vs \(central)")
        compared += 1
      }
    }
  }
  #expect(compared >= count * (d + p) * o - 2)
}

/// The Float evaluation of F, J and dF/dtheta agrees with the Double one.
func checkFloatAgreesWithDouble(_ model: PriorModel) {
  let prior = CompiledPrior(model)
  let count = 40
  let z = sampleStates(prior, count: count, seed: 17)
  let theta = prior.defaultParameters
  let double = prior.step(
    states: z, count: count, parameters: theta, jacobians: .stateAndParameters)
  let float = prior.step(
    states: z.map { Float($0) }, count: count, parameters: theta, jacobians: .stateAndParameters)
  let doubleObservations = prior.observe(
    states: z, count: count, parameters: theta, jacobians: true)
  let floatObservations = prior.observe(
    states: z.map { Float($0) }, count: count, parameters: theta, jacobians: true)
  let doubleDynamics = prior.dynamics(states: z, count: count, parameters: theta)
  let floatDynamics = prior.dynamics(states: z.map { Float($0) }, count: count, parameters: theta)
  for (a, b) in [
    (double.next, float.next), (double.stateJacobian, float.stateJacobian),
    (double.parameterJacobian, float.parameterJacobian), (doubleDynamics, floatDynamics),
    (doubleObservations.observations, floatObservations.observations),
    (doubleObservations.jacobian, floatObservations.jacobian),
    (doubleObservations.parameterJacobian, floatObservations.parameterJacobian),
  ] {
    #expect(a.count == b.count)
    for (x, y) in zip(a, b) {
      #expect(Swift.abs(x - Double(y)) <= 1e-5 * (1 + Swift.abs(x)))
    }
  }
}

/// An RK4 of the pendulum written out by hand agrees with the compiled prior's rollouts of
/// `pendulum` (states x, x'; parameters k, c) over 200 steps to 1e-6.
func checkPendulumRollout(_ pendulum: PriorModel) {
  let prior = CompiledPrior(pendulum)
  let (k, c, dt) = (9.81, 0.2, pendulum.dt)
  var theta = prior.defaultParameters
  for (j, parameter) in pendulum.parameters.enumerated() {
    if parameter.name == "k" { theta[j] = k }
    if parameter.name == "c" { theta[j] = c }
  }
  let simulation = prior.simulate(
    steps: 200, samples: 3, seed: 1, noise: false, parameters: theta,
    initialStates: [1.2, 0, -0.5, 1.5, 3.0, -2.0])
  func g(_ x: Double, _ v: Double) -> (Double, Double) { (v, -k * Double.sin(x) - c * v) }
  for sample in 0..<3 {
    let initial = Array(simulation.state(sample: sample, step: 0))
    var (x, v) = (initial[0], initial[1])
    for step in 1...200 {
      let k1 = g(x, v)
      let k2 = g(x + dt / 2 * k1.0, v + dt / 2 * k1.1)
      let k3 = g(x + dt / 2 * k2.0, v + dt / 2 * k2.1)
      let k4 = g(x + dt * k3.0, v + dt * k3.1)
      x += dt / 6 * (k1.0 + 2 * k2.0 + 2 * k3.0 + k4.0)
      v += dt / 6 * (k1.1 + 2 * k2.1 + 2 * k3.1 + k4.1)
      let compiled = Array(simulation.state(sample: sample, step: step))
      #expect(Swift.abs(compiled[0] - x) <= 1e-6 && Swift.abs(compiled[1] - v) <= 1e-6)
      #expect(simulation.observation(sample: sample, step: step).first == compiled[0])
    }
  }
}
