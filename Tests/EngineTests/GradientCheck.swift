import Engine
import Testing
import VidlatSupport

/// Central finite differences of a scalar function of a tensor: (f(x + h e_i) - f(x - h e_i)) / 2h.
func numericalGradient(
  of f: (Tensor<Double>) -> Double, at x: Tensor<Double>, step: Double = 1e-6
) -> Tensor<Double> {
  var gradient = Tensor<Double>(zeros: x.shape)
  for i in 0..<x.count {
    var plus = x
    plus.scalars[i] += step
    var minus = x
    minus.scalars[i] -= step
    gradient.scalars[i] = (f(plus) - f(minus)) / (2 * step)
  }
  return gradient
}

/// Expects `analytic` to match `numeric` elementwise within `tolerance`, relative to
/// max(1, |value|).
func expectClose(
  _ analytic: Tensor<Double>, _ numeric: Tensor<Double>, tolerance: Double = 1e-6,
  _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(analytic.shape == numeric.shape, "\(what): shape", sourceLocation: sourceLocation)
  var worst = 0.0
  for (a, n) in zip(analytic.scalars, numeric.scalars) {
    worst = max(worst, abs(a - n) / max(1, abs(a), abs(n)))
  }
  #expect(
    worst <= tolerance, "\(what): worst relative error \(worst)", sourceLocation: sourceLocation)
}

/// Checks a layer's input and parameter gradients against central finite differences of
/// the scalar loss sum(weights * layer(x)), with fixed random weights.
func checkLayerGradients<L: Layer>(
  _ layer: L, input: Tensor<Double>, seed: UInt64 = 7, tolerance: Double = 1e-6,
  sourceLocation: SourceLocation = #_sourceLocation
) where L.Scalar == Double {
  var generator = SeededGenerator(seed: seed)
  var probe = layer
  let output = probe.forward(input)
  let weights = Tensor<Double>.randomNormal(shape: output.shape, using: &generator)

  func loss(_ model: L, _ x: Tensor<Double>) -> Double {
    var copy = model
    return (copy.forward(x) * weights).sum()
  }

  var analytic = layer
  analytic.zeroGradients()
  _ = analytic.forward(input)
  let inputGradient = analytic.backward(weights)
  expectClose(
    inputGradient, numericalGradient(of: { loss(layer, $0) }, at: input),
    tolerance: tolerance, "\(layer.name) input", sourceLocation: sourceLocation)

  for (name, value) in layer.namedParameters {
    var gradient: Tensor<Double>?
    analytic.visitParameters { other, parameter in
      if other == name { gradient = parameter.gradient }
    }
    func lossAt(_ newValue: Tensor<Double>) -> Double {
      var model = layer
      model.visitParameters { other, parameter in
        if other == name { parameter.value = newValue }
      }
      return loss(model, input)
    }
    expectClose(
      gradient!, numericalGradient(of: lossAt, at: value), tolerance: tolerance,
      "\(layer.name) \(name)", sourceLocation: sourceLocation)
  }
}
