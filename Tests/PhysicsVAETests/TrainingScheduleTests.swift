import Testing

@testable import PhysicsVAE

/// `TrainingSchedule`: what each step does, the events between steps, and its description.
@Suite struct TrainingScheduleTests {
  /// The plain defaults: parameters held for 20 epochs, variances for 10, the reconstruction
  /// from the start, no cuts, full KL weights.
  @Test func plainDefaultsStepByStep() {
    let schedule = TrainingSchedule()
    let start = schedule.plan(at: 0)
    #expect(!start.updatesParameters)
    #expect(start.loss.variances == .held && start.loss.reconstruction == .trained)
    #expect(start.loss.windowCutFraction == 0)
    #expect(start.loss.weights == KLWeights(transition: 10, marginal: 1))
    #expect(schedule.plan(at: 9.99).loss.variances == .held)
    #expect(schedule.plan(at: 10).loss.variances == .encoded)
    #expect(!schedule.plan(at: 19.99).updatesParameters)
    #expect(schedule.plan(at: 20).updatesParameters)
    #expect(schedule.plan(at: 1000).loss.windowCutFraction == 0)
    #expect(
      (0..<400).allSatisfy { schedule.events(atStepFrom: Double($0) / 10, length: 0.1).isEmpty })
    #expect((0..<50).allSatisfy { schedule.events(endingEpoch: $0).isEmpty })
  }

  /// The KL terms alone until `klOnlyFor`; cuts from `windowCutsFrom`; the ramp.
  @Test func stagesAndRamp() {
    var schedule = TrainingSchedule()
    schedule.klOnlyFor = 2
    schedule.windowCutsFrom = 3
    schedule.klRampEpochs = 4
    #expect(schedule.plan(at: 1.9).loss.reconstruction == .reportedOnly)
    #expect(schedule.plan(at: 2).loss.reconstruction == .trained)
    #expect(schedule.plan(at: 2.9).loss.windowCutFraction == 0)
    #expect(schedule.plan(at: 3).loss.windowCutFraction == FrameWindows.trainingCutFraction)
    #expect(schedule.klWeights(at: 1) == KLWeights(transition: 2.5, marginal: 0.25))
    #expect(schedule.klWeights(at: 9) == KLWeights(transition: 10, marginal: 1))
    #expect(schedule.problem == nil)
    schedule.windowCutsFrom = -1
    #expect(schedule.problem?.contains("window cuts must start") == true)
  }

  /// One alignment per change: the join, then the cuts' start (not at 0); both at once, once.
  @Test func alignmentEvents() {
    var schedule = TrainingSchedule()
    schedule.klOnlyFor = 12
    schedule.windowCutsFrom = 25
    func reasons() -> [String] {
      (0..<400).flatMap { k in
        schedule.events(atStepFrom: Double(k) * 0.1, length: 0.1).compactMap {
          if case .alignLatent(let reason) = $0 { reason } else { nil }
        }
      }
    }
    #expect(reasons() == ["the reconstruction joins", "window cuts begin"])
    schedule.windowCutsFrom = 12
    #expect(reasons() == ["the reconstruction joins"])
    schedule.klOnlyFor = 0
    schedule.windowCutsFrom = 0
    #expect(reasons().isEmpty)
  }

  /// The best checkpoint is chosen afresh from the first epoch trained wholly with cuts.
  @Test func theFirstEpochWithCutsRestartsTheBest() {
    var schedule = TrainingSchedule()
    func restarts() -> [Int] {
      (0..<50).filter { schedule.events(endingEpoch: $0) == [.restartBestComparison] }
    }
    #expect(restarts().isEmpty)
    schedule.windowCutsFrom = 25
    #expect(restarts() == [25])
    schedule.windowCutsFrom = 25.5
    #expect(restarts() == [26])
  }

  /// The description names each stage still ahead, with the option that moves it.
  @Test func describesTheStagesAhead() {
    var schedule = TrainingSchedule()
    schedule.klOnlyFor = 12
    schedule.windowCutsFrom = 25
    let lines = schedule.describe(learnable: ["c"], completedEpochs: 0)
    #expect(lines.count == 4)
    #expect(lines[0].hasPrefix("learnable c held at their initial values for the first 20"))
    #expect(lines[2].hasSuffix("(--dynamics-first)"))
    #expect(lines[3].hasPrefix("from epoch 26 on, 30% of the training frames"))
    #expect(schedule.describe(learnable: [], completedEpochs: 15).count == 1)
  }
}
