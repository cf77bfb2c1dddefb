import PriorLanguage
import Testing

/// The i.i.d. and Gaussian-process kinds of prior: lowering, and every diagnostic they add.
@Suite struct PriorKindTests {
  @Test func independentLatentsLowerToStatesWithoutDynamics() throws {
    let prior = try shippedPrior("iid")
    #expect(prior.warnings.isEmpty)
    #expect(prior.model.states.map(\.name) == ["x", "y"])
    #expect(prior.model.dynamics == [.constant(0), .constant(0)])
    #expect(prior.model.observations.map(\.expression) == [.state(0), .state(1)])
    #expect(
      prior.model.kind
        == .independent([
          IndependentLatent(name: "x", mean: 0, standardDeviation: 1),
          IndependentLatent(name: "y", mean: 0, standardDeviation: 1),
        ]))
  }

  @Test func gaussianProcessLatentsKeepTheirKernels() throws {
    let prior = try shippedPrior("gpball")
    #expect(prior.warnings.isEmpty)
    #expect(prior.model.dt == 1)
    let se = Kernel(family: .se, hyperparameters: [.fixed(5), .fixed(1)])
    #expect(
      prior.model.kind
        == .gaussianProcess([
          GaussianProcessLatent(name: "x", kernel: se),
          GaussianProcessLatent(name: "y", kernel: se),
        ]))
  }

  @Test func hyperparametersMayBeLearnedParams() throws {
    let prior = try Prior(
      source: """
        param ell = 3 in [0.5, 50] learn
        param p = 2
        dt = 0.1
        gp u ~ periodic(variance = 2*p, period = p, lengthscale = ell)
        """)
    guard case .gaussianProcess(let latents) = prior.model.kind else {
      Issue.record("not a GP prior")
      return
    }
    #expect(latents[0].kernel.hyperparameters == [.parameter(0), .parameter(1), .fixed(4)])
    #expect(latents[0].kernel.values([7, 3]) == [7, 3, 4])
    #expect(try prior.applying([Override(parsing: "ell=5")]).model.parameters[0].value == 5)
  }

  @Test func aFileIsOneKind() {
    expectDiagnostics(
      """
      gp x ~ se(lengthscale = 5, variance = 1)
      latent y ~ normal(0, 1)
      z' = -z
      """,
      [
        "2:1: error: a prior is one kind, and this file is a Gaussian-process prior (gp x ~ "
          + "se(...)), so it cannot also have a 'latent'; write the other kind in a file of its own",
        "3:1: error: a prior is one kind, and this file is a Gaussian-process prior (gp x ~ "
          + "se(...)), so it cannot also have an equation; write the other kind in a file of its "
          + "own",
      ])
  }

  @Test func odeStatementsAreRejectedInOtherKinds() {
    expectDiagnostics(
      """
      latent x ~ normal(0, 1)
      noise x ~ 0.1
      observe x
      """,
      [
        "2:1: error: 'noise' belongs to ODE priors, and this file is an i.i.d. prior (latent x "
          + "~ normal(0, 1)); i.i.d. latents have no dynamics, so no process noise",
        "3:1: error: 'observe' belongs to ODE priors, and this file is an i.i.d. prior (latent "
          + "x ~ normal(0, 1)); the decoder sees the latents themselves",
      ])
    let check = Prior.check(
      SourceFile(path: "t", text: "gp x ~ se(lengthscale = 1, variance = 1)\ndt = 1"),
      overrides: [try! Override(parsing: "noise.x=0.1")])
    #expect(
      check.diagnostics.errors.map(\.message) == [
        "noise.x applies to ODE priors only, and this prior is a Gaussian-process prior (gp x ~ "
          + "se(...))"
      ])
  }

  @Test func kernelsAreChecked() {
    expectDiagnostics(
      """
      param ell = 3 learn
      param q = 2 in [1, 3] learn
      dt = 1
      gp a ~ sq(lengthscale = 1, variance = 1)
      gp b ~ se(lengthscale = 1, varience = 1)
      gp c ~ periodic(lengthscale = 1, variance = 1)
      gp d ~ se(5, 1)
      gp u ~ se(lengthscale = ell, variance = 1)
      gp f ~ se(lengthscale = 2*q, variance = 0)
      gp g ~ se(lengthscale = 1, variance = 1, variance = 2)
      """,
      [
        "4:8: error: unknown kernel 'sq'; did you mean 'se'? (choose se, periodic, matern32)",
        "5:28: error: se has no argument 'varience'; did you mean 'variance'? (it takes "
          + "lengthscale, variance, as in se(lengthscale = 5, variance = 1))",
        "6:8: error: periodic needs 'period', as in gp c ~ periodic(lengthscale = 1, period = "
          + "20, variance = 1)",
        "7:11: error: kernel arguments are named, as in se(lengthscale = 5, variance = 1); "
          + "found number 5",
        "8:25: error: the lengthscale of gp 'u' is learned, so param 'ell' needs a positive "
          + "range, as in param ell = 3 in [0.3, 30] learn",
        "9:25: error: the lengthscale of gp 'f' uses a learnable param inside an expression; a "
          + "hyperparameter is learned only when it is a param on its own (lengthscale = NAME)",
        "9:41: error: the variance of gp 'f' must be a positive number, but it is 0",
        "10:42: error: 'variance' is already given",
      ])
    let check = Prior.check(
      SourceFile(path: "t", text: "dt = 1\ngp b ~ se(lengthscale = 1, varience = 1)"))
    #expect(check.diagnostics.errors.first?.fixIt == "variance")
  }

  @Test func independentLatentsAreNormal() {
    expectDiagnostics(
      """
      latent x ~ uniform(0, 1)
      latent y ~ normal(0, 0)
      latent x ~ normal(0, 1)
      """,
      [
        "1:12: error: an i.i.d. latent is Gaussian: write latent x ~ normal(mean, std)",
        "2:22: error: the standard deviation of latent 'y' must be positive, but it is 0",
        "3:8: error: 'x' is already declared",
      ])
  }

  @Test func aMissingTimeStepWarnsOnlyWhereItMatters() {
    expectDiagnostics("latent x ~ normal(0, 1)", [], including: [.error, .warning])
    expectDiagnostics(
      "gp x ~ se(lengthscale = 5, variance = 1)",
      ["1:1: warning: no time step declared; assuming dt = 0.05"], including: [.error, .warning])
  }

  @Test func theSessionAcceptsAndReplacesLatents() {
    var session = PriorSession()
    guard case .declared = session.submit("gp x ~ se(lengthscale = 5, variance = 1)") else {
      Issue.record("rejected")
      return
    }
    guard
      case .declared(let replaced, _) = session.submit(
        "gp x ~ matern32(lengthscale = 2, variance = 1)")
    else {
      Issue.record("rejected")
      return
    }
    #expect(replaced == ["gp x ~ se(lengthscale = 5, variance = 1)"])
    guard case .rejected(let error) = session.submit("y' = -y") else {
      Issue.record("accepted a second kind")
      return
    }
    #expect(error.errors.first?.message.hasPrefix("a prior is one kind") == true)
    // Declaring x again replaces it, here by an equation: the session becomes an ODE prior.
    guard case .declared = session.submit("x' = -x") else {
      Issue.record("rejected")
      return
    }
    #expect(session.model.kind == .dynamics)
  }
}
