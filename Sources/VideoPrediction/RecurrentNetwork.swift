import Engine

/// SVG's recurrent block: a dense embedding, a stacked `LSTM`, a dense output layer:
///
///     e_t = x_t W_e + b_e,   s_t = LSTM(e_t; state),   y_t = act(s_t W_o + b_o)
///
/// (the frame predictor: act = tanh, y_t = g_t; `GaussianLSTM`: identity, y_t = [mu, logvar]).
///
/// Two ways to run it. In training every input is known before the network runs (teacher
/// forcing), so `forward(sequence:batch:)` embeds all steps with one gemm, runs the LSTM on
/// the whole sequence (`LSTM.forward(sequence:batch:)`: per layer one gemm for the inputs
/// of all steps and one per step for the recurrence), and applies the output layer to all
/// steps with one gemm; `backward(sequence:)` mirrors it (output layer once,
/// `LSTM.backward(sequence:)`, whose weight gradients are one gemm over all steps, embedding
/// once). At generation
/// the input of a step depends on the previous output, so `reset(batch:)` and `step(_:)`
/// run one step at a time (no backward).
///
/// Sequences are time-major: `[steps * batch, size]`, step t in rows t * batch ..< (t + 1)
/// * batch. Parameters: `"embed."`, `"lstm."` (`"lstm.0.weight"`...), `"output."`.
public struct RecurrentNetwork<Scalar: BLASScalar>: ParameterContainer {
  public var embed: Dense<Scalar>
  public var lstm: LSTM<Scalar>
  public var output: Dense<Scalar>

  public init(
    inputSize: Int, hiddenSize: Int, layers: Int, outputSize: Int, outputActivation: Activation,
    generator: inout some RandomNumberGenerator
  ) {
    embed = Dense(inputSize: inputSize, outputSize: hiddenSize, generator: &generator)
    lstm = LSTM(
      inputSize: hiddenSize, hiddenSize: hiddenSize, layers: layers, generator: &generator)
    output = Dense(
      inputSize: hiddenSize, outputSize: outputSize, activation: outputActivation,
      generator: &generator)
  }

  public var inputSize: Int { embed.inputSize }
  public var outputSize: Int { output.outputSize }

  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    try embed.visitParameters(prefix: prefix + "embed.", body)
    try lstm.visitParameters(prefix: prefix + "lstm.", body)
    try output.visitParameters(prefix: prefix + "output.", body)
  }

  /// Runs a whole time-major sequence `[steps * batch, inputSize]` from a zero state and
  /// returns `[steps * batch, outputSize]`; caches for `backward(sequence:)`.
  public mutating func forward(sequence input: Tensor<Scalar>, batch: Int) -> Tensor<Scalar> {
    precondition(
      input.rank == 2 && input.shape[1] == inputSize && batch > 0 && input.shape[0] % batch == 0,
      "RecurrentNetwork expects [steps * \(batch), \(inputSize)], got \(input.shape)")
    let states = lstm.forward(sequence: embed.forward(input), batch: batch)
    return output.forward(states)
  }

  /// The backward pass of the last `forward(sequence:batch:)`: adds parameter gradients and
  /// returns dL/d(input) `[steps * batch, inputSize]`.
  public mutating func backward(sequence outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
    embed.backward(lstm.backward(sequence: output.backward(outputGradient)))
  }

  /// Starts step-by-step use (generation) with a zero state.
  public mutating func reset(batch: Int) {
    lstm.reset(batch: batch)
  }

  /// One step `[batch, inputSize]` -> `[batch, outputSize]`, for generation.
  public mutating func step(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    output.forward(lstm.step(embed.forward(input)))
  }
}

/// A Gaussian LSTM: a `RecurrentNetwork` whose output `[rows, 2 z]` is read as the mean
/// (first z columns) and the log-variance (last z) of a diagonal Gaussian over z_t. SVG's
/// posterior q(z_t | x_1..t) (on h_t) and learned prior p(z_t | x_1..t-1) (on h_{t-1}).
/// (The paper's two output layers, one for mu, one for log sigma^2, are the two halves of
/// the one output layer here.)
public struct GaussianLSTM<Scalar: BLASScalar>: ParameterContainer {
  public var network: RecurrentNetwork<Scalar>

  public init(
    inputSize: Int, hiddenSize: Int, layers: Int, latentSize: Int,
    generator: inout some RandomNumberGenerator
  ) {
    network = RecurrentNetwork(
      inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, outputSize: 2 * latentSize,
      outputActivation: .identity, generator: &generator)
  }

  public var latentSize: Int { network.outputSize / 2 }

  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    try network.visitParameters(prefix: prefix, body)
  }

  /// Mean and log-variance `[steps * batch, z]` for a time-major input sequence.
  public mutating func forward(
    sequence input: Tensor<Scalar>, batch: Int
  ) -> (mean: Tensor<Scalar>, logVariance: Tensor<Scalar>) {
    network.forward(sequence: input, batch: batch).splitColumns(at: latentSize)
  }

  /// dL/d(input) given dL/d(mean) and dL/d(log-variance); adds parameter gradients.
  public mutating func backward(
    meanGradient: Tensor<Scalar>, logVarianceGradient: Tensor<Scalar>
  ) -> Tensor<Scalar> {
    network.backward(sequence: Tensor(concatenatingColumns: meanGradient, logVarianceGradient))
  }

  public mutating func reset(batch: Int) { network.reset(batch: batch) }

  /// One step, for generation.
  public mutating func step(
    _ input: Tensor<Scalar>
  ) -> (mean: Tensor<Scalar>, logVariance: Tensor<Scalar>) {
    network.step(input).splitColumns(at: latentSize)
  }
}
