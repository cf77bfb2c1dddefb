import PhysicsVAE
import PriorLanguage

extension REPL {
  /// One REPL command: its name with the colon, its arguments and what it does.
  struct CommandHelp {
    var name: String
    var arguments: String
    var abstract: String
  }

  static let commands = [
    CommandHelp(name: ":load", arguments: "FILE", abstract: "Load a .prior file as the session."),
    CommandHelp(
      name: ":show", arguments: "",
      abstract: "Show the session's prior: params, equations, derivatives, noise, init."),
    CommandHelp(
      name: ":diff", arguments: "EXPR wrt NAME",
      abstract: "The derivative of EXPR with respect to a state component or param."),
    CommandHelp(
      name: ":simulate", arguments: "[STEPS]",
      abstract: "Simulate the session (default 100 steps; GP, i.i.d.: draws) and plot it."),
    CommandHelp(
      name: ":set", arguments: "NAME=VALUE",
      abstract: "Override a param, dt, integrator, noise.X or init.X (init.x=1.2)."),
    CommandHelp(
      name: ":vars", arguments: "", abstract: "List what the session defines: params, states..."),
    CommandHelp(name: ":reset", arguments: "", abstract: "Forget every declaration and override."),
    CommandHelp(name: ":help", arguments: "", abstract: "Show this help."),
    CommandHelp(
      name: ":quit", arguments: "", abstract: "Leave the REPL (also exit, quit or Ctrl-D)."),
  ]

  /// Runs a `:command`; returns false for `:quit`.
  func runCommand(_ input: String) -> Bool {
    let name = String(input.prefix { !$0.isWhitespace })
    let argument = String(input.dropFirst(name.count)).trimmingWhitespace
    switch name {
    case ":quit", ":q", ":exit":
      return false
    case ":help", ":h", ":?":
      showHelp()
    case ":load", ":l":
      load(argument)
    case ":show":
      context.standardOutput.write(
        PriorDescription(model: session.model, path: loadedPath)
          .render(for: context.standardOutput))
    case ":diff":
      differentiate(argument)
    case ":simulate", ":sim":
      simulate(argument)
    case ":set":
      set(argument)
    case ":vars":
      listDefinitions()
    case ":reset":
      session = PriorSession(name: "<session>")
      loadedPath = nil
      context.standardOutput.writeLine("session cleared")
    default:
      let suggestion = closestMatch(to: name, among: REPL.commands.map(\.name))
      fail(
        "unknown command '\(name)'",
        hint: suggestion.map { "did you mean '\($0)'? (:help lists the commands)" }
          ?? ":help lists the commands")
    }
    return true
  }

  private func showHelp() {
    let output = context.standardOutput
    output.writeLine(output.styled("Commands", .bold))
    let labels = REPL.commands.map { $0.arguments.isEmpty ? $0.name : "\($0.name) \($0.arguments)" }
    let width = labels.map(\.count).max() ?? 0
    for (label, command) in zip(labels, REPL.commands) {
      output.writeLine(
        "  " + label + String(repeating: " ", count: width - label.count + 2) + command.abstract)
    }
    output.writeLine(
      """

      \(output.styled("Language", .bold))
        param k = 9.81 in [0.1, 100] learn     let energy = x'^2/2 - k*cos(x)
        def sq(a) = a*a                        x'' = -k*sin(x) - c*x'
        noise x ~ 0.01    init x ~ uniform(-1.6, 1.6)    observe x    dt = 0.05
        integrator rk4|euler|symplectic
        latent x ~ normal(0, 1)                gp x ~ se(lengthscale = 5, variance = 1)
      Declarations join the session's prior; an expression such as k*sin(x) prints its
      value (params at their values, states at the mean of their init). A line continues
      while parentheses are open, after an operator, or after a final backslash.
      Tab completes commands and names.
      """)
  }

