extension Video {
  /// Every `step`-th frame (0, step, 2 step, ...), at `framesPerSecond / step`.
  /// - Precondition: `step >= 1`.
  public func subsampled(every step: Int) -> Video {
    precondition(step >= 1, "subsampling step must be at least 1")
    return selectingFrames(Array(stride(from: 0, to: frameCount, by: step)))
      .withFramesPerSecond(framesPerSecond / Double(step))
  }

  /// The video at `newRate` frames per second: output frame k shows the input frame at or
  /// just before time k / newRate (nearest earlier frame, so no frame is invented).
  /// - Precondition: `newRate > 0`.
  public func resampled(toFramesPerSecond newRate: Double) -> Video {
    precondition(newRate > 0, "frame rate must be positive")
    var indices: [Int] = []
    var k = 0
    while true {
      let source = Int((Double(k) * framesPerSecond / newRate + 1e-9).rounded(.down))
      if source >= frameCount { break }
      indices.append(source)
      k += 1
    }
    return selectingFrames(indices).withFramesPerSecond(newRate)
  }

  /// The frames at `indices`, in that order; a new sequence starts wherever consecutive
  /// indices come from different sequences of this video.
  func selectingFrames(_ indices: [Int]) -> Video {
    var result: [Float] = []
    result.reserveCapacity(indices.count * pixelsPerFrame)
    var starts = [0]
    var previousSequence: Int?
    for (position, i) in indices.enumerated() {
      result.append(contentsOf: pixels[i * pixelsPerFrame..<(i + 1) * pixelsPerFrame])
      let sequence = sequence(ofFrame: i)
      if let previousSequence, sequence != previousSequence { starts.append(position) }
      previousSequence = sequence
    }
    return Video(
      frameCount: indices.count, height: height, width: width, colour: colour,
      framesPerSecond: framesPerSecond, pixels: result, sequenceStarts: starts)
  }

  private func withFramesPerSecond(_ rate: Double) -> Video {
    var copy = self
    copy.framesPerSecond = rate
    return copy
  }
}
