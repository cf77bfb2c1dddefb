import Engine
import Foundation
import Testing
import Video
import VidlatSupport

@testable import VideoPrediction

/// A tiny SVG run on the bounce scene: 16 x 16 frames, filters 2, g 8, z 2, LSTMs of 8, two
/// context and two future frames; 8 sequences of 6 frames (6 train, 2 validation), so 18
/// training windows (stride 1) in 5 steps of 4.
func tinyTraining(_ variant: SVGVariant = .learnedPrior, epochs: Int = 3)
  -> SVGTrainingConfiguration
{
  var c = SVGTrainingConfiguration(variant: variant)
  c.model = tinyConfiguration(variant)
  c.model.encodingSize = 8
  c.lstmHidden = 8
  c.epochs = epochs
  c.batchSize = 4
  c.learningRate = 1e-2
  c.data = SVGDataSource(scene: "bounce")
  c.data.sceneSequences = 8
  c.data.frames = 6
  c.seed = 3
  return c
}

/// Runs `body` with a fresh temporary folder, removed afterwards.
func withTemporaryFolder<Result>(_ body: (String) throws -> Result) throws -> Result {
  let path = NSTemporaryDirectory() + "svg-trainer-tests-\(UUID().uuidString)"
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: path) }
  return try body(path)
}

/// The metrics without the wall-clock seconds, which differ between any two runs.
func withoutSeconds(_ records: [SVGEpochRecord]) -> [SVGEpochRecord] {
  records.map {
    var record = $0
    record.seconds = 0
    return record
  }
}

