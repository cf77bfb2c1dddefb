extension FramePosteriors {
  /// The posteriors of sequence `index` alone: its T rows of the sequence-major arrays.
  func sequence(_ index: Int) -> FramePosteriors {
    let rows = (index * frameCount * dimension)..<((index + 1) * frameCount * dimension)
    return FramePosteriors(
      sequenceCount: 1, frameCount: frameCount, dimension: dimension,
      means: Array(means[rows]), logVariances: Array(logVariances[rows]))
  }
}
