/// How a scene's motion is drawn. Every style shows the same states with the same ground
/// truth for the same seed and parameters.
public enum SceneStyle: String, CaseIterable, Sendable {
  /// White shapes on black, square, gray (``Scene/generate(sequences:frames:size:dt:seed:noise:parameters:)``).
  case flat
  /// The flat frames with every value v replaced by 1 - v: dark shapes on white, to check
  /// that what is learned does not depend on the polarity.
  case flatInverted = "flat-inverted"
  /// Lit 3-D solids in perspective over a textured background, in colour, with motion blur
  /// and sensor noise (``CameraStyle``).
  case camera
}

extension VideoSequences {
  /// The sequences with every sample v replaced by 1 - v (the ``SceneStyle/flatInverted``
  /// style of flat frames).
  public var invertingPolarity: VideoSequences {
    var inverted = self
    inverted.pixels = pixels.map { 1 - $0 }
    return inverted
  }
}
