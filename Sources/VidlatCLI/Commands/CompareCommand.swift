import Foundation
import PhysicsVAE
import Video
import VideoPrediction

/// `vidlat compare RUN... [--data VIDEO] [--samples N] [--plot FILE.svg]`: trained runs side
/// by side on the same sequences (`Comparison` for physics runs, `SVGTrainedRun.comparisonScores`
/// for SVG runs, on the frames `Comparison.admit` accepts).
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
      SVG runs (vidlat train --model svg-...) may stand beside physics runs, scored on the \
      same frames: their kind (svg-lp, ...), their PSNR and SSIM from one sampled future per \
      sequence, weights and training time; '-' for the rest (their validation loss is in \
      other units, and they have no latent to recover). --samples N scores every run by the \
      best of N futures sampled per sequence (SVG's protocol; a physics run samples from \
      its prior as 'predict --samples' does). 'weights' counts trainable scalars. \
      --plot FILE.svg draws PSNR and SSIM against the horizon, one line per run. Example: \
      vidlat compare runs/pendulum runs/pendulum-gp runs/svg-lp --data test --samples 20
      """,
    arguments: [
      .argument("runs", value: "rundir", arity: .variadic, help: "The run folders."),
      .option(
        "data", value: "video",
        help: "Video or 'vidlat dataset' folder to score on (default: the validation sequences)."),
      .option(
        "samples", value: "n",
        help: "Score every run by the best of n sampled futures (default: physics runs' mean "
          + "prediction, SVG runs' one sample)."),
      .option("plot", value: "file.svg", help: "Draw PSNR and SSIM against the horizon (SVG)."),
      .checkpoint,
    ])

  var runs: [String]
  var data: String?
  var samples: Int?
  var plot: String?
  var checkpoint: TrainedRun.Checkpoint

  init(arguments: ParsedArguments) throws(UsageError) {
    runs = try arguments.values("runs", as: .existingDirectory)
    data = try arguments.optionalValue("data", as: .string)
    samples = try arguments.optionalValue("samples", as: .integer(in: 1...100_000))
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
    let physics = runs.filter { !SVGRunFolder.isSVGRun($0) }
    var comparison = try Comparison.compare(
      paths: physics, data: data, checkpoint: checkpoint, samples: samples)
    var svgRuns: [SVGRunScores] = []
    for path in runs where SVGRunFolder.isSVGRun(path) {
      var run = try SVGTrainedRun(
        path: path, checkpoint: SVGTrainedRun.Checkpoint(rawValue: checkpoint.rawValue) ?? .best)
      let (video, summary) = try run.comparisonSequences(
        data: data, minimumLength: Comparison.context + 1)
      try comparison.admit(path: path, video: video, summary: summary)
      svgRuns.append(
        try run.comparisonScores(
          path: path, video: video, context: Comparison.context, samples: samples))
    }
    let output = context.standardOutput
    output.writeLine(
      "\(pluralized(comparison.sequenceCount, "sequence")) of "
        + "\(pluralized(comparison.sequenceLength, "frame")); prediction from "
        + "\(Comparison.context) frames"
        + (samples.map { ", the best of \(pluralized($0, "sampled future")) per sequence" } ?? ""))
    let rows = runs.compactMap { path in
      comparison.runs.first { $0.path == path }.map(Row.init)
        ?? svgRuns.first { $0.path == path }.map(Row.init)
    }
    output.write(Self.table(rows, horizons: comparison.horizons).render(for: output))
    if !comparison.skippedHorizons.isEmpty {
      output.writeLine(
        (comparison.skippedHorizons.count == 1 ? "horizon " : "horizons ")
          + comparison.skippedHorizons.map(String.init).joined(separator: ", ")
          + " skipped: the sequences allow at most \(comparison.longestHorizon) frames after "
          + "the \(Comparison.context) of context")
    }
    if !comparison.hasTruth, !physics.isEmpty {
      output.writeLine("no ground truth: latent recovery not scored")
    }
    if let plot {
      try Plot.writePanels(
        Comparison.predictionPlots(
          lines: rows.map { ("\($0.path) (\($0.kind), \($0.prediction))", $0.psnr, $0.ssim) },
          horizons: comparison.longestHorizon, sequences: comparison.sequenceCount), to: plot)
      output.writeLine("-> \(plot)")
    }
  }

  /// One line of the table: a physics run's `RunScores` or an SVG run's `SVGRunScores`, with
  /// `nil` where a score does not apply.
  struct Row {
    var path: String
    var prior: String
    var kind: String
    var validationLoss: Double?
    var variables: [VariableRecovery]
    var procrustes: ProcrustesFit?
    var parameters: [ParameterRecovery]
    var weights: Int
    var prediction: String
    var psnr: [Double]
    var ssim: [Double]
    var trainingSeconds: Double?

    init(_ run: RunScores) {
      (path, prior, kind, validationLoss) = (
        run.path, run.priorName, run.priorKind, run.validation?.total
      )
      (variables, procrustes, parameters) = (run.variables, run.procrustes, run.parameters)
      (weights, prediction, psnr, ssim) = (
        run.parameterCount, run.predictionName, run.psnr, run.ssim
      )
      trainingSeconds = run.trainingSeconds
    }

    init(_ run: SVGRunScores) {
      (path, prior, kind, validationLoss) = (run.path, "-", run.modelName, nil)
      (variables, procrustes, parameters) = ([], nil, [])
      (weights, prediction, psnr, ssim) = (
        run.parameterCount, run.predictionName, run.psnr, run.ssim
      )
      trainingSeconds = run.trainingSeconds
    }
  }

  /// One row per run: what it is, then its scores (`-` where there is none).
  static func table(_ rows: [Row], horizons: [Int]) -> Table {
    var headers = [
      "run", "prior", "kind", "val loss", "R^2", "R^2 aff", "Procr. MSE", "Procr. R^2",
    ]
    headers += ["params", "weights", "pred"]
    headers += horizons.flatMap { ["PSNR@\($0)", "SSIM@\($0)"] }
    headers += ["train s"]
    let alignments: [Table.Alignment] =
      [.left, .left, .left] + [Table.Alignment](repeating: .right, count: headers.count - 3)
    var table = Table(headers: headers, alignments: alignments)
    for run in rows {
      let mean = { (values: [Double]) -> String in
        values.isEmpty ? "-" : format(values.reduce(0, +) / Double(values.count), "%.3f")
      }
      var row = [run.path, run.prior, run.kind]
      row.append(run.validationLoss.map { format($0, "%.2f") } ?? "-")
      row.append(mean(run.variables.map(\.rSquared)))
      row.append(mean(run.variables.map(\.affineRSquared)))
      row.append(run.procrustes.map { format($0.meanSquaredError, "%.4f") } ?? "-")
      row.append(run.procrustes.map { format($0.rSquared, "%.3f") } ?? "-")
      row.append(
        run.parameters.isEmpty
          ? "-"
          : run.parameters.map { "\($0.name)=" + format($0.learned, "%.4g") }.joined(
            separator: " "))
      row.append(String(run.weights))
      row.append(run.prediction)
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
