/// Which family of prior a `.prior` file states. A file is one kind: its statements decide
/// which (equations: `.dynamics`; `latent`: `.independent`; `gp`: `.gaussianProcess`), and
/// the checker rejects a file that mixes them.
///
/// For the two kinds without dynamics the model's latents are its variables, one state
/// component each (`ConfigurationVariable.order` 1, `StateComponent.derivativeOrder` 0), with
/// G = 0, no process noise and the identity observation: the decoder sees the latents.
public enum PriorKind: Hashable, Sendable {
  /// dz/dt = G(z; theta), z_{t+1} = F(z_t) + eps: the equations, noise and init of the file.
  case dynamics
  /// Every frame's latent independent, z_t ~ N(mean, diag std^2) (one entry per latent, in
  /// state order): the plain VAE.
  case independent([IndependentLatent])
  /// Every latent coordinate an independent Gaussian process over time, z_k(.) ~ GP(0, k_k)
  /// (one entry per latent, in state order), with inputs t_i = i dt.
  case gaussianProcess([GaussianProcessLatent])

  /// How messages and `vidlat show` name the kind.
  public var name: String {
    switch self {
    case .dynamics: "ODE"
    case .independent: "i.i.d. Gaussian"
    case .gaussianProcess: "Gaussian-process"
    }
  }

  /// "an ODE prior", "an i.i.d. Gaussian prior", "a Gaussian-process prior".
  public var described: String {
    switch self {
    case .dynamics, .independent: "an \(name) prior"
    case .gaussianProcess: "a \(name) prior"
    }
  }
}

/// `latent x ~ normal(mean, std)`: one coordinate of every frame's latent.
public struct IndependentLatent: Hashable, Sendable {
  public var name: String
  public var mean: Double
  public var standardDeviation: Double

  public init(name: String, mean: Double, standardDeviation: Double) {
    self.name = name
    self.mean = mean
    self.standardDeviation = standardDeviation
  }
}

/// `gp x ~ se(lengthscale = 5, variance = 1)`: one latent coordinate's path over time.
public struct GaussianProcessLatent: Hashable, Sendable {
  public var name: String
  public var kernel: Kernel

  public init(name: String, kernel: Kernel) {
    self.name = name
    self.kernel = kernel
  }
}

/// A stationary covariance function k(tau) of the time difference tau, with its
/// hyperparameters in `family.hyperparameterNames` order.
public struct Kernel: Hashable, Sendable {
  public var family: KernelFamily
  public var hyperparameters: [Hyperparameter]

  public init(family: KernelFamily, hyperparameters: [Hyperparameter]) {
    precondition(hyperparameters.count == family.hyperparameterNames.count)
    self.family = family
    self.hyperparameters = hyperparameters
  }

  /// The hyperparameters' values with the parameters `theta`.
  public func values(_ theta: [Double]) -> [Double] { hyperparameters.map { $0.value(theta) } }
}

/// The kernels a `gp` can use. Lengthscales and periods are in the file's time unit, the unit
/// of `dt` (frame i is at time i dt; `dt = 1` measures them in frames).
public enum KernelFamily: String, CaseIterable, Hashable, Sendable {
  /// v exp(-tau^2 / (2 l^2)): infinitely smooth paths.
  case se
  /// v exp(-2 sin^2(pi tau / p) / l^2): paths that repeat with period p (rotations).
  case periodic
  /// v (1 + sqrt 3 tau / l) exp(-sqrt 3 tau / l): once-differentiable paths.
  case matern32

  /// The named arguments, in the order `Kernel.hyperparameters` holds them.
  public var hyperparameterNames: [String] {
    switch self {
    case .se, .matern32: ["lengthscale", "variance"]
    case .periodic: ["lengthscale", "period", "variance"]
    }
  }

  /// The kernel as it is written, for messages.
  public var example: String {
    switch self {
    case .se: "se(lengthscale = 5, variance = 1)"
    case .periodic: "periodic(lengthscale = 1, period = 20, variance = 1)"
    case .matern32: "matern32(lengthscale = 5, variance = 1)"
    }
  }
}

/// A kernel hyperparameter: a fixed value, or a param (its value theta_i, learned when the
/// param is `learn`).
public enum Hyperparameter: Hashable, Sendable {
  case fixed(Double)
  /// Index into `PriorModel.parameters`.
  case parameter(Int)

  public func value(_ theta: [Double]) -> Double {
    switch self {
    case .fixed(let value): value
    case .parameter(let index): theta[index]
    }
  }
}
