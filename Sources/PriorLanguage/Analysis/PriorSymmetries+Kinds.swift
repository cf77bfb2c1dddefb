extension PriorSymmetries {
  /// The symmetries of a prior without dynamics (nil for an ODE prior, which the numerical
  /// checks of `init(_:parameters:)` analyse): no equivariant or phase planes, since nothing
  /// turns and the trainer has nothing to align; sign symmetry when every latent's prior is
  /// centred at 0 (always, for a Gaussian process), so that a latent recovered with the
  /// opposite sign is equally right.
  public static func withoutDynamics(_ kind: PriorKind) -> PriorSymmetries? {
    switch kind {
    case .dynamics:
      return nil
    case .independent(let latents):
      return PriorSymmetries(
        isSignSymmetric: latents.allSatisfy { $0.mean == 0 }, equivariantPlanes: [],
        phasePlanes: [])
    case .gaussianProcess:
      return PriorSymmetries(isSignSymmetric: true, equivariantPlanes: [], phasePlanes: [])
    }
  }
}
