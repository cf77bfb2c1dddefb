import PriorLanguage

extension InitialDistribution {
  /// The mean: the value itself, the middle of a uniform range, or the normal's mean.
  var mean: Double {
    switch self {
    case .fixed(let value): value
    case .uniform(let lower, let upper): (lower + upper) / 2
    case .normal(let mean, _): mean
    }
  }
}
