/// Which way up the model sees the frames' levels.
///
/// The Bernoulli likelihood is symmetric under reflecting the levels, -log p(1 - x | 1 - m) =
/// -log p(x | m), so a dark object on a light ground is, for it, exactly a bright object on
/// a dark one, but the networks are not: the decoder's output starts near mid-gray with most
/// of the frame to fill, and zero padding makes a light frame's border an edge for the
/// encoder. Reflecting light-ground frames before the model sees them makes both polarities
/// the same problem, bit for bit. Frames shown to the user (reconstructions, predictions)
/// are reflected back.
public enum FramePolarity: String, Codable, CaseIterable, Sendable {
  /// The model sees the levels as recorded.
  case recorded
  /// The model sees 1 - x for every sample x, and its means m are shown as 1 - m.
  case inverted

  /// `levels` as the model sees them (an involution: it also maps the model's means back).
  func apply(to levels: [Float]) -> [Float] {
    switch self {
    case .recorded: levels
    case .inverted: levels.map { 1 - $0 }
    }
  }

  /// The polarity that puts a ground of mean level `groundLevel` (in [0, 1]) dark: inverted
  /// when the ground is lighter than mid-gray.
  public static func darkGround(groundLevel: Double) -> FramePolarity {
    groundLevel > 0.5 ? .inverted : .recorded
  }
}
