import Foundation
import PhysicsVAE
import Video
import VidlatSupport

/// `vidlat encode RUNDIR --data VIDEO [--out latents.csv] [--plot latents.svg]`.
struct EncodeCommand: Command {
  static let configuration = CommandConfiguration(
    name: "encode", abstract: "Encode a video into the physical state of a trained run.",
    discussion: """
      Writes one row per frame: sequence, frame, then the posterior mean and standard \
      deviation of every state component (for a Gaussian-process prior, of the path \
      posterior given all the frames of the sequence). Example: \
      vidlat encode runs/pendulum --data clip.mp4 --out latents.csv --plot latents.svg
      """,
    arguments: [
      .argument("rundir", help: "The run folder."),
      .checkpoint,
      .option("data", value: "video", required: true, help: "Video or 'vidlat dataset' folder."),
      .option("out", value: "csv", default: "latents.csv", help: "Where to write the latents."),
      .option("plot", value: "svg", help: "Also plot the first configuration variable."),
    ])

  var run: String
  var checkpoint: TrainedRun.Checkpoint
  var data: String
  var out: String
  var plot: String?

  init(arguments: ParsedArguments) throws(UsageError) {
    run = try arguments.value("rundir", as: .existingDirectory)
    checkpoint = try arguments.checkpoint()
    data = try arguments.value("data", as: .string)
    out = try arguments.value("out", as: .string)
    plot = try arguments.optionalValue("plot", as: .string)
  }

  func run(context: CommandContext) throws {
    var trained = try TrainedRun(path: run, checkpoint: checkpoint)
    let (video, truth) = try trained.sequences(from: data, truthPath: nil)
    let posteriors = try trained.physicsPrior.latentPosteriors(trained.encode(video))
    let names = trained.prior.model.states.map(\.name)
    let d = posteriors.dimension
    var text =
      (["sequence", "frame"] + names.map { "mean_\($0)" } + names.map { "sd_\($0)" })
      .joined(separator: ",") + "\n"
    for i in 0..<posteriors.count {
      let row =
        [String(i / video.length), String(i % video.length)]
        + (0..<d).map { String(posteriors.means[i * d + $0]) }
        + (0..<d).map { String(exp(0.5 * posteriors.logVariances[i * d + $0])) }
      text += row.joined(separator: ",") + "\n"
    }
    try AtomicFile.write(text, to: out)
    if let plot {
      try AtomicFile.write(
        RunFolder.latentPlot(
          description: trained.prior.model, posteriors: posteriors, sequence: 0, truth: truth,
          dt: trained.prior.model.dt
        ).svg(), to: plot)
    }
    context.standardOutput.writeLine(
      "\(posteriors.count) frames (\(video.count) sequences) -> \(out)"
        + (plot.map { ", \($0)" } ?? ""))
  }
}
