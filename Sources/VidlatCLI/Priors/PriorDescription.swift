import Foundation
import PriorLanguage

/// A prior described for people, as `vidlat show` and the REPL's `:show` print it.
struct PriorDescription {
  var model: PriorModel
  /// Where the prior came from (a file path), if anywhere.
  var path: String?

  func render(for output: TextOutput) -> String {
    let symbolic = SymbolicPrior(model)
    let states = model.states.map(\.name)
    let parameters = model.parameters.map(\.name)
    var sections: [String] = []
    func section(_ title: String, _ body: String) {
      sections.append(output.styled(title, .bold) + "\n" + body)
    }
    func text(_ expression: PriorLanguage.Expression) -> String { model.text(of: expression) }
    /// The time derivative of a state component as written: `x''` for `x'`.
    func derivative(_ index: Int) -> String { states[index] + "'" }

    let summary =
      model.kind == .dynamics
      ? "\(pluralized(states.count, "state")), \(pluralized(parameters.count, "param")), "
        + "\(pluralized(model.observations.count, "observation")); "
        + "dt = \(number(model.dt)), integrator \(model.integrator.rawValue)"
      : "\(model.kind.name) prior: \(pluralized(states.count, "latent")), "
        + "\(pluralized(parameters.count, "param")); dt = \(number(model.dt))"
    sections.append(
      output.styled("prior \(model.name)", .bold) + (path.map { "  (\($0))" } ?? "") + "\n"
        + summary)

    if !model.parameters.isEmpty {
      var table = Table(
        headers: ["name", "value", "unit", "range", "learnable"], alignments: [.left, .right])
      for parameter in model.parameters {
        let range = parameter.range.map { "[\(number($0.lowerBound)), \(number($0.upperBound))]" }
        table.append([
          parameter.name, number(parameter.value), parameter.unit ?? "", range ?? "",
          parameter.isLearnable ? "yes" : "no",
        ])
      }
      section("PARAMS", indent(table.render()))
    }

    if let latents = latentDescription {
      section(latents.title, latents.body)
      return sections.joined(separator: "\n\n") + "\n"
    }

    if !model.variables.isEmpty {
      section(
        "STATES  z = (\(states.joined(separator: ", ")))",
        aligned(
          model.variables.map { variable in
            let components = states[
              variable.firstStateIndex..<variable.firstStateIndex + variable.order]
            return (variable.name, "order \(variable.order): \(components.joined(separator: ", "))")
          }, separator: "  "))
    }

    guard !states.isEmpty else {
      section("DYNAMICS  dz/dt = G(z)", "  (no equations yet)")
      return sections.joined(separator: "\n\n") + "\n"
    }
    section(
      "DYNAMICS  dz/dt = G(z)",
      aligned(states.indices.map { ("d\(states[$0])/dt", text(symbolic.dynamics[$0])) }))

    section(
      "JACOBIAN  dG/dz  (nonzero entries)",
      aligned(
        nonzero(symbolic.stateJacobian) { row, column in
          "d(\(derivative(row)))/d\(states[column])"
        }, empty: "(all zero)"))

    if !parameters.isEmpty {
      section(
        "PARAMETER JACOBIAN  dG/dtheta  (nonzero entries)",
        aligned(
          nonzero(symbolic.parameterJacobian) { row, column in
            "d(\(derivative(row)))/d\(parameters[column])"
          }, empty: "(all zero)"))
    }

    section(stepJacobianTitle(), stepJacobian())

    section(
      "NOISE  (standard deviation per step)",
      aligned(states.indices.map { (states[$0], number(model.noiseStandardDeviations[$0])) }))

    section(
      "INIT",
      aligned(states.indices.map { (states[$0], distribution(model.initial[$0])) }))

    // An observation named like a state component (the default `observe x`) is h(x).
    let observationNames = model.observations.map {
      states.contains($0.name) ? "h(\($0.name))" : $0.name
    }
    // dh/dtheta is listed only when h depends on a parameter (e.g. a pulse width).
    let parameterDerivatives = nonzero(symbolic.observationParameterJacobian) { row, column in
      "d\(observationNames[row])/d\(parameters[column])"
    }
    section(
      "OBSERVATIONS  h(z)",
      aligned(
        observationNames.indices.map { (observationNames[$0], text(symbolic.observations[$0])) })
        + "\n"
        + aligned(
          nonzero(symbolic.observationJacobian) { row, column in
            "d\(observationNames[row])/d\(states[column])"
          }, empty: "(no dependence on the state)")
        + (parameterDerivatives.isEmpty ? "" : "\n" + aligned(parameterDerivatives)))

    let planes = PriorSymmetries(model).phasePlanes
    if !planes.isEmpty {
      section(
        "PHASE PLANES  (the prior turns them; the video shows only their angle)",
        planes.map {
          "  (\(states[$0.plane.first]), \(states[$0.plane.second])): one turn every "
            + String(format: "%.4g", $0.stepsPerTurn)
            + " steps; the trainer chooses its settings (docs/method.md, \"Phase planes\")"
        }.joined(separator: "\n"))
    }
    return sections.joined(separator: "\n\n") + "\n"
  }

