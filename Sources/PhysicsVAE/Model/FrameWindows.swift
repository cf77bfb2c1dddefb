/// The encoder's input: for every frame t of every sequence, the frames t-1, t, t+1 as three
/// channels (the first and last frames replicated at the edges), so that velocities are
/// observable from one input.
public enum FrameWindows {
  /// `frames` holds B sequences of T frames of `pixels` values each (sequence-major);
  /// the result is `(B T) x pixels x 3` (NHWC with the window as channels), frame `b T + t`
  /// holding frames (t-1, t, t+1) of sequence b, clamped to [0, T-1].
  public static func make(frames: [Float], sequences: Int, frameCount: Int, pixels: Int)
    -> [Float]
  {
    var windows = [Float](repeating: 0, count: frames.count * 3)
    frames.withUnsafeBufferPointer { source in
      windows.withUnsafeMutableBufferPointer { target in
        for sequence in 0..<sequences {
          for t in 0..<frameCount {
            let out = target.baseAddress! + (sequence * frameCount + t) * pixels * 3
            for channel in 0..<3 {
              let frame = min(max(t + channel - 1, 0), frameCount - 1)
              let input = source.baseAddress! + (sequence * frameCount + frame) * pixels
              for pixel in 0..<pixels { out[pixel * 3 + channel] = input[pixel] }
            }
          }
        }
      }
    }
    return windows
  }
}
