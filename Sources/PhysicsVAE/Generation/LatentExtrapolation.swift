/// How `TrainedRun.predict` carries the latent state past the context frames.
public enum LatentExtrapolation: String, CaseIterable, Sendable {
  /// The prior's mean dynamics from the posterior mean of the last context frame (the
  /// method's own prediction).
  case prior
  /// Straight on at the last step's velocity, z_{t+1} = 2 z_t - z_{t-1}, from the posterior
  /// means of the last two context frames: the prediction of Var-Next (S. Sanyal), which
  /// any trained model supports whatever its prior, so it is the baseline a prior's own
  /// dynamics must beat.
  case linear

  /// Context frames the mode needs: one for the prior, two for a velocity.
  public var minimumContext: Int { self == .linear ? 2 : 1 }

  /// `steps` states (`steps x d`) continuing `previous`, `last` (each `d` long) along the
  /// line through them: state h (1-based) is last + h (last - previous), the closed form
  /// of the recursion z_{t+1} = 2 z_t - z_{t-1}, free of its accumulated rounding.
  public static func linear(previous: [Double], last: [Double], steps: Int) -> [Double] {
    precondition(previous.count == last.count, "states of one dimension")
    var states: [Double] = []
    states.reserveCapacity(steps * last.count)
    for h in stride(from: 1, through: steps, by: 1) {
      for k in last.indices { states.append(last[k] + Double(h) * (last[k] - previous[k])) }
    }
    return states
  }
}
