import PriorLanguage

/// `vidlat show FILE`: what a prior means once checked.
struct ShowCommand: Command {
  static let configuration = CommandConfiguration(
    name: "show",
    abstract: "Show a prior: states, params, equations, derivatives, noise, init.",
    discussion: """
      Prints the checked model with lets and defs inlined and expressions simplified: the \
      params, the dynamics dz/dt = G(z), the nonzero entries of the Jacobians dG/dz and \
      dG/dtheta and of dh/dz (symbolic), the Jacobian dF/dz of one integrator step \
      evaluated at the mean initial state, the process noise, the initial distribution and \
      the observations; last, any phase plane (a pair of states that the prior turns and \
      the video shows only by its angle), for which vidlat train chooses its settings.
      """,
    arguments: [
      .argument("file", help: "The .prior file."),
      .option(
        "set", value: "name=value", occurs: .repeatedly,
        help: "Override a param, dt, integrator, noise.X or init.X before showing."),
    ])

  var path: String
  var settings: [String]

  init(arguments: ParsedArguments) throws(UsageError) {
    path = try arguments.value("file", as: .string)
    settings = try arguments.values("set", as: .string)
  }

  func run(context: CommandContext) throws {
    let prior = try context.loadPrior(path, settings: settings)
    context.standardOutput.write(
      PriorDescription(model: prior.model, path: path).render(for: context.standardOutput))
  }
}
