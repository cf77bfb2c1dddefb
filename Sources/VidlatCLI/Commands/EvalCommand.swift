import Foundation
import PhysicsVAE
import Video

/// `vidlat eval RUNDIR [--data VIDEO --truth CSV] [--json]`: latent recovery, learned
/// parameters and reconstruction quality of a trained run.
struct EvalCommand: Command {
  static let configuration = CommandConfiguration(
    name: "eval", abstract: "Score a trained run against ground truth.",
    discussion: """
      Per configuration variable: R^2 of the posterior mean with no fitted scale (a sign \
      flip allowed when the prior is symmetric) and after an affine fit; each learnable \
      parameter with its unit, a 95% interval (value ± half-width, from the sandwich standard \
      error of KL_trans on the sequences with the networks fixed), the value KL_trans alone \
      gives, and its relative error when the truth is known; reconstruction PSNR. Without \
      --data, uses the run's validation sequences (with their truth for a built-in scene). \
      --data may be a folder written by 'vidlat dataset'. --scan NAME=V1,V2,... instead \
      prints, with the networks fixed, the physics terms KL_trans and KL_marg and their \
      derivatives with respect to a parameter at each value: where the terms would put it; \
      --scan-plot FILE.svg also draws both terms against the value, with the learned and \
      the true value. Example: vidlat eval runs/pendulum --json; vidlat eval runs/spring --scan \
      c=0,0.15,0.3,0.45 --scan-plot runs/spring/scan-c.svg
      """,
    arguments: [
      .argument("rundir", help: "The run folder."),
      .option("data", value: "video", help: "Video or 'vidlat dataset' folder to score on."),
      .option("truth", value: "csv", help: "Ground-truth CSV of --data."),
      .checkpoint,
      .option(
        "scan", value: "name=v1,v2,...",
        help: "Scan a parameter: the KL terms and their derivatives at each value."),
      .option(
        "scan-plot", value: "file.svg",
        help: "With --scan: draw KL_trans and KL_marg against the value (SVG)."),
      .flag("json", help: "Print the report as JSON."),
    ])

  var run: String
  var data: String?
  var truth: String?
  var checkpoint: TrainedRun.Checkpoint
  /// The parameter to scan and its values (`--scan`).
  var scan: (name: String, values: [Double])?
  /// Where to draw the scan (`--scan-plot`).
  var scanPlot: String?
  var json: Bool

  init(arguments: ParsedArguments) throws(UsageError) {
    run = try arguments.value("rundir", as: .existingDirectory)
    data = try arguments.optionalValue("data", as: .string)
    truth = try arguments.optionalValue("truth", as: .existingFile)
    checkpoint = try arguments.checkpoint()
    json = arguments.flag("json")
    if let text = try arguments.optionalValue("scan", as: .string) {
      scan = try Self.parseScan(text)
    }
    scanPlot = try arguments.optionalValue("scan-plot", as: .string)
  }

  /// `name=v1,v2,...` with at least one finite value.
  static func parseScan(_ text: String) throws(UsageError) -> (name: String, values: [Double]) {
    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
    let values = parts.count == 2 ? parts[1].split(separator: ",").map { Double($0) } : []
    guard parts.count == 2, !parts[0].isEmpty, !values.isEmpty,
      values.allSatisfy({ $0?.isFinite ?? false })
    else {
      throw UsageError(
        "invalid value '\(text)' for '--scan <name=v1,v2,...>'",
        hint: "give a parameter and finite values, e.g. --scan c=0,0.15,0.3")
    }
    return (parts[0], values.compactMap { $0 })
  }

  func validate() throws(UsageError) {
    if truth != nil && data == nil { throw UsageError("--truth needs --data") }
    if scanPlot != nil && scan == nil {
      throw UsageError(
        "--scan-plot needs --scan", hint: "give the values, e.g. --scan c=0,0.15,0.3")
    }
    if let scanPlot, !scanPlot.hasSuffix(".svg") {
      throw UsageError(
        "invalid value '\(scanPlot)' for '--scan-plot <file.svg>'",
        hint: "the picture is SVG: name it .svg")
    }
  }

