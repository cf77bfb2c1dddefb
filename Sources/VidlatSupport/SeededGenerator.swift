/// A fast, seeded pseudo-random number generator (xoshiro256**).
///
/// The same seed gives the same sequence on every machine and every run, which is what
/// makes training, datasets and simulations reproducible. The 64-bit seed is expanded into
/// the 256-bit state with SplitMix64, as the xoshiro authors recommend.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
  /// The generator's full state; saving and restoring it resumes the exact same sequence.
  public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

  /// Creates a generator whose sequence is determined by `seed`.
  public init(seed: UInt64) {
    var splitMix = seed
    func nextSplitMix() -> UInt64 {
      splitMix &+= 0x9E37_79B9_7F4A_7C15
      var z = splitMix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
  }

  /// Restores a generator from a state saved with `state`.
  /// - Precondition: the state is not all zeros (no seeded generator ever has it).
  public init(state: (UInt64, UInt64, UInt64, UInt64)) {
    precondition(state != (0, 0, 0, 0), "xoshiro256** state must not be all zeros")
    self.state = state
  }

  public mutating func next() -> UInt64 {
    let result = rotateLeft(state.1 &* 5, by: 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotateLeft(state.3, by: 45)
    return result
  }

  /// A new generator whose sequence is independent of this one's, for a named sub-task
  /// (e.g. one per worker or per dataset sequence), derived without advancing `self`.
  public func derived(stream: UInt64) -> SeededGenerator {
    SeededGenerator(seed: state.0 ^ rotateLeft(state.2, by: 17) ^ (stream &* 0xD1B5_4A32_D192_ED03))
  }

  public static func == (lhs: SeededGenerator, rhs: SeededGenerator) -> Bool {
    lhs.state == rhs.state
  }
}

private func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
  (x << k) | (x >> (64 - k))
}
