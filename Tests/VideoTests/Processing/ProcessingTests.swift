import Testing
import Video

@Suite struct ResizeTests {
  @Test func integerRatioAveragesEachBlockExactly() {
    let video = rampVideo(frames: 2, height: 6, width: 9)
    let small = video.resized(height: 2, width: 3)
    for f in 0..<2 {
      for r in 0..<2 {
        for c in 0..<3 {
          var sum: Float = 0
          for y in 3 * r..<3 * r + 3 {
            for x in 3 * c..<3 * c + 3 { sum += video.pixels[(f * 6 + y) * 9 + x] }
          }
          #expect(abs(small.pixels[(f * 2 + r) * 3 + c] - sum / 9) < 1e-6)
        }
      }
    }
  }

  @Test func arbitraryRatioWeighsPixelsByOverlap() {
    // 3 -> 2 pixels in one row: [a, b, c] -> [(a + b/2) / 1.5, (b/2 + c) / 1.5].
    let video = Video(
      frameCount: 1, height: 1, width: 3, framesPerSecond: 1, pixels: [0.3, 0.6, 0.9])
    let out = video.resized(height: 1, width: 2)
    #expect(abs(out.pixels[0] - (0.3 + 0.3) / 1.5) < 1e-6)
    #expect(abs(out.pixels[1] - (0.3 + 0.9) / 1.5) < 1e-6)
  }

  @Test func meanIsPreservedAndConstantsStayConstant() {
    let video = rampVideo(frames: 1, height: 17, width: 23)
    let out = video.resized(height: 7, width: 10)
    let inMean = video.pixels.reduce(0, +) / Float(video.pixels.count)
    let outMean = out.pixels.reduce(0, +) / Float(out.pixels.count)
    #expect(abs(inMean - outMean) < 1e-5)
    let constant = Video(
      frameCount: 1, height: 5, width: 5, framesPerSecond: 1,
      pixels: [Float](repeating: 0.4, count: 25))
    for value in constant.resized(height: 13, width: 3).pixels { #expect(abs(value - 0.4) < 1e-6) }
  }

  @Test func upsamplingByTwoReplicates() {
    let video = Video(frameCount: 1, height: 1, width: 2, framesPerSecond: 1, pixels: [0.2, 0.8])
    #expect(video.resized(height: 2, width: 4).pixels == [0.2, 0.2, 0.8, 0.8, 0.2, 0.2, 0.8, 0.8])
  }

  @Test func cropTakesTheWindowAndRejectsOutOfFrame() throws {
    let video = rampVideo(frames: 2, height: 5, width: 7)
    let crop = try video.cropped(top: 1, left: 2, height: 3, width: 4)
    #expect(crop.frame(1)[0, 0] == video.frame(1)[1, 2])
    #expect(crop.frame(1)[2, 3] == video.frame(1)[3, 5])
    let error = videoError { () throws(VideoError) in
      try video.cropped(top: 3, left: 0, height: 3, width: 7)
    }
    if case .invalidRequest = error?.problem {} else { Issue.record("expected invalidRequest") }
  }
}

@Suite struct FrameRateTests {
  @Test func subsamplingKeepsEveryNthFrame() {
    let video = rampVideo(frames: 7)
    let sub = video.subsampled(every: 3)
    #expect(sub.frameCount == 3)
    #expect(sub.frame(2) == video.frame(6))
    #expect(sub.framesPerSecond == 20.0 / 3)
  }

  @Test func resamplingPicksTheFrameAtOrBeforeEachTime() {
    let video = rampVideo(frames: 10)  // 20 fps, 0.5 s
    let slow = video.resampled(toFramesPerSecond: 8)  // times 0, 0.125, ... 0.375
    #expect(slow.frameCount == 4)
    #expect(slow.frame(1) == video.frame(2))  // 0.125 s -> frame 2.5 -> 2
    #expect(slow.frame(3) == video.frame(7))  // 0.375 s -> 7.5 -> 7
    #expect(video.resampled(toFramesPerSecond: 40).frameCount == 20)
  }
}

@Suite struct SequenceTests {
  /// A video whose frame f has every pixel equal to f / 1000, so frames can be identified.
  func numbered(_ frames: Int) -> Video {
    Video(
      frameCount: frames, height: 2, width: 2, framesPerSecond: 10,
      pixels: (0..<frames).flatMap { [Float](repeating: Float($0) / 1000, count: 4) })
  }

  func frameNumbers(_ sequences: VideoSequences) -> Set<Int> {
    Set(sequences.pixels.map { Int(($0 * 1000).rounded()) })
  }

