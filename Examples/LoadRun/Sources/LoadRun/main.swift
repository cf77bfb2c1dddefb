// Loads a prior and (optionally) a trained run through vidlat's library API.
//
//     swift run --package-path Examples/LoadRun LoadRun [PRIOR] [RUNDIR]
//
// PRIOR defaults to Priors/pendulum.prior. With RUNDIR (a folder written by `vidlat train`)
// it also loads the networks and learned parameters, encodes fresh videos of the run's
// built-in scene and prints R^2 and the learned parameters.

import Foundation
import PhysicsVAE
import PriorLanguage
import Video

/// Prints `message` to standard error and exits with status 1.
func fail(_ message: String) -> Never {
  let text = message.hasSuffix("\n") ? message : message + "\n"
  FileHandle.standardError.write(Data("LoadRun: \(text)".utf8))
  exit(1)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count <= 2, !arguments.contains(where: { $0.hasPrefix("-") }) else {
  FileHandle.standardError.write(Data("usage: LoadRun [PRIOR] [RUNDIR]\n".utf8))
  exit(64)
}
let priorPath = arguments.first ?? "Priors/pendulum.prior"
let runPath = arguments.count == 2 ? arguments[1] : nil
if let runPath {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: runPath, isDirectory: &isDirectory),
    isDirectory.boolValue
  else { fail("\(runPath): no such run folder (write one with `vidlat train --out \(runPath)`)") }
}

// 1. Load and check a prior. Errors are values with rendered diagnostics.
let prior: Prior
do {
  prior = try Prior(contentsOfFile: priorPath)
} catch {
  fail("cannot load the prior\n\(error.rendered(colored: false))")
}
let model = prior.model
let stateNames = model.states.map(\.name)
let parameterNames = model.parameters.map(\.name)
print("prior \(model.name): dt = \(model.dt), integrator \(model.integrator.rawValue)")
print("  states: \(stateNames.joined(separator: ", "))")
for parameter in model.parameters {
  let range = parameter.range.map { " in [\($0.lowerBound), \($0.upperBound)]" } ?? ""
  print(
    "  param \(parameter.name) = \(parameter.value)\(range)\(parameter.isLearnable ? " learn" : "")"
  )
}
for (state, rhs) in zip(stateNames, model.dynamics) {
  print("  d\(state)/dt = \(rhs.text(stateNames: stateNames, parameterNames: parameterNames))")
}

// 2. Compile it and take one batched step of F with its Jacobian dF/dz.
let compiled = CompiledPrior(model)
let d = compiled.stateDimension
let start = [Double](repeating: 0, count: d).enumerated().map { $0.offset == 0 ? 1.0 : $0.element }
let step = compiled.step(
  states: start, count: 1, parameters: compiled.defaultParameters, jacobians: true)
print("one step from \(start): \(step.next.map { String(format: "%.6f", $0) })")
print("  dF/dz = \(step.stateJacobian.map { String(format: "%.4f", $0) })")

// 3. Override a parameter (as `--set` does) and roll both versions out for 2 s.
func finalState(of prior: Prior) -> [Double] {
  let compiled = CompiledPrior(prior.model)
  let steps = Int((2 / prior.model.dt).rounded())
  let rollout = compiled.simulate(
    steps: steps, samples: 1, seed: 0, noise: false, initialStates: start)
  return Array(rollout.state(sample: 0, step: steps))
}
if let first = model.parameters.first {
  let changed = first.value * 2
  do {
    let overridden = try prior.applying([Override(parsing: "\(first.name)=\(changed)")])
    print("after 2 s: \(finalState(of: prior).map { String(format: "%.4f", $0) })")
    print(
      "after 2 s with \(first.name)=\(changed): "
        + "\(finalState(of: overridden).map { String(format: "%.4f", $0) })")
  } catch {
    print("override rejected:\n\(error.rendered(colored: false))")
  }
}

// 4. Load a trained run and measure what it learned on fresh videos of its scene.
guard let runPath else { exit(0) }

var run: TrainedRun
do {
  run = try TrainedRun(path: runPath)
} catch {
  fail("cannot load the run: \(error)")
}
print(
  "run \(runPath): prior \(run.prior.model.name), \(run.records.count) epochs, size \(run.size)")
for (parameter, value) in zip(run.prior.model.parameters, run.parameters)
where parameter.isLearnable {
  print("  learned \(parameter.name) = \(String(format: "%.4f", value)) (file: \(parameter.value))")
}
guard let scene = run.scene else {
  print("the run trained on its own videos; evaluate it with `vidlat eval \(runPath) --data ...`")
  exit(0)
}
do {
  // Fresh sequences (seed 123, not the training seed) at the run's size and frame rate.
  let (video, truth) = try scene.generate(
    sequences: 16, frames: 40, size: run.size, dt: run.prior.model.dt, seed: 123)
  let posteriors = try run.encode(video)
  print(
    "encoded \(posteriors.sequenceCount) x \(posteriors.frameCount) frames into "
      + "\(posteriors.dimension) latents; first frame mean: "
      + "\(posteriors.means.prefix(posteriors.dimension).map { String(format: "%.3f", $0) })")
  let report = try run.evaluate(sequences: video, truth: truth)
  for variable in report.variables {
    print(
      "  R^2(\(variable.name)) = \(String(format: "%.4f", variable.rSquared)) (no fit), "
        + "\(String(format: "%.4f", variable.affineRSquared)) (affine)")
  }
  print("  reconstruction PSNR \(String(format: "%.2f", report.reconstructionPSNR)) dB")
} catch {
  fail("\(runPath): \(error)")
}
