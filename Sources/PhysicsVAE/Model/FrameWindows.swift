import VidlatSupport

/// The encoder's input: for every frame t of every sequence, the W frames t - W/2 ... t + W/2
/// (W odd, 3 by default) as W channels. With 3, velocities are observable from one input. A
/// longer window lets the encoder see a state that single moments hide (a phase shown only
/// at moments). Past a sequence's ends a window holds `Padding` (docs/method.md, "Encoder
/// window").
///
/// A window can also be cut short on purpose (`randomReaches`): the frames beyond its reach
/// are treated as past a sequence's end. Training on cut windows of frames in the middle of
/// a sequence, whose state their neighbours pin down through KL_trans, teaches the encoder
/// what to make of the windows at the ends.
public enum FrameWindows {
  /// The fraction of training frames whose window is cut once cuts are on
  /// (`TrainingSchedule.windowCutsFrom`).
  public static let trainingCutFraction = 0.3

  /// What stands in a window's place for a frame past its reach.
  public enum Padding: Sendable, Equatable {
    /// The nearest frame within reach: a window of 3 sees the first and last frames as
    /// still, which keeps the velocity estimate at the ends.
    case replicate
    /// A blank (zero) frame: in a wider window one frame replicated W/2 times would pose as
    /// a long pause.
    case blank

    /// The padding for a window of `window` frames: replicate up to 3, blank beyond.
    public init(window: Int) {
      self = window <= 3 ? .replicate : .blank
    }
  }

  /// How far one frame's window reaches: `before` frames back and `after` frames ahead.
  public struct Reach: Sendable, Equatable {
    public var before: Int
    public var after: Int

    public init(before: Int, after: Int) {
      self.before = before
      self.after = after
    }
  }

  /// `frames` holds B sequences of T frames of `pixels` pixels of `channels` samples each
  /// (sequence-major); the result is `(B T) x pixels x W x channels` (NHWC with the window's
  /// frames' samples as channels), frame `b T + t` holding frames t - W/2 ... t + W/2 of
  /// sequence b that lie in [0, T-1] and, when `reaches` (one per frame) is given, in
  /// [t - before, t + after]; outside, `Padding` for W.
  public static func make(
    frames: [Float], sequences: Int, frameCount: Int, pixels: Int, channels: Int = 1,
    window: Int = 3, reaches: [Reach]? = nil
  ) -> [Float] {
    precondition(reaches == nil || reaches!.count == sequences * frameCount)
    var windows = [Float](repeating: 0, count: frames.count * window)
    let half = window / 2
    let padding = Padding(window: window)
    frames.withUnsafeBufferPointer { source in
      windows.withUnsafeMutableBufferPointer { target in
        for sequence in 0..<sequences {
          for t in 0..<frameCount {
            let index = sequence * frameCount + t
            let reach = reaches?[index] ?? Reach(before: half, after: half)
            let first = max(t - reach.before, 0)
            let last = min(t + reach.after, frameCount - 1)
            let frameSize = pixels * channels
            let out = target.baseAddress! + index * frameSize * window
            for slot in 0..<window {
              var frame = t + slot - half
              if frame < first || frame > last {
                guard padding == .replicate else { continue }
                frame = min(max(frame, first), last)
              }
              let input = source.baseAddress! + (sequence * frameCount + frame) * frameSize
              if channels == 1 {
                for pixel in 0..<pixels { out[pixel * window + slot] = input[pixel] }
              } else {
                for pixel in 0..<pixels {
                  let target = out + (pixel * window + slot) * channels
                  for c in 0..<channels { target[c] = input[pixel * channels + c] }
                }
              }
            }
          }
        }
      }
    }
    return windows
  }

  /// Reaches for `count` frames' windows of `window` frames: each frame, with probability
  /// `fraction`, has one side (either, equally likely) cut to r frames, r uniform in
  /// 0 ..< W/2; the rest reach W/2 both ways.
  public static func randomReaches(
    count: Int, window: Int, fraction: Double, using generator: inout SeededGenerator
  ) -> [Reach] {
    let half = window / 2
    return (0..<count).map { _ in
      guard half > 0, generator.nextUnitDouble() < fraction else {
        return Reach(before: half, after: half)
      }
      let reach = min(Int(generator.nextUnitDouble() * Double(half)), half - 1)
      return generator.nextUnitDouble() < 0.5
        ? Reach(before: reach, after: half) : Reach(before: half, after: reach)
    }
  }
}
