import Foundation

extension Trainer {
  /// Turns the latent by the rotation `LatentAlignment` chooses on the first 32 training
  /// sequences, if the prior has an equivariant plane; logs and reports what it did, and
  /// why (`occasion`). Adam's moments for the turned weights stay as they were.
  func alignLatent(epoch: Int, occasion: String, report: (TrainingEvent) -> Void)
    throws(TrainingError)
  {
    let planes = symmetries.equivariantPlanes
    let indices = Array(0..<min(data.train.count, 32))
    guard !planes.isEmpty, !indices.isEmpty else { return }
    let prior = currentPrior
    let frames = gather(data.train, indices)
    var model = state.model
    guard
      let posteriors = try? model.encode(
        frames: frames, sequences: indices.count, frameCount: data.train.length),
      let choice = LatentAlignment.choose(
        means: posteriors.means, frames: frames,
        pixels: data.train.pixelsPerFrame, model: prior.transition,
        parameters: prior.parameters, planes: planes)
    else { return }
    state.model.rotateMeans(plane: choice.plane, angle: choice.angle)
    let names = description.states.map(\.name)
    let message =
      "epoch \(epoch): \(occasion); the latent (\(names[choice.plane.first]), "
      + "\(names[choice.plane.second])) turned by "
      + String(format: "%.0f", choice.angle * 180 / Double.pi)
      + " degrees, where h explains the frames best (linear-fit residual "
      + String(format: "%.1f, from %.1f)", choice.residual, choice.unrotatedResidual)
    try run.appendLog(message)
    report(.aligned(message))
  }
}