  /// The session's params with their values, state components, lets and defs, one kind a
  /// line, the kinds with nothing left out.
  private func listDefinitions() {
    let names = session.names
    let parameters = session.model.parameters.map { "\($0.name) = \(formatValue($0.value))" }
    let lines = [
      ("params", parameters), ("states", names.stateComponents), ("lets", names.lets),
      ("defs", names.defs),
    ].filter { !$0.1.isEmpty }
    guard !lines.isEmpty else {
      context.standardOutput.writeLine("nothing is defined yet")
      return
    }
    for (kind, list) in lines {
      context.standardOutput.writeLine(
        kind + String(repeating: " ", count: 8 - kind.count) + list.joined(separator: ", "))
    }
  }

  private func load(_ path: String) {
    guard !path.isEmpty else {
      fail("':load' needs a file", hint: "write :load Priors/pendulum.prior")
      return
    }
    do {
      session = try PriorSession(contentsOfFile: path)
      loadedPath = path
      let model = session.model
      context.standardOutput.writeLine(
        "loaded prior \(model.name): \(pluralized(model.states.count, "state")), "
          + "\(pluralized(model.parameters.count, "param"))")
    } catch {
      context.printDiagnostics(error.diagnostics)
    }
  }

  private func differentiate(_ argument: String) {
    guard let wrt = argument.range(of: " wrt ", options: .backwards) else {
      fail("':diff' needs 'EXPR wrt NAME'", hint: "write :diff x'^2/2 - k*cos(x) wrt x")
      return
    }
    let expression = String(argument[..<wrt.lowerBound]).trimmingWhitespace
    let name = String(argument[wrt.upperBound...]).trimmingWhitespace
    do {
      let derivative = try session.derivative(of: expression, withRespectTo: name)
      context.standardOutput.writeLine(session.model.text(of: derivative))
    } catch {
      context.printDiagnostics(error.diagnostics)
    }
  }

  private func simulate(_ argument: String) {
    let steps: Int
    if argument.isEmpty {
      steps = 100
    } else if let value = Int(argument), (1...100_000).contains(value) {
      steps = value
    } else {
      fail("':simulate' takes a number of steps from 1 to 100000, not '\(argument)'")
      return
    }
    guard !session.model.states.isEmpty else {
      fail("the session has no equations to simulate", hint: "declare one, e.g. x'' = -x")
      return
    }
    let model = session.model
    simulationCount += 1
    let simulation: Simulation
    do {
      simulation =
        try LatentDraws.simulation(of: model, steps: steps, samples: 1, seed: simulationCount)
        ?? CompiledPrior(model).simulate(
          steps: steps, samples: 1, seed: simulationCount, noise: true)
    } catch {
      fail("cannot draw from the session's prior: \(error)")
      return
    }
    let output = context.standardOutput
    let times = (0...steps).map(simulation.time(ofStep:))
    let drawn = model.kind == .dynamics ? "one rollout" : "one draw"
    var plot = LinePlot(
      width: max(20, min(output.width - 14, 72)), height: 14,
      title: "\(model.name): \(drawn) of \(steps) steps (seed \(simulationCount))",
      xLabel: "t")
    let d = model.states.count
    for (index, state) in model.states.enumerated() {
      // Sample 0's states are the first (steps + 1) x d values.
      let values = (0...steps).map { simulation.states[$0 * d + index] }
      plot.add(state.name, x: times, y: values)
    }
    // Observations other than a state itself (the pulsar's brightness, not h(x) = x).
    let o = model.observations.count
    for (index, observation) in model.observations.enumerated()
    where model.states.firstIndex(where: { $0.name == observation.name }) == nil {
      let values = (0...steps).map { simulation.observations[$0 * o + index] }
      plot.add(observation.name, x: times, y: values)
    }
    output.write(plot.render(for: output))
    if let divergence = simulation.divergence { fail(divergence.description) }
  }

  private func set(_ argument: String) {
    do {
      try session.apply([try Override(parsing: argument, label: ":set")])
      context.standardOutput.writeLine("set \(argument.trimmingWhitespace)")
    } catch {
      context.printDiagnostics(error.diagnostics)
    }
  }
}