@Suite struct SVGTrainerTests {
  /// Training writes the run folder and lowers the loss, on the training and the validation
  /// windows.
  @Test func trainingLowersTheLossAndWritesTheRunFolder() throws {
    try withTemporaryFolder { folder in
      let trainer = try SVGTrainer.start(
        configuration: tinyTraining(epochs: 6), runPath: folder + "/run")
      #expect(trainer.windows.count == 18 && trainer.stepsPerEpoch == 5)
      var steps = 0
      var epochs: [Int] = []
      try trainer.train(report: { event in
        switch event {
        case .step: steps += 1
        case .epoch(let record): epochs.append(record.epoch)
        case .stopped: Issue.record("stopped without being asked")
        }
      })
      #expect(steps == 30 && epochs == Array(1...6))
      let records = trainer.state.progress.records
      #expect(records.last!.train.value < 0.7 * records.first!.train.value)
      #expect(records.last!.validation.value < 0.7 * records.first!.validation.value)
      #expect(records.allSatisfy { $0.train.kl > 0 })
      let run = SVGRunFolder(path: folder + "/run")
      #expect(try run.readConfiguration() == trainer.configuration)
      let metrics = try String(contentsOfFile: run.metricsPath, encoding: .utf8)
      #expect(metrics.hasPrefix(SVGMetricsTable.header + "\n"))
      #expect(metrics.split(separator: "\n").count == 7)
      #expect(FileManager.default.fileExists(atPath: run.bestCheckpointPath))
      let best = try SVGTrainedRun(path: folder + "/run")
      #expect(
        best.records.count == records.firstIndex {
          $0.validation.value == records.map(\.validation.value).min()
        }! + 1)
    }
  }

  /// A run stopped in the middle of an epoch and resumed from its latest checkpoint ends with
  /// the same metrics and parameters as a run never stopped.
  @Test func resumingAStoppedRunMatchesAnUnbrokenOne() throws {
    try withTemporaryFolder { folder in
      let straight = try SVGTrainer.start(configuration: tinyTraining(), runPath: folder + "/a")
      try straight.train()

      let first = try SVGTrainer.start(configuration: tinyTraining(), runPath: folder + "/b")
      var steps = 0
      var stopped: (epoch: Int, step: Int)?
      try first.train(
        shouldStop: {
          steps += 1
          return steps == 7
        },
        report: { event in
          if case .stopped(let epoch, let step) = event { stopped = (epoch, step) }
        })
      #expect(stopped?.epoch == 2 && stopped?.step == 2)
      #expect(first.state.progress.records.count == 1)
      let resumed = try SVGTrainer.resume(runPath: folder + "/b")
      #expect(resumed.state.progress.completedEpochs == 1)
      #expect(resumed.state.progress.stepInEpoch == 2)
      try resumed.train()

      #expect(
        withoutSeconds(resumed.state.progress.records)
          == withoutSeconds(straight.state.progress.records))
      #expect(
        resumed.state.model.namedParameters.map(\.value)
          == straight.state.model.namedParameters.map(\.value))
      #expect(resumed.state.optimizer.step == straight.state.optimizer.step)
    }
  }

  /// `resume` with more epochs trains on from where the run ended and saves the new count.
  @Test func resumingWithMoreEpochsTrainsOn() throws {
    try withTemporaryFolder { folder in
      try SVGTrainer.start(configuration: tinyTraining(epochs: 1), runPath: folder).train()
      let longer = try SVGTrainer.resume(runPath: folder, epochs: 2)
      try longer.train()
      #expect(longer.state.progress.records.map(\.epoch) == [1, 2])
      #expect(try SVGRunFolder(path: folder).readConfiguration().epochs == 2)
    }
  }

  /// Folders that hold no SVG run, a corrupt checkpoint, and a folder that already holds a
  /// run are refused, naming the file and the problem.
  @Test func refusesWhatIsNotAUsableRun() throws {
    try withTemporaryFolder { folder in
      #expect(throws: SVGTrainingError.runFolder("\(folder): not a run folder: no config.json")) {
        try SVGTrainer.resume(runPath: folder)
      }
      try #"{"batchSize": 16, "frameCount": 40}"#.write(
        toFile: folder + "/config.json", atomically: true, encoding: .utf8)
      #expect(!SVGRunFolder.isSVGRun(folder))
      #expect(
        throws: SVGTrainingError.runFolder(
          "\(folder)/config.json: not an SVG run (no \"method\": \"svg\")")
      ) { try SVGTrainer.resume(runPath: folder) }

      let runPath = folder + "/run"
      try SVGTrainer.start(configuration: tinyTraining(epochs: 1), runPath: runPath).train()
      #expect(SVGRunFolder.isSVGRun(runPath))
      do {
        _ = try SVGTrainer.start(configuration: tinyTraining(epochs: 1), runPath: runPath)
        Issue.record("started over a run")
      } catch let error as SVGTrainingError {
        #expect(error.description.contains("already holds a run"))
      }
      let latest = SVGRunFolder(path: runPath).latestCheckpointPath
      var bytes = [UInt8](FileManager.default.contents(atPath: latest)!)
      bytes[bytes.count / 2] ^= 0xFF
      try Data(bytes).write(to: URL(fileURLWithPath: latest))
      do {
        _ = try SVGTrainer.resume(runPath: runPath)
        Issue.record("resumed from a corrupt checkpoint")
      } catch let error as SVGTrainingError {
        #expect(error.description.hasPrefix("checkpoint \(latest): "))
        #expect(error.description.contains("checksum"))
      }
      try FileManager.default.removeItem(atPath: SVGRunFolder(path: runPath).bestCheckpointPath)
      do {
        _ = try SVGTrainedRun(path: runPath)
        Issue.record("loaded a missing checkpoint")
      } catch let error as SVGTrainingError {
        #expect(error.description.contains("best.ckpt: no such checkpoint"))
      }
    }
  }

  /// Settings that cannot train are refused before anything is written.
  @Test func refusesBadConfigurations() throws {
    var c = tinyTraining()
    c.data.frames = 3
    #expect(c.problem?.contains("shorter than a training window") == true)
    c = tinyTraining()
    c.model.imageSize = 24
    #expect(c.problem?.contains("power of two") == true)
    c = tinyTraining()
    c.data = SVGDataSource(scene: nil, paths: [])
    #expect(c.problem == "give either a built-in scene or data paths")
    c = tinyTraining()
    c.data = SVGDataSource(paths: ["/no/such/video.y4m"])
    try withTemporaryFolder { folder in
      #expect(throws: SVGTrainingError.self) {
        try SVGTrainer.start(configuration: c, runPath: folder + "/run")
      }
      #expect(!FileManager.default.fileExists(atPath: folder + "/run/config.json"))
    }
  }

  /// The configuration survives config.json: a default one and a changed one.
  @Test func configurationRoundTripsThroughJSON() throws {
    var c = tinyTraining(.fixedPrior)
    c.gradientClip = 5
    c.model.hiddenActivation = .tanh
    for configuration in [SVGTrainingConfiguration(), c] {
      let data = try JSONEncoder.runFolder.encode(configuration)
      #expect(
        try JSONDecoder.runFolder.decode(SVGTrainingConfiguration.self, from: data)
          == configuration)
    }
  }

  /// Sampled prediction on a trained run scores every validation sequence, shows the first,
  /// and repeats under the same seed.
  @Test func predictsSampledFuturesOfATrainedRun() throws {
    try withTemporaryFolder { folder in
      try SVGTrainer.start(configuration: tinyTraining(epochs: 1), runPath: folder).train()
      var run = try SVGTrainedRun(path: folder, checkpoint: .latest)
      let sequences = try run.validationSequences()
      #expect(sequences.count == 2 && sequences.length == 6)
      let prediction = try run.predict(
        sequences: sequences, context: 2, horizon: 4, samples: 3, seed: 5, rowBudget: 3)
      #expect(prediction.scores.sequences == 2 && prediction.scores.samples == 3)
      #expect(prediction.scores.bestSSIM.allSatisfy { $0.count == 4 && $0.allSatisfy(\.isFinite) })
      #expect(prediction.truth.frameCount == 6 && prediction.best.frameCount == 6)
      #expect(prediction.others.count == 2)
      #expect(prediction.best.pixels[..<(2 * 256)] == prediction.truth.pixels[..<(2 * 256)])
      let again = try run.predict(
        sequences: sequences, context: 2, horizon: 4, samples: 3, seed: 5, rowBudget: 3)
      #expect(again.scores == prediction.scores)
      #expect(throws: SVGTrainingError.self) {
        try run.predict(sequences: sequences, context: 2, horizon: 5, samples: 3)
      }
    }
  }
}
