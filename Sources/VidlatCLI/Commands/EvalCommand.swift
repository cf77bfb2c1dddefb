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
      parameter with its relative error; reconstruction PSNR. Without --data, uses the \
      run's validation sequences (with their truth for a built-in scene). --data may be a \
      folder written by 'vidlat dataset'. --scan NAME=V1,V2,... instead prints, with the \
      networks fixed, the physics terms KL_trans and KL_marg and their derivatives with \
      respect to a parameter at each value: where the terms would put it. Example: \
      vidlat eval runs/pendulum --json; vidlat eval runs/spring --scan c=0,0.15,0.3,0.45
      """,
    arguments: [
      .argument("rundir", help: "The run folder."),
      .option("data", value: "video", help: "Video or 'vidlat dataset' folder to score on."),
      .option("truth", value: "csv", help: "Ground-truth CSV of --data."),
      .checkpoint,
      .option(
        "scan", value: "name=v1,v2,...",
        help: "Scan a parameter: the KL terms and their derivatives at each value."),
      .flag("json", help: "Print the report as JSON."),
    ])

  var run: String
  var data: String?
  var truth: String?
  var checkpoint: TrainedRun.Checkpoint
  /// The parameter to scan and its values (`--scan`).
  var scan: (name: String, values: [Double])?
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
  }

  func run(context: CommandContext) throws {
    var trained = try TrainedRun(path: run, checkpoint: checkpoint)
    let sequences: VideoSequencesWithTruth
    if let data {
      let loaded = try trained.sequences(from: data, truthPath: truth)
      sequences = VideoSequencesWithTruth(video: loaded.video, truth: loaded.truth)
    } else {
      let validation = try trained.validationData()
      sequences = VideoSequencesWithTruth(
        video: validation.validation.count > 0 ? validation.validation : validation.train,
        truth: validation.validation.count > 0 ? validation.validationTruth : nil)
    }
    let output = context.standardOutput
    if let scan {
      try printScan(scan, trained: &trained, sequences: sequences.video, output: output)
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
    if !report.parameters.isEmpty {
      var table = Table(
        headers: ["parameter", "learned", "truth", "error"],
        alignments: [.left, .right, .right, .right])
      for parameter in report.parameters {
        table.append([
          parameter.name, String(format: "%.5g", parameter.learned),
          parameter.truth.map { String(format: "%.5g", $0) } ?? "-",
          Self.errorText(parameter),
        ])
      }
      output.write(table.render(for: output))
    }
    output.writeLine(String(format: "reconstruction PSNR: %.2f dB", report.reconstructionPSNR))
  }

  /// The `--scan` table (or JSON): one row per value.
  func printScan(
    _ scan: (name: String, values: [Double]), trained: inout TrainedRun,
    sequences: VideoSequences, output: TextOutput
  ) throws {
    guard
      let points = try trained.parameterScan(
        sequences: sequences, name: scan.name, values: scan.values)
    else {
      let names = trained.prior.model.parameters.map(\.name).joined(separator: ", ")
      throw UsageError(
        "--scan: the prior has no parameter '\(scan.name)'", hint: "its parameters: \(names)")
    }
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
  }

  /// `value` as sorted, indented JSON; non-finite numbers as "inf", "-inf", "nan".
  static func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// The relative error in percent, or the absolute error (`abs`) when the truth is 0, where
  /// `LatentRecovery.relativeError` returns |learned| and a percentage would mislead.
  static func errorText(_ parameter: ParameterRecovery) -> String {
    guard let error = parameter.relativeError, let truth = parameter.truth else { return "-" }
    return truth == 0 ? String(format: "%.4g abs", error) : String(format: "%.2f%%", 100 * error)
  }
}

/// Sequences with their truth, when known.
struct VideoSequencesWithTruth {
  var video: VideoSequences
  var truth: GroundTruth?
}
