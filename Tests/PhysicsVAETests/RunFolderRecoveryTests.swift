import Foundation
import PriorLanguage
import Testing

@testable import PhysicsVAE

/// A run folder left by a run stopped early, damaged or not a run at all: what each command
/// does with it, and what its error says.
@Suite struct RunFolderRecoveryTests {
  private static var pendulumPath: String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Priors/pendulum.prior").path
  }

  private func settings() -> TrainingSettings {
    TrainingSettings(configuration: tinyConfiguration(epochs: 1), adaptation: .plainDefaults)
  }

  /// The setup of a run that was stopped before its first checkpoint.
  private func stoppedBeforeItsFirstCheckpoint(_ folder: String) throws -> RunFolder {
    let run = RunFolder(path: folder)
    try run.writeSetup(
      priorSource: try String(contentsOfFile: Self.pendulumPath, encoding: .utf8),
      settings: RunSettings(
        configuration: tinyConfiguration(epochs: 1), priorFile: Self.pendulumPath,
        dataFiles: [], scene: "pendulum", dataSummary: "test"))
    return run
  }

  @Test func aRunWithoutACheckpointStartsAgain() throws {
    let folder = temporaryFolder("no-checkpoint-start")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try stoppedBeforeItsFirstCheckpoint(folder)
    #expect(!run.holdsRun)
    let trainer = try Trainer.start(
      priorFile: Self.pendulumPath, dataFiles: [], settings: settings(), runPath: folder)
    #expect(trainer.state.progress.completedEpochs == 0)
  }

  @Test func aRunWithoutACheckpointResumesFromTheStart() throws {
    let folder = temporaryFolder("no-checkpoint-resume")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try stoppedBeforeItsFirstCheckpoint(folder)
    let trainer = try Trainer.resume(runPath: folder, priorFile: Self.pendulumPath)
    #expect(trainer.state.progress.completedEpochs == 0)
    #expect(trainer.state.progress.stepInEpoch == 0)
  }

  @Test func aFolderWithoutConfigurationIsNotARunFolder() throws {
    let folder = temporaryFolder("not-a-run")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try RunFolder(path: folder).prepare()
    #expect {
      _ = try TrainedRun(path: folder)
    } throws: { error in
      "\(error)" == "\(folder): not a run folder: no config.json"
    }
  }

  @Test func aCorruptConfigurationNamesTheKey() throws {
    let folder = temporaryFolder("corrupt-config")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try stoppedBeforeItsFirstCheckpoint(folder)
    let json = try String(contentsOfFile: run.configurationPath, encoding: .utf8)
    var withoutPriorFile = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    withoutPriorFile["priorFile"] = nil
    for (corrupt, problem) in [
      (
        json.replacingOccurrences(of: "\"size\" : 32", with: "\"size\" : \"big\""),
        "'configuration.size' is not a valid Int"
      ),
      (
        String(
          decoding: try JSONSerialization.data(withJSONObject: withoutPriorFile), as: UTF8.self),
        "missing key 'priorFile'"
      ),
      ("{" + json, "not valid JSON"),
    ] {
      try corrupt.write(toFile: run.configurationPath, atomically: true, encoding: .utf8)
      #expect {
        _ = try run.readSettings()
      } throws: { error in
        let message = "\(error)"
        return message == "\(run.configurationPath): not a valid run configuration: \(problem)"
          && !message.contains("DecodingError") && !message.contains("CodingKeys")
      }
    }
  }

  @Test func aCorruptBestCheckpointPointsAtTheLatest() throws {
    let folder = temporaryFolder("corrupt-best")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try stoppedBeforeItsFirstCheckpoint(folder)
    for file in [run.bestCheckpointPath, run.latestCheckpointPath] {
      try "damaged".write(toFile: file, atomically: true, encoding: .utf8)
    }
    #expect {
      _ = try TrainedRun(path: folder)
    } throws: { error in
      "\(error)".contains(run.bestCheckpointPath + ": ")
        && "\(error)".contains("give --checkpoint latest to load the run's latest state")
    }
    #expect {
      _ = try TrainedRun(path: folder, checkpoint: .latest)
    } throws: { error in
      "\(error)".contains(run.latestCheckpointPath + ": ") && !"\(error)".contains("--checkpoint")
    }
  }
}
