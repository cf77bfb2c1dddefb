extension SVGVariant {
  /// The name a user gives the variant (`vidlat train --model svg-lp`, config.json):
  /// `svg-lp`, `svg-fp`, `svg-deterministic`.
  public var modelName: String {
    switch self {
    case .learnedPrior: "svg-lp"
    case .fixedPrior: "svg-fp"
    case .deterministic: "svg-deterministic"
    }
  }

  /// The variant called `name` (`modelName`), or nil.
  public init?(modelName name: String) {
    guard let variant = Self.allCases.first(where: { $0.modelName == name }) else { return nil }
    self = variant
  }
}
