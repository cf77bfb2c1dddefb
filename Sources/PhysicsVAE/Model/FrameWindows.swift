/// The encoder's input: for every frame t of every sequence, the W frames t - W/2 ... t + W/2
/// (W odd, 3 by default) as W channels, the first and last frames replicated at the edges:
/// with 3, velocities are observable from one input; a longer window lets the encoder see
/// a state that single moments hide (the pulsar's phase between two pulses).
public enum FrameWindows {
  /// `frames` holds B sequences of T frames of `pixels` values each (sequence-major);
  /// the result is `(B T) x pixels x W` (NHWC with the window as channels), frame `b T + t`
  /// holding frames t - W/2 ... t + W/2 of sequence b, clamped to [0, T-1].
  public static func make(
    frames: [Float], sequences: Int, frameCount: Int, pixels: Int, window: Int = 3
  ) -> [Float] {
    var windows = [Float](repeating: 0, count: frames.count * window)
    let half = window / 2
    frames.withUnsafeBufferPointer { source in
      windows.withUnsafeMutableBufferPointer { target in
        for sequence in 0..<sequences {
          for t in 0..<frameCount {
            let out = target.baseAddress! + (sequence * frameCount + t) * pixels * window
            for channel in 0..<window {
              let frame = min(max(t + channel - half, 0), frameCount - 1)
              let input = source.baseAddress! + (sequence * frameCount + frame) * pixels
              for pixel in 0..<pixels { out[pixel * window + channel] = input[pixel] }
            }
          }
        }
      }
    }
    return windows
  }
}
