import PriorLanguage

extension TrainingSettings {
  /// Why a given setting does not apply to a prior of `kind`, or nil. A prior without dynamics
  /// has one KL term (docs/method.md, "Other prior kinds"), which the loss weighs with beta_t;
  /// KL_marg and its weight beta_m belong to ODE priors.
  public func problem(for kind: PriorKind) -> String? {
    guard kind != .dynamics, given.contains(.marginalWeight) else { return nil }
    return "--beta-m weighs KL_marg, which only ODE priors have; this is \(kind.described), "
      + "whose one KL term --beta-t weighs"
  }
}
