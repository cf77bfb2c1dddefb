import Engine
import PriorLanguage
import Video
import VidlatSupport

extension RunFolder {
  /// Refreshes the run's pictures from the current model: `reconstruction.png` (the first
  /// validation sequences and their reconstructions D(h(mu))).
  func writePictures(
    model: inout VAE, prior: PhysicsPrior, description: PriorModel, data: TrainingData
  ) throws {
    let source = data.validation.count > 0 ? data.validation : data.train
    let shown = source.selecting(Array(0..<min(3, source.count)))
    let posteriors = try model.encode(shown)
    let frames = try model.render(
      states: posteriors.means, prior: prior.transition, parameters: prior.parameters)
    var rows: [FrameSheet.Row] = []
    for s in 0..<shown.count {
      let reconstruction = VideoSequences(
        count: 1, length: shown.length, height: shown.height, width: shown.width,
        framesPerSecond: shown.framesPerSecond,
        pixels: Array(
          frames[(s * shown.pixelsPerSequence)..<((s + 1) * shown.pixelsPerSequence)]),
        startFrames: [0])
      rows.append(FrameSheet.Row(label: "input \(s + 1)", video: shown.sequence(s)))
      rows.append(FrameSheet.Row(label: "recon \(s + 1)", video: reconstruction.sequence(0)))
    }
    try PNG.write(FrameSheet.picture(rows: rows, maxFrames: 20, step: 2), to: reconstructionPath)
  }
}
