/// The kind of a prior (`PriorKind`): which statements decide it, what a file of one kind
/// may not say, and the lowering of `latent` and `gp` statements.
extension Checker {
  /// The statements that decide a prior's kind.
  enum Family: Equatable {
    /// Equations (`x'' = ...`).
    case dynamics
    /// `latent x ~ normal(0, 1)`.
    case independent
    /// `gp x ~ se(...)`.
    case process

    init?(_ statement: StatementSyntax) {
      switch statement.kind {
      case .equation: self = .dynamics
      case .latent: self = .independent
      case .process: self = .process
      default: return nil
      }
    }

    var described: String {
      switch self {
      case .dynamics: "an ODE prior (equations such as x'' = ...)"
      case .independent: "an i.i.d. prior (latent x ~ normal(0, 1))"
      case .process: "a Gaussian-process prior (gp x ~ se(...))"
      }
    }

    /// How a statement of this family is called in messages.
    var statementName: String {
      switch self {
      case .dynamics: "an equation"
      case .independent: "a 'latent'"
      case .process: "a 'gp'"
      }
    }
  }

  /// The file's family, from its first deciding statement (`.dynamics` when there is none).
  /// Reports statements of another family, and statements and overrides that only an ODE
  /// prior has (noise, init, observe, integrator) in a prior of another kind.
  func checkFamily() -> Family {
    var first: (family: Family, range: SourceRange)?
    for statement in statements {
      guard let family = Family(statement) else { continue }
      guard let decided = first else {
        first = (family, statement.range)
        continue
      }
      guard family != decided.family else { continue }
      report(
        .error(
          "a prior is one kind, and this file is \(decided.family.described), so it cannot "
            + "also have \(family.statementName); write the other kind in a file of its own",
          at: statement.range,
          notes: [.init("the file's kind is decided here", at: decided.range)]))
    }
    guard let decided = first, decided.family != .dynamics else { return .dynamics }
    for statement in statements {
      let keyword: String
      switch statement.kind {
      case .noise: keyword = "noise"
      case .initial: keyword = "init"
      case .observation: keyword = "observe"
      case .integrator: keyword = "integrator"
      default: continue
      }
      report(
        .error(
          "'\(keyword)' belongs to ODE priors, and this file is \(decided.family.described)"
            + ForeignStatement.hint(keyword, family: decided.family), at: statement.range,
          notes: [.init("the file's kind is decided here", at: decided.range)]))
    }
    for override in overrides {
      switch override.target {
      case .noise, .initial, .integrator:
        report(
          .error(
            "\(override.target.description) applies to ODE priors only, and this prior is "
              + decided.family.described, at: override.targetRange))
      case .parameter, .timeStep:
        continue
      }
    }
    return decided.family
  }

  /// The model's kind: the latents of a `latent` or `gp` file with their distributions and
  /// kernels; nil after reporting a problem.
  func lowerKind(_ family: Family) -> PriorKind? {
    var independent: [IndependentLatent] = []
    var processes: [GaussianProcessLatent] = []
    var complete = true
    for statement in statements {
      switch statement.kind {
      case .latent(let name, let distribution) where family == .independent:
        if let latent = independentLatent(name, distribution) {
          independent.append(latent)
        } else {
          complete = false
        }
      case .process(let name, let kernel) where family == .process:
        if let kernel = lowerKernel(kernel, of: name) {
          processes.append(GaussianProcessLatent(name: name.base, kernel: kernel))
        } else {
          complete = false
        }
      default:
        continue
      }
    }
    guard complete else { return nil }
    switch family {
    case .dynamics: return .dynamics
    case .independent: return .independent(independent)
    case .process: return .gaussianProcess(processes)
    }
  }

  /// p0 of the latents of a prior without dynamics: each latent's marginal at one frame
  /// (for `simulate`-style draws and the initial-value tools).
  func initial(_ kind: PriorKind) -> [InitialDistribution] {
    switch kind {
    case .dynamics:
      return []
    case .independent(let latents):
      return latents.map { .normal(mean: $0.mean, standardDeviation: $0.standardDeviation) }
    case .gaussianProcess(let latents):
      return latents.map { latent in
        let variance = latent.kernel.values(parameterValues)[
          latent.kernel.family.hyperparameterNames.count - 1]
        return .normal(mean: 0, standardDeviation: variance.squareRoot())
      }
    }
  }

  private func independentLatent(_ name: NameSyntax, _ syntax: DistributionSyntax)
    -> IndependentLatent?
  {
    guard case .normal(let meanSyntax, let deviationSyntax, _) = syntax else {
      report(
        .error(
          "an i.i.d. latent is Gaussian: write latent \(name.base) ~ normal(mean, std)",
          at: syntax.range, fixIt: "normal(0, 1)"))
      return nil
    }
    let scope = Scope.constant("the distribution of latent '\(name.base)'")
    guard let mean = evaluateConstant(meanSyntax, in: scope),
      let deviation = evaluateConstant(deviationSyntax, in: scope)
    else { return nil }
    guard deviation > 0 else {
      report(
        .error(
          "the standard deviation of latent '\(name.base)' must be positive, but it is "
            + Checker.format(deviation), at: deviationSyntax.range))
      return nil
    }
    return IndependentLatent(name: name.base, mean: mean, standardDeviation: deviation)
  }

