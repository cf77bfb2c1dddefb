extension Video {
  /// Each pixel's motion energy: the variance of its samples over the frames, summed over
  /// the channels, `height x width`.
  public var motionEnergy: [Double] {
    let pixels = width * height
    let channels = colour.channels
    var sum = [Double](repeating: 0, count: pixels * channels)
    var squares = [Double](repeating: 0, count: pixels * channels)
    self.pixels.withUnsafeBufferPointer { samples in
      for f in 0..<frameCount {
        let base = f * pixels * channels
        for i in 0..<(pixels * channels) {
          let v = Double(samples[base + i])
          sum[i] += v
          squares[i] += v * v
        }
      }
    }
    let n = Double(max(frameCount, 1))
    var energy = [Double](repeating: 0, count: pixels)
    for p in 0..<pixels {
      for c in 0..<channels {
        let i = p * channels + c
        energy[p] += max(squares[i] / n - (sum[i] / n) * (sum[i] / n), 0)
      }
    }
    return energy
  }

  /// Whether every pixel's channels agree within 2/255 (a gray video, or RGB showing gray).
  public var isGray: Bool {
    guard colour == .rgb else { return true }
    let tolerance: Float = 2 / 255
    var i = 0
    while i < pixels.count {
      let (red, green, blue) = (pixels[i], pixels[i + 1], pixels[i + 2])
      if abs(red - green) > tolerance || abs(green - blue) > tolerance { return false }
      i += 3
    }
    return true
  }

  /// The square where frames change, from the mean motion energy of a camera's clips
  /// (``motionEnergy``, `height x width`): the apparatus of a static camera.
  ///
  /// The region is the bounding box of the pixels whose energy is at least a quarter of the
  /// 99.5th percentile (the percentile, not the maximum, so that a few noisy pixels do not
  /// decide), padded by a fifth of its size on every side, grown to a square about its
  /// centre, and moved (or, if larger than the frame's shorter side, shrunk to that side)
  /// so that it lies inside the frame. Sensor noise and compression flicker are far below a
  /// moving object's energy. A still video gives the centred square of the shorter side.
  public static func activeRegion(energy: [Double], width: Int, height: Int) -> PixelRectangle {
    precondition(energy.count == width * height && !energy.isEmpty, "energy size")
    let sorted = energy.sorted()
    let threshold = 0.25 * sorted[min(sorted.count - 1, Int(0.995 * Double(sorted.count)))]
    var (left, right, top, bottom) = (width, -1, height, -1)
    if threshold > 0 {
      for y in 0..<height {
        for x in 0..<width where energy[y * width + x] >= threshold {
          (left, right) = (min(left, x), max(right, x))
          (top, bottom) = (min(top, y), max(bottom, y))
        }
      }
    }
    guard right >= left, bottom >= top else {
      let side = min(width, height)
      return PixelRectangle(
        x: (width - side) / 2, y: (height - side) / 2, width: side, height: side)
    }
    let boxSide = Double(max(right - left + 1, bottom - top + 1))
    let side = min(Int((1.4 * boxSide).rounded()), min(width, height))
    let centreX = Double(left + right + 1) / 2
    let centreY = Double(top + bottom + 1) / 2
    let x = min(max(Int((centreX - Double(side) / 2).rounded()), 0), width - side)
    let y = min(max(Int((centreY - Double(side) / 2).rounded()), 0), height - side)
    return PixelRectangle(x: x, y: y, width: side, height: side)
  }

  /// The video padded with black to a square, centred (letterboxed), so that a model that
  /// sees squares sees the frames' true aspect ratio.
  public func letterboxed() -> Video {
    guard width != height else { return self }
    let side = max(width, height)
    let (left, top) = ((side - width) / 2, (side - height) / 2)
    let channels = colour.channels
    var result = [Float](repeating: 0, count: frameCount * side * side * channels)
    for f in 0..<frameCount {
      for y in 0..<height {
        let source = ((f * height + y) * width) * channels
        let target = ((f * side + y + top) * side + left) * channels
        for i in 0..<(width * channels) { result[target + i] = pixels[source + i] }
      }
    }
    return Video(
      frameCount: frameCount, height: side, width: side, colour: colour,
      framesPerSecond: framesPerSecond, pixels: result, sequenceStarts: sequenceStarts)
  }
}
