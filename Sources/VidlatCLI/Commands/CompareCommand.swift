import Foundation
import PhysicsVAE
import Video

/// `vidlat compare RUN... [--data VIDEO] [--plot FILE.svg]`: trained runs side by side on
/// the same sequences (`Comparison`).
struct CompareCommand: Command {
  static let configuration = CommandConfiguration(
    name: "compare", abstract: "Compare trained runs (e.g. different priors) on one video.",
    discussion: """
      Scores every run on the same sequences: the runs' validation sequences (which must be \
      the same video for all; runs of different videos are refused, naming both) or --data, \
      a video or 'vidlat dataset' folder. One table: the prior's name and kind, the \
      validation loss per frame the run reported (the negative ELBO it optimises), latent \
      recovery with ground truth (mean R^2 over the variables with no fit and affine; \
      Procrustes MSE and R^2 of two latents named like truth columns, such as the gpball's \
      x and y), the learned parameters, the mean PSNR and SSIM of the frame 1, 10, 20 and \
      40 frames after 10 encoded ones, predicted by each prior (an i.i.d. prior, which links \
      no frame to the next, by linear extrapolation as in 'predict --extrapolate linear'; \
      the 'pred' column says which; horizons longer than the sequences are skipped, and \
      said so), and the training time from metrics.csv. \
      --plot FILE.svg draws PSNR and SSIM against the horizon, one line per run. Example: \
      vidlat compare runs/pendulum runs/pendulum-gp runs/pendulum-iid --plot compare.svg
      """,
    arguments: [
      .argument("runs", value: "rundir", arity: .variadic, help: "The run folders."),
      .option(
        "data", value: "video",
        help: "Video or 'vidlat dataset' folder to score on (default: the validation sequences)."),
      .option("plot", value: "file.svg", help: "Draw PSNR and SSIM against the horizon (SVG)."),
      .checkpoint,
    ])

  var runs: [String]
  var data: String?
  var plot: String?
  var checkpoint: TrainedRun.Checkpoint

  init(arguments: ParsedArguments) throws(UsageError) {
    runs = try arguments.values("runs", as: .existingDirectory)
    data = try arguments.optionalValue("data", as: .string)
    plot = try arguments.optionalValue("plot", as: .string)
    checkpoint = try arguments.checkpoint()
  }

  func validate() throws(UsageError) {
    if let plot, !plot.hasSuffix(".svg") {
      throw UsageError(
        "invalid value '\(plot)' for '--plot <file.svg>'", hint: "the picture is SVG: name it .svg")
    }
  }

  func run(context: CommandContext) throws {
    let comparison = try Comparison.compare(paths: runs, data: data, checkpoint: checkpoint)
    let output = context.standardOutput
    output.writeLine(
      "\(pluralized(comparison.sequenceCount, "sequence")) of "
        + "\(pluralized(comparison.sequenceLength, "frame")); prediction from "
        + "\(Comparison.context) frames")
    output.write(Self.table(comparison).render(for: output))
    if !comparison.skippedHorizons.isEmpty {
      output.writeLine(
        (comparison.skippedHorizons.count == 1 ? "horizon " : "horizons ")
          + comparison.skippedHorizons.map(String.init).joined(separator: ", ")
          + " skipped: the sequences allow at most \(comparison.longestHorizon) frames after "
          + "the \(Comparison.context) of context")
    }
    if !comparison.hasTruth { output.writeLine("no ground truth: latent recovery not scored") }
    if let plot {
      try Plot.writePanels(comparison.predictionPlots, to: plot)
      output.writeLine("-> \(plot)")
    }
  }

  /// One row per run: what it is, then its scores (`-` where there is none).
  static func table(_ comparison: Comparison) -> Table {
    let horizons = comparison.horizons
    var headers = [
      "run", "prior", "kind", "val loss", "R^2", "R^2 aff", "Procr. MSE", "Procr. R^2",
    ]
    headers += ["params", "pred"]
    headers += horizons.flatMap { ["PSNR@\($0)", "SSIM@\($0)"] }
    headers += ["train s"]
    let alignments: [Table.Alignment] =
      [.left, .left, .left] + [Table.Alignment](repeating: .right, count: headers.count - 3)
    var table = Table(headers: headers, alignments: alignments)
    for run in comparison.runs {
      let mean = { (values: [Double]) -> String in
        values.isEmpty ? "-" : format(values.reduce(0, +) / Double(values.count), "%.3f")
      }
      var row = [run.path, run.priorName, run.priorKind]
      row.append(run.validation.map { format($0.total, "%.2f") } ?? "-")
      row.append(mean(run.variables.map(\.rSquared)))
      row.append(mean(run.variables.map(\.affineRSquared)))
      row.append(run.procrustes.map { format($0.meanSquaredError, "%.4f") } ?? "-")
      row.append(run.procrustes.map { format($0.rSquared, "%.3f") } ?? "-")
      row.append(
        run.parameters.isEmpty
          ? "-"
          : run.parameters.map { "\($0.name)=" + format($0.learned, "%.4g") }.joined(
            separator: " "))
      row.append(run.extrapolation.rawValue)
      for h in horizons {
        row += [format(run.psnr[h - 1], "%.2f"), format(run.ssim[h - 1], "%.3f")]
      }
      row.append(run.trainingSeconds.map { format($0, "%.0f") } ?? "-")
      table.append(row)
    }
    return table
  }

  private static func format(_ value: Double, _ pattern: String) -> String {
    value.isFinite ? String(format: pattern, value) : value.isNaN ? "nan" : "\(value)"
  }
}
