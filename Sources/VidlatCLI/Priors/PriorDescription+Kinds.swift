import PriorLanguage

extension PriorDescription {
  /// The section of a prior without dynamics: each latent with its distribution or kernel
  /// (hyperparameters given by a param are shown by its name and value); nil for an ODE
  /// prior, whose dynamics the other sections describe.
  var latentDescription: (title: String, body: String)? {
    switch model.kind {
    case .dynamics:
      return nil
    case .independent(let latents):
      return (
        "LATENTS  z_t ~ N(mean, std^2), independently in every frame",
        latents.map {
          "  \($0.name) ~ normal(\(number($0.mean)), \(number($0.standardDeviation)))"
        }.joined(separator: "\n")
      )
    case .gaussianProcess(let latents):
      return (
        "LATENTS  z(.) ~ GP(0, k), t_i = i dt (lengthscales and periods in the unit of dt)",
        latents.map { latent in
          let family = latent.kernel.family
          let arguments = zip(family.hyperparameterNames, latent.kernel.hyperparameters).map {
            name, value in "\(name) = \(hyperparameter(value))"
          }
          return "  \(latent.name) ~ \(family.rawValue)(\(arguments.joined(separator: ", ")))"
        }.joined(separator: "\n")
      )
    }
  }

  /// `5`, or `ell (3, learned)` for a param.
  private func hyperparameter(_ value: Hyperparameter) -> String {
    switch value {
    case .fixed(let number): return self.number(number)
    case .parameter(let index):
      let parameter = model.parameters[index]
      return "\(parameter.name) (\(number(parameter.value))"
        + (parameter.isLearnable ? ", learned)" : ")")
    }
  }
}