  private func lowerKernel(_ syntax: KernelSyntax, of latent: NameSyntax) -> Kernel? {
    let all = KernelFamily.allCases.map(\.rawValue)
    guard let family = KernelFamily(rawValue: syntax.name.text) else {
      report(
        .error(
          "unknown kernel '\(syntax.name.text)'"
            + Suggestion.didYouMean(syntax.name.text, among: all)
            + " (choose \(all.joined(separator: ", ")))", at: syntax.name.range))
      return nil
    }
    let names = family.hyperparameterNames
    var given: [String: (name: NameSyntax, value: ExpressionSyntax)] = [:]
    var complete = true
    for argument in syntax.arguments {
      let text = argument.name.text
      guard names.contains(text) else {
        let suggestion = Suggestion.closest(to: text, among: names)
        report(
          .error(
            "\(family.rawValue) has no argument '\(text)'"
              + (suggestion.map { "; did you mean '\($0)'?" } ?? "") + " (it takes "
              + names.joined(separator: ", ") + ", as in \(family.example))",
            at: argument.name.range, fixIt: suggestion))
        complete = false
        continue
      }
      if let first = given[text] {
        report(
          .error(
            "'\(text)' is already given", at: argument.name.range,
            notes: [.init("first given here", at: first.name.range)]))
        complete = false
        continue
      }
      given[text] = argument
    }
    let missing = names.filter { given[$0] == nil }
    guard complete else { return nil }
    if !missing.isEmpty {
      report(
        .error(
          "\(family.rawValue) needs " + missing.map { "'\($0)'" }.joined(separator: " and ")
            + ", as in gp \(latent.base) ~ \(family.example)", at: syntax.range))
      return nil
    }
    var hyperparameters: [Hyperparameter] = []
    for name in names {
      guard let argument = given[name],
        let value = hyperparameter(argument.value, named: name, of: latent.base)
      else {
        complete = false
        continue
      }
      hyperparameters.append(value)
    }
    guard complete else { return nil }
    return Kernel(family: family, hyperparameters: hyperparameters)
  }

  /// One kernel argument: a param named alone (learned when the param is `learn`), or a
  /// constant expression, which must not use a learnable param (its gradient would not reach
  /// the param). Every hyperparameter is positive; a learnable one needs a positive range,
  /// so that training (on a log scale, `LearnableParameters`) keeps it so.
  private func hyperparameter(_ syntax: ExpressionSyntax, named name: String, of latent: String)
    -> Hyperparameter?
  {
    let purpose = "the \(name) of gp '\(latent)'"
    guard let lowered = lower(syntax, in: .constant(purpose)) else { return nil }
    guard !Checker.references(lowered.expression, anyOf: failedParameters) else { return nil }
    let learnable = Set(parameters.indices.filter { parameters[$0].learnable })
    let result: Hyperparameter
    if case .parameter(let index) = lowered.expression {
      result = .parameter(index)
      if parameters[index].learnable, !((parameterRanges[index]?.lowerBound ?? 0) > 0) {
        let declared = parameters[index].name
        report(
          .error(
            "\(purpose) is learned, so param '\(declared.base)' needs a positive range, as "
              + "in param \(declared.base) = \(Checker.format(parameterValues[index])) in "
              + "[\(Checker.format(parameterValues[index] / 10)), "
              + "\(Checker.format(parameterValues[index] * 10))] learn", at: syntax.range,
            notes: [.init("'\(declared.base)' is declared here", at: declared.range)]))
        return nil
      }
    } else if Checker.references(lowered.expression, anyOf: learnable) {
      report(
        .error(
          "\(purpose) uses a learnable param inside an expression; a hyperparameter is learned "
            + "only when it is a param on its own (\(name) = NAME)", at: syntax.range))
      return nil
    } else {
      result = .fixed(lowered.expression.evaluate(states: [], parameters: parameterValues))
    }
    let value = result.value(parameterValues)
    guard value > 0, value.isFinite else {
      report(
        .error(
          "\(purpose) must be a positive number, but it is \(Checker.format(value))",
          at: syntax.range))
      return nil
    }
    return result
  }
}

/// The hints of statements that only ODE priors have.
private enum ForeignStatement {
  static func hint(_ keyword: String, family: Checker.Family) -> String {
    switch (keyword, family) {
    case ("init", .independent):
      "; an i.i.d. latent's distribution is its latent statement, as in latent x ~ normal(0, 1)"
    case ("noise", .independent):
      "; i.i.d. latents have no dynamics, so no process noise"
    case ("init", _), ("noise", _):
      "; a Gaussian-process latent's distribution is its kernel, as in gp x ~ se(lengthscale = "
        + "5, variance = 1)"
    case ("observe", _):
      "; the decoder sees the latents themselves"
    default:
      "; nothing is integrated"
    }
  }
}
