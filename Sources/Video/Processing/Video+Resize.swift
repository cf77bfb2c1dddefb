extension Video {
  /// The video resized to `height x width` by area averaging, for any ratio.
  ///
  /// Output pixel (r, c) covers the input rectangle [r sy, (r+1) sy) x [c sx, (c+1) sx) with
  /// sy = H / height, sx = W / width, and is the mean of the input over it: every input pixel
  /// contributes in proportion to its overlap. The filter is separable, so columns are
  /// averaged first, then rows; each channel on its own. A constant image stays constant
  /// and, for integer ratios, each output pixel is exactly the mean of its block.
  /// - Precondition: `height > 0`, `width > 0`.
  public func resized(height newHeight: Int, width newWidth: Int) -> Video {
    precondition(newHeight > 0 && newWidth > 0, "resize to an empty frame")
    let columns = Video.areaWeights(from: width, to: newWidth)
    let rows = Video.areaWeights(from: height, to: newHeight)
    let channels = colour.channels
    // Horizontal pass: every input row (of every frame) to newWidth pixels.
    let rowCount = frameCount * height
    let outputRow = newWidth * channels
    var horizontal = [Float](repeating: 0, count: rowCount * outputRow)
    pixels.withUnsafeBufferPointer { input in
      horizontal.withUnsafeMutableBufferPointer { output in
        for row in 0..<rowCount {
          let inBase = row * width * channels
          let outBase = row * outputRow
          for (x, weights) in columns.enumerated() {
            for channel in 0..<channels {
              var sum: Float = 0
              for (k, w) in weights.values.enumerated() {
                sum += w * input[inBase + (weights.start + k) * channels + channel]
              }
              output[outBase + x * channels + channel] = sum
            }
          }
        }
      }
    }
    // Vertical pass: weighted sums of whole rows.
    var result = [Float](repeating: 0, count: frameCount * newHeight * outputRow)
    horizontal.withUnsafeBufferPointer { input in
      result.withUnsafeMutableBufferPointer { output in
        for f in 0..<frameCount {
          for (r, weights) in rows.enumerated() {
            let outBase = (f * newHeight + r) * outputRow
            for (k, w) in weights.values.enumerated() {
              let inBase = (f * height + weights.start + k) * outputRow
              for i in 0..<outputRow { output[outBase + i] += w * input[inBase + i] }
            }
          }
        }
      }
    }
    return Video(
      frameCount: frameCount, height: newHeight, width: newWidth, colour: colour,
      framesPerSecond: framesPerSecond, pixels: result, sequenceStarts: sequenceStarts)
  }

  /// For each of `m` output cells over `n` input cells: the first input cell it overlaps and
  /// the weights (overlap / cell width, summing to 1) of the cells from there on.
  static func areaWeights(from n: Int, to m: Int) -> [(start: Int, values: [Float])] {
    let scale = Double(n) / Double(m)
    return (0..<m).map { o in
      let lower = Double(o) * scale
      let upper = Double(o + 1) * scale
      let first = Int(lower.rounded(.down))
      let last = min(n - 1, Int(upper.rounded(.up)) - 1)
      let values = (first...max(first, last)).map { j in
        Float((min(upper, Double(j + 1)) - max(lower, Double(j))) / scale)
      }
      return (first, values)
    }
  }

  /// The `height x width` window whose top-left pixel is (`top`, `left`).
  /// - Throws: `.invalidRequest` when the window does not lie inside the frame.
  public func cropped(top: Int, left: Int, height newHeight: Int, width newWidth: Int)
    throws(VideoError) -> Video
  {
    guard top >= 0, left >= 0, newHeight > 0, newWidth > 0, top + newHeight <= height,
      left + newWidth <= width
    else {
      throw VideoError(
        path: "",
        problem: .invalidRequest(
          "crop \(newWidth)x\(newHeight) at (\(left), \(top)) does not fit in a \(width)x\(height) frame"
        ))
    }
    let channels = colour.channels
    var result: [Float] = []
    result.reserveCapacity(frameCount * newHeight * newWidth * channels)
    for f in 0..<frameCount {
      for y in top..<top + newHeight {
        let base = ((f * height + y) * width + left) * channels
        result.append(contentsOf: pixels[base..<base + newWidth * channels])
      }
    }
    return Video(
      frameCount: frameCount, height: newHeight, width: newWidth, colour: colour,
      framesPerSecond: framesPerSecond, pixels: result, sequenceStarts: sequenceStarts)
  }
}