  @Test func overlappingSequences() throws {
    let sequences = try numbered(10).sequences(length: 4, stride: 3)
    #expect(sequences.count == 3)
    #expect(sequences.startFrames == [0, 3, 6])
    #expect(sequences.sequence(1).frame(0) == numbered(10).frame(3))
    let error = videoError { () throws(VideoError) in
      try numbered(3).sequences(length: 4, stride: 1)
    }
    if case .invalidRequest = error?.problem {} else { Issue.record("expected invalidRequest") }
  }

  @Test(arguments: [1, 2, 5, 8])
  func timelineSplitSharesNoFrame(stride: Int) throws {
    let video = numbered(200)
    let split = try video.trainValidationSplit(
      length: 8, stride: stride, validationFraction: 0.2, seed: 3)
    #expect(split.validation.count > 0 && split.train.count > 0)
    #expect(frameNumbers(split.train).isDisjoint(with: frameNumbers(split.validation)))
    // About a fifth of the sequences are for validation: 2 of 10 blocks.
    let fraction =
      Double(split.validation.count) / Double(split.train.count + split.validation.count)
    #expect(abs(fraction - 0.2) < 0.05)
    // Same seed, same split; another seed, another choice of blocks.
    let again = try video.trainValidationSplit(
      length: 8, stride: stride, validationFraction: 0.2, seed: 3)
    #expect(again == split)
  }

  @Test func tooShortToSplitIsAnError() {
    let error = videoError { () throws(VideoError) in
      try numbered(12).trainValidationSplit(length: 8, stride: 1, validationFraction: 0.2, seed: 0)
    }
    if case .invalidRequest = error?.problem {} else { Issue.record("expected invalidRequest") }
  }

  /// `numbered(frames)` holding independent sequences of `length` frames back to back.
  func recorded(_ frames: Int, sequencesOf length: Int) throws -> Video {
    try VideoSequences(concatenated: numbered(frames), length: length).concatenated
  }

  @Test func sequencesStayInsideRecordedSequences() throws {
    let video = try recorded(30, sequencesOf: 10)
    #expect(video.sequenceStarts == [0, 10, 20])
    let sequences = try video.sequences(length: 4, stride: 3)
    #expect(sequences.startFrames == [0, 3, 6, 10, 13, 16, 20, 23, 26])
    // Plain videos are one sequence, as before.
    #expect(try numbered(30).sequences(length: 4, stride: 3).count == 9)
    #expect(try numbered(30).sequences(length: 4, stride: 3).startFrames.last == 24)
    let error = videoError { () throws(VideoError) in try video.sequences(length: 11, stride: 1) }
    #expect(
      error?.problem
        == .invalidRequest(
          "the video holds 3 independent sequences of at most 10 frames, fewer than one "
            + "sequence of 11"))
  }

  @Test(arguments: [1, 2, 5])
  func recordedSequencesSplitWholeAndNeverJoin(stride: Int) throws {
    let video = try recorded(200, sequencesOf: 20)
    let split = try video.trainValidationSplit(
      length: 8, stride: stride, validationFraction: 0.2, seed: 3)
    for part in [split.train, split.validation] {
      for start in part.startFrames { #expect(start / 20 == (start + 7) / 20, "start \(start)") }
    }
    // 2 of the 10 recorded sequences are for validation, whole.
    let trainSequences = Set(split.train.startFrames.map { $0 / 20 })
    let validationSequences = Set(split.validation.startFrames.map { $0 / 20 })
    #expect(validationSequences.count == 2 && trainSequences.count == 8)
    #expect(frameNumbers(split.train).isDisjoint(with: frameNumbers(split.validation)))
    let perSequence = (20 - 8) / stride + 1
    #expect(split.validation.count == 2 * perSequence && split.train.count == 8 * perSequence)
    // One recorded sequence long enough: it is cut into blocks like a plain video.
    let one = try VideoSequences(concatenated: numbered(200), length: 200).concatenated
    #expect(
      try one.trainValidationSplit(length: 8, stride: stride, validationFraction: 0.2, seed: 3)
        == numbered(200).trainValidationSplit(
          length: 8, stride: stride, validationFraction: 0.2, seed: 3))
  }

  @Test func independentSequencesSplitBySeededShuffle() throws {
    let sequences = try VideoSequences(concatenated: numbered(40), length: 4)
    let split = sequences.split(validationFraction: 0.3, seed: 9)
    #expect(split.validationIndices.count == 3)
    #expect(Set(split.trainIndices).isDisjoint(with: split.validationIndices))
    #expect(Set(split.trainIndices + split.validationIndices) == Set(0..<10))
    #expect(frameNumbers(split.train).isDisjoint(with: frameNumbers(split.validation)))
    #expect(sequences.split(validationFraction: 0.3, seed: 9) == split)
    #expect(split.validation.startFrames == split.validationIndices.map { $0 * 4 })
  }
}
