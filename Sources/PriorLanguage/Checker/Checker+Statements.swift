extension Checker {
  /// The default time step when a file declares none (with a warning).
  static let defaultTimeStep = 0.05

  /// Checks everything and returns the model, or nil if there are errors.
  func run() -> PriorModel? {
    collect()
    validateOverrideTargets()
    lowerParameters()
    lowerBindings()
    checkFunctionBodies()
    let family = checkFamily()
    let dynamics = lowerDynamics()
    let kind = lowerKind(family)
    let noise = family == .dynamics ? lowerNoise() : [Double](repeating: 0, count: states.count)
    let initial = family == .dynamics ? lowerInitialDistributions() : kind.map(initial) ?? []
    let observations = family == .dynamics ? lowerObservations() : defaultObservations
    let dt = lowerTimeStep(warnsWhenMissing: family != .independent)
    let integrator = lowerIntegrator()
    let hasEquation = statements.contains {
      switch $0.kind {
      case .equation, .latent, .process: true
      default: false
      }
    }
    if checksCompleteness, !hasEquation {
      report(
        .error(
          "the prior has no equations; declare at least one, such as x'' = -k*x",
          at: fileRange))
    }
    guard !diagnostics.containsErrors, let dynamics, let observations, let dt, let integrator,
      let kind
    else { return nil }
    return PriorModel(
      name: priorName?.base ?? defaultName,
      parameters: parameters.enumerated().map { index, declaration in
        PhysicalParameter(
          name: declaration.name.base, value: parameterValues[index],
          range: parameterRanges[index], isLearnable: declaration.learnable,
          unit: declaration.unit?.text)
      },
      variables: variables.map {
        ConfigurationVariable(name: $0.name.base, order: $0.order, firstStateIndex: $0.firstState)
      },
      states: states, dynamics: dynamics, observations: observations,
      noiseStandardDeviations: noise, initial: initial, dt: dt, integrator: integrator,
      kind: kind)
  }

  /// `12`, `0.5`, `1e-06`: numbers as a person writes them.
  static func format(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
  }

  // MARK: Overrides

  /// The last override of `target`, if any.
  func override(for target: Override.Target) -> Override? {
    overrides.last { $0.target == target }
  }

  private func validateOverrideTargets() {
    for override in overrides {
      switch override.target {
      case .parameter(let name):
        switch symbols[name] {
        case .parameter?, .broken?: continue
        default: break
        }
        if let symbol = symbols[name] {
          let hint: String
          if case .variable = symbol {
            hint = "; set its initial value with init.\(name)=... (--init \(name)=...)"
          } else {
            hint = ""
          }
          report(
            .error(
              "'\(name)' is \(symbol.kindName), not a param\(hint)", at: override.targetRange,
              notes: declarationNotes(name)))
        } else {
          let candidates = parameters.map(\.name.base) + ["dt", "integrator"]
          report(
            .error(
              "unknown param '\(name)'\(Suggestion.didYouMean(name, among: candidates))",
              at: override.targetRange))
        }
      case .noise(let name), .initial(let name):
        _ = stateIndex(named: name, at: override.targetRange, for: override.target.description)
      case .timeStep, .integrator:
        continue
      }
    }
  }

  /// The index of the state component `name` (`x`, `x'`), or nil after reporting why not.
  func stateIndex(named name: String, at range: SourceRange, for purpose: String) -> Int? {
    work += 1
    let base = String(name.prefix { $0 != "'" })
    let primes = name.unicodeScalars.count - base.unicodeScalars.count
    if case .variable(let index)? = symbols[base], primes < variables[index].order,
      name.unicodeScalars.dropFirst(base.unicodeScalars.count).allSatisfy({ $0 == "'" })
    {
      return variables[index].firstState + primes
    }
    let list = stateNames.map { "'\($0)'" }.joined(separator: ", ")
    let components = states.isEmpty ? "there are no state components yet" : "the state is \(list)"
    switch symbols[base] {
    case .broken?:
      break
    case .variable(let index):
      let variable = variables[index]
      report(
        .error(
          "'\(name)' is not a state component: '\(base)' has a "
            + (variable.order == 1 ? "first" : "second") + "-order equation, so \(components)",
          at: range, notes: [.init("the equation of '\(base)' is here", at: variable.name.range)]))
    case let symbol?:
      report(
        .error(
          "\(purpose) needs a state component, but '\(base)' is \(symbol.kindName); \(components)",
          at: range, notes: declarationNotes(base)))
    case nil:
      report(
        .error(
          "unknown state component '\(name)' in \(purpose)"
            + Suggestion.didYouMean(name, among: stateNames)
            + (states.isEmpty ? " (\(components))" : ""), at: range))
    }
    return nil
  }

  // MARK: Params

  private func lowerParameters() {
    for (index, parameter) in parameters.enumerated() {
      let name = parameter.name.base
      let override = override(for: .parameter(name))
      var value: Double?
      var valueRange = parameter.value.range
      if let override, case .expression(let expression) = override.value {
        value = evaluateConstant(
          expression, in: .constant("the value of param '\(name)'", visibleParameters: index))
        valueRange = expression.range
      } else {
        value = evaluateConstant(
          parameter.value,
          in: .constant("the value of param '\(name)'", visibleParameters: index))
      }
      if let bounds = parameter.bounds {
        let lower = evaluateConstant(
          bounds.lower, in: .constant("the range of param '\(name)'", visibleParameters: index))
        let upper = evaluateConstant(
          bounds.upper, in: .constant("the range of param '\(name)'", visibleParameters: index))
        if let lower, let upper {
          let shown = "[\(Checker.format(lower)), \(Checker.format(upper))]"
          if lower >= upper {
            report(
              .error(
                "the range \(shown) of param '\(name)' is empty; the lower bound must be below "
                  + "the upper bound", at: bounds.range))
          } else {
            parameterRanges[index] = lower...upper
            if let current = value, !(lower...upper).contains(current) {
              let origin = override.map { " set by \($0.source.path)" } ?? ""
              report(
                .error(
                  "param '\(name)' = \(Checker.format(current))\(origin) is outside its range "
                    + shown, at: valueRange,
                  notes: override == nil
                    ? [] : [.init("the range is declared here", at: bounds.range)]))
              value = nil
            }
          }
        }
      }
      if let value {
        parameterValues[index] = value
      } else {
        failedParameters.insert(index)
        parameterValues[index] = 0
      }
    }
  }

  // MARK: Equations

  private func lowerDynamics() -> [Expression]? {
    var dynamics = [Expression](repeating: .constant(0), count: states.count)
    var complete = true
    for variable in variables {
      for order in 1..<max(variable.order, 1) {
        dynamics[variable.firstState + order - 1] = .state(variable.firstState + order)
      }
      guard let syntax = variable.rhs else { continue }
      if let rhs = lower(syntax, in: .dynamic) {
        dynamics[variable.firstState + variable.order - 1] = rhs.expression
      } else {
        complete = false
      }
    }
    return complete ? dynamics : nil
  }

  // MARK: Noise and init

  private func lowerNoise() -> [Double] {
    var noise = [Double?](repeating: nil, count: states.count)
    var declared: [Int: SourceRange] = [:]
    for statement in statements {
      guard case .noise(let name, let syntax) = statement.kind else { continue }
      guard let index = stateIndex(named: name.text, at: name.range, for: "noise") else {
        continue
      }
      if let first = declared[index] {
        report(
          .error(
            "'\(name.text)' already has a noise declaration", at: name.range,
            notes: [.init("the first one is here", at: first)]))
        continue
      }
      declared[index] = name.range
      noise[index] = standardDeviation(syntax, of: name.text)
    }
    for (index, state) in states.enumerated() {
      if let override = override(for: .noise(state.name)),
        case .expression(let syntax) = override.value
      {
        noise[index] = standardDeviation(syntax, of: state.name)
      } else if declared[index] == nil, checksCompleteness {
        report(
          .warning(
            "no noise declared for '\(state.name)'; assuming noise \(state.name) ~ 0 (no "
              + "process noise)", at: variables[state.variable].name.range))
      }
    }
    return noise.map { $0 ?? 0 }
  }

  private func standardDeviation(_ syntax: ExpressionSyntax, of name: String) -> Double? {
    guard
      let value = evaluateConstant(syntax, in: .constant("the noise std of '\(name)'"))
    else { return nil }
    guard value >= 0 else {
      report(
        .error(
          "a noise standard deviation cannot be negative, but this is \(Checker.format(value))",
          at: syntax.range))
      return nil
    }
    return value
  }

  private func lowerInitialDistributions() -> [InitialDistribution] {
    var initial = [InitialDistribution?](repeating: nil, count: states.count)
    var declared: [Int: SourceRange] = [:]
    for statement in statements {
      guard case .initial(let name, let syntax) = statement.kind else { continue }
      guard let index = stateIndex(named: name.text, at: name.range, for: "init") else {
        continue
      }
      if let first = declared[index] {
        report(
          .error(
            "'\(name.text)' already has an init declaration", at: name.range,
            notes: [.init("the first one is here", at: first)]))
        continue
      }
      declared[index] = name.range
      initial[index] = distribution(syntax, of: name.text)
    }
    for (index, state) in states.enumerated() {
      if let override = override(for: .initial(state.name)),
        case .distribution(let syntax) = override.value
      {
        initial[index] = distribution(syntax, of: state.name)
      } else if declared[index] == nil, checksCompleteness {
        report(
          .warning(
            "no init declared for '\(state.name)'; assuming init \(state.name) ~ normal(0, 1)",
            at: variables[state.variable].name.range))
      }
    }
    return initial.map { $0 ?? .normal(mean: 0, standardDeviation: 1) }
  }

  private func distribution(_ syntax: DistributionSyntax, of name: String)
    -> InitialDistribution?
  {
    let scope = Scope.constant("the init of '\(name)'")
    switch syntax {
    case .fixed(let value):
      return evaluateConstant(value, in: scope).map { .fixed($0) }
    case .uniform(let lowerSyntax, let upperSyntax, let range):
      guard let lower = evaluateConstant(lowerSyntax, in: scope),
        let upper = evaluateConstant(upperSyntax, in: scope)
      else { return nil }
      guard lower < upper else {
        report(
          .error(
            "uniform(\(Checker.format(lower)), \(Checker.format(upper))) is empty; the lower "
              + "bound must be below the upper bound", at: range))
        return nil
      }
      return .uniform(lower: lower, upper: upper)
    case .normal(let meanSyntax, let deviationSyntax, _):
      guard let mean = evaluateConstant(meanSyntax, in: scope),
        let deviation = evaluateConstant(deviationSyntax, in: scope)
      else { return nil }
      guard deviation > 0 else {
        report(
          .error(
            "the standard deviation of normal(mean, std) must be positive, but it is "
              + Checker.format(deviation) + "; for a fixed value write init \(name) ~ "
              + Checker.format(mean), at: deviationSyntax.range))
        return nil
      }
      return .normal(mean: mean, standardDeviation: deviation)
    }
  }

  // MARK: Observations

  private func lowerObservations() -> [Observation]? {
    var observations: [Observation] = []
    var declared: [String: SourceRange] = [:]
    var complete = true
    for statement in statements {
      guard case .observation(let name, let syntax) = statement.kind else { continue }
      if let first = declared[name.text] {
        report(
          .error(
            "'\(name.text)' is already observed", at: name.range,
            notes: [.init("the first observe is here", at: first)]))
        continue
      }
      declared[name.text] = name.range
      let lowered: Lowered?
      if let syntax {
        if name.primes > 0 {
          report(
            .error(
              "an observation label cannot have primes (only 'observe \(name.text)' without "
                + "'=' observes a derivative); write a plain name, as in observe "
                + "\(name.base)_rate = ...", at: name.range))
        }
        lowered = lower(syntax, in: .dynamic)
      } else {
        switch symbols[name.base] {
        case .variable?, .binding?, .broken?, nil:
          lowered = lowerName(name, in: .dynamic)
        case let symbol?:
          report(
            .error(
              "observe needs a state component or a let, but '\(name.base)' is "
                + "\(symbol.kindName); to observe an expression write observe NAME = ...",
              at: name.range))
          lowered = nil
        }
      }
      if let lowered {
        observations.append(Observation(name: name.text, expression: lowered.expression))
      } else {
        complete = false
      }
    }
    guard complete else { return nil }
    return declared.isEmpty ? defaultObservations : observations
  }

  /// Without `observe`: the configuration variables (a `latent` or `gp` prior's latents).
  private var defaultObservations: [Observation] {
    variables.map { Observation(name: $0.name.base, expression: .state($0.firstState)) }
  }

  // MARK: dt and integrator

  /// dt, or the default; a missing dt is a warning when `warnsWhenMissing` (every kind but
  /// the i.i.d. one, on which dt has no effect).
  private func lowerTimeStep(warnsWhenMissing: Bool) -> Double? {
    var syntax: ExpressionSyntax?
    for statement in statements {
      guard case .timeStep(let value) = statement.kind else { continue }
      if let first = syntax {
        report(
          .error(
            "dt is already declared", at: statement.range,
            notes: [.init("the first declaration is here", at: first.range)]))
      } else {
        syntax = value
      }
    }
    if let override = override(for: .timeStep), case .expression(let value) = override.value {
      syntax = value
    }
    guard let syntax else {
      if checksCompleteness, warnsWhenMissing {
        report(
          .warning(
            "no time step declared; assuming dt = \(Checker.defaultTimeStep)", at: fileRange))
      }
      return Checker.defaultTimeStep
    }
    guard let value = evaluateConstant(syntax, in: .constant("dt")) else { return nil }
    guard value > 0 else {
      report(.error("dt must be positive, but it is \(Checker.format(value))", at: syntax.range))
      return nil
    }
    return value
  }

  private func lowerIntegrator() -> Integrator? {
    var name: NameSyntax?
    for statement in statements {
      guard case .integrator(let written) = statement.kind else { continue }
      if let first = name {
        report(
          .error(
            "the integrator is already declared", at: written.range,
            notes: [.init("the first declaration is here", at: first.range)]))
      } else {
        name = written
      }
    }
    if let override = override(for: .integrator), case .name(let written) = override.value {
      name = written
    }
    guard let name else { return .rk4 }
    guard let integrator = Integrator(rawValue: name.text) else {
      let all = Integrator.allCases.map(\.rawValue)
      report(
        .error(
          "unknown integrator '\(name.text)'\(Suggestion.didYouMean(name.text, among: all)) "
            + "(choose \(all.joined(separator: ", ")))", at: name.range))
      return nil
    }
    return integrator
  }
}
