import Foundation
import Testing
import Video

@testable import PhysicsVAE

/// A run folder edited or damaged by hand gives an error naming the file and the problem.
@Suite struct RunFolderTests {
  @Test func aVideoTooShortForTheSequencesIsNamed() throws {
    let folder = temporaryFolder("short-video")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let (video, truth) = try Scene.pendulum.generate(sequences: 1, frames: 4, size: 32)
    try SceneDataset.write(video: video, truth: truth, to: folder)
    let path = folder + "/" + SceneDataset.videoFile
    var configuration = TrainingConfiguration()
    configuration.frameCount = 8
    #expect {
      _ = try TrainingData.clips(paths: [path], configuration: configuration)
    } throws: { error in
      "\(error)".hasPrefix("\(path): no clip holds 8 frames (the longest has 4)")
    }
  }

  @Test func aConfigurationWithUnusableValuesIsRejectedOnReading() throws {
    let folder = temporaryFolder("config-values")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = RunFolder(path: folder)
    let settings = RunSettings(
      configuration: TrainingConfiguration(), priorFile: "pendulum.prior", dataFiles: [],
      scene: "pendulum", dataSummary: "test")
    try run.writeSetup(priorSource: "", settings: settings)
    #expect(try run.readSettings() == settings)

    let json = try String(contentsOfFile: run.configurationPath, encoding: .utf8)
    for (valid, invalid, problem) in [
      ("\"size\" : 32", "\"size\" : 7", "the frame size must be 32 or 64 (got 7)"),
      ("\"frameCount\" : 40", "\"frameCount\" : -1", "at least 2 frames (got -1)"),
      ("\"warmupEpochs\" : 0", "\"warmupEpochs\" : -1", "at least 0 (got -1.0)"),
    ] {
      #expect(json.contains(valid))
      try json.replacingOccurrences(of: valid, with: invalid)
        .write(toFile: run.configurationPath, atomically: true, encoding: .utf8)
      do {
        _ = try run.readSettings()
        Issue.record("\(invalid) was accepted")
      } catch {
        #expect(
          error.description.hasPrefix("\(run.configurationPath): not a valid run configuration"))
        #expect(error.description.contains(problem))
      }
    }
  }
}
