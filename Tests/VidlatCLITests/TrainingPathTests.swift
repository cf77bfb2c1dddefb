import Foundation
import PhysicsVAE
import Testing

@testable import VidlatCLI

/// One training path: `vidlat train` and a Swift program that asks `Trainer.start` for the
/// same settings train the same run, bit for bit, including the settings the trainer chooses
/// for a prior with a phase plane.
@Suite struct TrainingPathTests {
  /// metrics.csv without its `seconds` column.
  func metricsWithoutSeconds(_ run: String) throws -> [String] {
    let text = try String(contentsOfFile: run + "/metrics.csv", encoding: .utf8)
    return text.split(separator: "\n").map { line in
      var fields = line.split(separator: ",", omittingEmptySubsequences: false)
      fields.remove(at: 1)
      return fields.joined(separator: ",")
    }
  }

  @Test(arguments: ["pendulum", "pulsar"]) func theCommandLineAndTheLibraryTrainAlike(
    prior: String
  ) throws {
    try withTemporaryDirectory { folder in
      let context = CommandContext.capturing()
      let status = VidlatCLI.run(
        [
          "train", "--prior", VidlatCLITests.prior(prior), "--out", folder + "/cli", "--epochs",
          "2",
          "--batch", "2", "--frames", "8", "--sequences", "4", "--seed", "5", "--beta-m", "20",
        ], context: context)
      #expect(status == 0, "\(context.standardError.text)")

      var settings = TrainingSettings()
      settings.configuration.schedule.epochs = 2
      settings.configuration.batchSize = 2
      settings.configuration.frameCount = 8
      settings.configuration.sceneSequences = 4
      settings.configuration.seed = 5
      settings.configuration.schedule.marginalWeight = 20
      settings.given = [.epochs, .batch, .frames, .sequences, .seed, .marginalWeight]
      let trainer = try Trainer.start(
        priorFile: VidlatCLITests.prior(prior), dataFiles: [], settings: settings,
        runPath: folder + "/library")
      try trainer.train()

      let cli = try RunFolder(path: folder + "/cli").readSettings()
      let library = try RunFolder(path: folder + "/library").readSettings()
      #expect(cli.configuration == library.configuration)
      #expect(library.configuration.schedule.marginalWeight == 20)
      // The pulsar's settings were chosen by the trainer in both: a window of one turn, as
      // much of it as 8 frames hold.
      #expect(library.configuration.window == (prior == "pulsar" ? 7 : 3))
      #expect(trainer.choices.isEmpty == (prior == "pendulum"))
      let metrics = try metricsWithoutSeconds(folder + "/cli")
      #expect(metrics.count == 3)
      #expect(metrics == (try metricsWithoutSeconds(folder + "/library")))
    }
  }

  /// The run-folder rules are the trainer's: a folder that holds a run is refused, and a
  /// resume with a different prior file is refused, whoever asks.
  @Test func theTrainerKeepsTheRunFolderRules() throws {
    try withTemporaryDirectory { folder in
      var settings = TrainingSettings()
      settings.configuration.schedule.epochs = 1
      settings.configuration.batchSize = 2
      settings.configuration.frameCount = 4
      settings.configuration.sceneSequences = 4
      let run = folder + "/run"
      try Trainer.start(
        priorFile: VidlatCLITests.prior("pendulum"), dataFiles: [], settings: settings, runPath: run
      ).train()
      #expect(throws: TrainingError.self) {
        try Trainer.start(
          priorFile: VidlatCLITests.prior("pendulum"), dataFiles: [], settings: settings,
          runPath: run)
      }
      do {
        _ = try Trainer.resume(runPath: run, priorFile: VidlatCLITests.prior("spring"))
        Issue.record("a resume with another prior was accepted")
      } catch {
        #expect("\(error)".contains("differs from the prior the run in \(run)"))
      }
      #expect(
        try Trainer.resume(runPath: run, priorFile: VidlatCLITests.prior("pendulum")).run.path
          == run)
    }
  }
}