  /// The state where dF/dz is evaluated: the mean of each initial distribution.
  private var meanInitialState: [Double] { model.initial.map(\.mean) }

  private func stepJacobianTitle() -> String {
    let at = zip(model.states, meanInitialState).map { "\($0.name) = \(number($1))" }
    return "STEP JACOBIAN  dF/dz  (one \(model.integrator.rawValue) step, at the mean initial "
      + "state \(at.joined(separator: ", ")))"
  }

  /// dF/dz evaluated numerically by the compiled prior, as a matrix with named rows (F_i)
  /// and columns (z_j).
  private func stepJacobian() -> String {
    let d = model.states.count
    let compiled = CompiledPrior(model)
    let jacobian = compiled.step(
      states: meanInitialState, count: 1, parameters: compiled.defaultParameters,
      jacobians: true
    ).stateJacobian
    var table = Table(
      headers: ["F \\ z"] + model.states.map(\.name),
      alignments: [.left] + Array(repeating: .right, count: d))
    for row in 0..<d {
      table.append(
        [model.states[row].name] + (0..<d).map { String(format: "%.6g", jacobian[row * d + $0]) })
    }
    return indent(table.render())
  }

  private func distribution(_ distribution: InitialDistribution) -> String {
    switch distribution {
    case .fixed(let value): "= \(number(value))"
    case .uniform(let lower, let upper): "~ uniform(\(number(lower)), \(number(upper)))"
    case .normal(let mean, let deviation): "~ normal(\(number(mean)), \(number(deviation)))"
    }
  }

  /// `label = text` for the entries of `matrix` that are not the constant 0.
  private func nonzero(_ matrix: [[PriorLanguage.Expression]], label: (Int, Int) -> String) -> [(
    String, String
  )] {
    var entries: [(String, String)] = []
    for (row, expressions) in matrix.enumerated() {
      for (column, expression) in expressions.enumerated() where expression != .constant(0) {
        entries.append((label(row, column), model.text(of: expression)))
      }
    }
    return entries
  }

  func number(_ value: Double) -> String {
    model.text(of: .constant(value))
  }
}

/// `left = right` lines with the `=` signs aligned, indented by two spaces. A right side
/// that starts with its own `~` or `=` gets a space instead, as does any when a
/// `separator` is given.
private func aligned(
  _ entries: [(String, String)], empty: String = "", separator: String? = nil
) -> String {
  guard !entries.isEmpty else { return "  " + empty }
  let width = entries.map(\.0.count).max() ?? 0
  return entries.map { left, right in
    let separator =
      separator ?? (right.hasPrefix("~ ") || right.hasPrefix("= ") ? " " : " = ")
    return "  " + left + String(repeating: " ", count: width - left.count) + separator + right
  }.joined(separator: "\n")
}

/// Every line of `text` indented by two spaces, without the final newline.
private func indent(_ text: String) -> String {
  text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    .map { "  " + $0 }.joined(separator: "\n")
}