  func run(context: CommandContext) throws {
    var trained = try TrainedRun(path: run, checkpoint: checkpoint)
    let sequences: VideoSequencesWithTruth
    if let data {
      let loaded = try trained.sequences(from: data, truthPath: truth)
      sequences = VideoSequencesWithTruth(video: loaded.video, truth: loaded.truth)
    } else {
      let heldOut = try trained.heldOutSequences()
      sequences = VideoSequencesWithTruth(video: heldOut.video, truth: heldOut.truth)
    }
    let output = context.standardOutput
    if let scan {
      try printScan(scan, trained: &trained, sequences: sequences, output: output)
      return
    }
    let report = try trained.evaluate(sequences: sequences.video, truth: sequences.truth)
    if json {
      output.writeLine(try Self.json(report))
      return
    }
    output.writeLine("\(sequences.video.count) sequences of \(sequences.video.length) frames")
    if report.variables.isEmpty {
      output.writeLine("no ground truth: latent recovery not scored")
    } else {
      var table = Table(
        headers: ["variable", "R^2 (no fit)", "R^2 (affine)"], alignments: [.left, .right, .right])
      for variable in report.variables {
        table.append([
          variable.name, String(format: "%.4f", variable.rSquared),
          String(format: "%.4f", variable.affineRSquared),
        ])
      }
      output.write(table.render(for: output))
    }
    output.write(ParameterTable.render(report.parameters, for: output))
    output.writeLine(String(format: "reconstruction PSNR: %.2f dB", report.reconstructionPSNR))
  }

  /// The `--scan` table (or JSON): one row per value; and the `--scan-plot` picture.
  func printScan(
    _ scan: (name: String, values: [Double]), trained: inout TrainedRun,
    sequences scored: VideoSequencesWithTruth, output: TextOutput
  ) throws {
    let sequences = scored.video
    guard
      let points = try trained.parameterScan(
        sequences: sequences, name: scan.name, values: scan.values),
      let plot = trained.scanPlot(
        points, name: scan.name, truth: scored.truth?.column(scan.name)?.first)
    else {
      let names = trained.prior.model.parameters.map(\.name).joined(separator: ", ")
      throw UsageError(
        "--scan: the prior has no parameter '\(scan.name)'", hint: "its parameters: \(names)")
    }
    if let scanPlot { try plot.write(to: scanPlot) }
    if json {
      output.writeLine(try Self.json(points))
      return
    }
    let weights = trained.settings.configuration.schedule
    output.writeLine(
      "\(sequences.count) sequences of \(sequences.length) frames; networks fixed; "
        + "loss gradient = \(weights.transitionWeight) dKL_trans + \(weights.marginalWeight) dKL_marg"
    )
    var table = Table(
      headers: [
        scan.name, "KL_trans", "dKL_trans/d\(scan.name)", "KL_marg", "dKL_marg/d\(scan.name)",
        "loss gradient",
      ], alignments: [.right, .right, .right, .right, .right, .right])
    for point in points {
      let total =
        weights.transitionWeight * point.transitionGradient + weights.marginalWeight
        * point.marginalGradient
      table.append(
        [
          point.value, point.transitionKL, point.transitionGradient, point.marginalKL,
          point.marginalGradient, total,
        ].map { String(format: "%.5g", $0) })
    }
    output.write(table.render(for: output))
    if let scanPlot { output.writeLine("wrote \(scanPlot)") }
  }

  /// `value` as sorted, indented JSON; non-finite numbers as "inf", "-inf", "nan".
  static func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }
}

/// Sequences with their truth, when known.
struct VideoSequencesWithTruth {
  var video: VideoSequences
  var truth: GroundTruth?
}
