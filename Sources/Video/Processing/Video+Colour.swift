extension Video {
  /// The video in `colour`: gray to RGB repeats the level in each channel; RGB to gray is the
  /// luma Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601, the weights of the Y plane of
  /// YUV files, so a colour clip read as gray matches its luma).
  public func converted(to colour: Colour) -> Video {
    guard colour != self.colour else { return self }
    return Video(
      frameCount: frameCount, height: height, width: width, colour: colour,
      framesPerSecond: framesPerSecond,
      pixels: Video.convert(pixels, from: self.colour, to: colour),
      sequenceStarts: sequenceStarts)
  }

  /// The BT.601 luma weights of red, green and blue.
  static let lumaWeights: (red: Float, green: Float, blue: Float) = (0.299, 0.587, 0.114)

  static func convert(_ samples: [Float], from source: Colour, to target: Colour) -> [Float] {
    switch (source, target) {
    case (.gray, .gray), (.rgb, .rgb):
      return samples
    case (.gray, .rgb):
      var result = [Float](repeating: 0, count: samples.count * 3)
      for (i, level) in samples.enumerated() {
        (result[3 * i], result[3 * i + 1], result[3 * i + 2]) = (level, level, level)
      }
      return result
    case (.rgb, .gray):
      let w = lumaWeights
      return (0..<samples.count / 3).map { i in
        w.red * samples[3 * i] + w.green * samples[3 * i + 1] + w.blue * samples[3 * i + 2]
      }
    }
  }
}

extension Frame {
  /// The frame in `colour` (see ``Video/converted(to:)``).
  public func converted(to colour: Video.Colour) -> Frame {
    Frame(
      height: height, width: width, colour: colour,
      pixels: Video.convert(pixels, from: self.colour, to: colour))
  }
}
