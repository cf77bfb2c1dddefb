import Engine

extension SVGVariant: Codable {}

/// `SVGConfiguration` as JSON (a run's config.json): every field under its own name, the
/// variant and the hidden activation as their raw names (`"learnedPrior"`, `"leakyRelu"`).
/// A field the file does not mention keeps its default, so a config.json written before a
/// field existed still reads.
extension SVGConfiguration: Codable {
  private enum CodingKeys: String, CodingKey {
    case variant, imageSize, channels, filters, hiddenActivation, encodingSize, latentSize
    case predictorHidden, predictorLayers, posteriorHidden, posteriorLayers, priorHidden
    case priorLayers, beta, contextFrames, futureFrames
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(variant: try c.decodeIfPresent(SVGVariant.self, forKey: .variant) ?? .learnedPrior)
    func read<T: Decodable>(_ key: CodingKeys, _ path: WritableKeyPath<Self, T>) throws {
      if let value = try c.decodeIfPresent(T.self, forKey: key) { self[keyPath: path] = value }
    }
    try read(.imageSize, \.imageSize)
    try read(.channels, \.channels)
    try read(.filters, \.filters)
    try read(.encodingSize, \.encodingSize)
    try read(.latentSize, \.latentSize)
    try read(.predictorHidden, \.predictorHidden)
    try read(.predictorLayers, \.predictorLayers)
    try read(.posteriorHidden, \.posteriorHidden)
    try read(.posteriorLayers, \.posteriorLayers)
    try read(.priorHidden, \.priorHidden)
    try read(.priorLayers, \.priorLayers)
    try read(.beta, \.beta)
    try read(.contextFrames, \.contextFrames)
    try read(.futureFrames, \.futureFrames)
    if let name = try c.decodeIfPresent(String.self, forKey: .hiddenActivation) {
      guard let activation = Activation(rawValue: name) else {
        throw DecodingError.dataCorruptedError(
          forKey: .hiddenActivation, in: c, debugDescription: "unknown activation '\(name)'")
      }
      hiddenActivation = activation
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(variant, forKey: .variant)
    try c.encode(imageSize, forKey: .imageSize)
    try c.encode(channels, forKey: .channels)
    try c.encode(filters, forKey: .filters)
    try c.encode(hiddenActivation.rawValue, forKey: .hiddenActivation)
    try c.encode(encodingSize, forKey: .encodingSize)
    try c.encode(latentSize, forKey: .latentSize)
    try c.encode(predictorHidden, forKey: .predictorHidden)
    try c.encode(predictorLayers, forKey: .predictorLayers)
    try c.encode(posteriorHidden, forKey: .posteriorHidden)
    try c.encode(posteriorLayers, forKey: .posteriorLayers)
    try c.encode(priorHidden, forKey: .priorHidden)
    try c.encode(priorLayers, forKey: .priorLayers)
    try c.encode(beta, forKey: .beta)
    try c.encode(contextFrames, forKey: .contextFrames)
    try c.encode(futureFrames, forKey: .futureFrames)
  }

  /// A description of the first field `SVGModel` cannot be built with, or nil (what
  /// `validate()` asserts, as a message for a user).
  public var problem: String? {
    if !Self.supports(imageSize: imageSize) {
      return "the SVG frame size must be a power of two of at least 8 (got \(imageSize))"
    }
    if channels != 1 && channels != 3 {
      return "frames must have 1 or 3 channels (got \(channels))"
    }
    if filters < 1 || encodingSize < 1 || predictorHidden < 1 || predictorLayers < 1
      || posteriorHidden < 1 || posteriorLayers < 1 || priorHidden < 1 || priorLayers < 1
    {
      return "the SVG network sizes and layer counts must be positive"
    }
    if variant != .deterministic && latentSize < 1 {
      return "z, the latent size, must be at least 1 (got \(latentSize))"
    }
    if !(beta >= 0) || !beta.isFinite { return "beta must be a non-negative number (got \(beta))" }
    if contextFrames < 1 { return "SVG needs at least one context frame (got \(contextFrames))" }
    if futureFrames < 1 { return "SVG needs at least one future frame (got \(futureFrames))" }
    return nil
  }
}
