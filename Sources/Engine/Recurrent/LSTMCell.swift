/// One layer of an `LSTM`: the gate weights and the forward and backward arithmetic of a
/// single time step on a batch. `LSTM` stacks cells and keeps their state and caches.
///
/// With input x `[batch, inputSize]`, previous hidden state h and cell state c `[batch, H]`,
/// and the joined row [x, h] `[batch, inputSize + H]`:
///
///     a = [x, h] W + b                                  (one gemm; W is [inputSize + H, 4H])
///     i = sigmoid(a_i), f = sigmoid(a_f), g = tanh(a_g), o = sigmoid(a_o)
///     c' = f * c + i * g
///     h' = o * tanh(c')
///
/// The four gate blocks of a (and of the columns of W and b) are in the order i, f, g, o
/// (input, forget, candidate, output), as in PyTorch. Backward, given dh' and dc' (the
/// cell-state gradient carried back from the next step):
///
///     dc = dc' + dh' * o * (1 - tanh(c')^2)
///     da_i = dc * g * i (1 - i)        da_f = dc * c * f (1 - f)
///     da_g = dc * i * (1 - g^2)        da_o = dh' * tanh(c') * o (1 - o)
///     dW += [x, h]^T da,  db += column sums of da,  [dx, dh] = da W^T,  dc_prev = dc * f
public struct LSTMCell<Scalar: BLASScalar>: ParameterContainer, Sendable {
  /// `[inputSize + hiddenSize, 4 * hiddenSize]`: rows for x then h, gate blocks i, f, g, o.
  public var weight: Parameter<Scalar>
  /// `[4 * hiddenSize]`, gate blocks i, f, g, o.
  public var bias: Parameter<Scalar>

  /// A cell with weights uniform in +-1/sqrt(hiddenSize) (PyTorch's LSTM initialisation,
  /// which SVG's reference implementation uses) and zero bias except the forget block, set
  /// to `forgetBias`: with f = sigmoid(1) = 0.73 at the start, the cell state (and its
  /// gradient) decays slowly through time instead of being halved at every step, which
  /// lets early training carry information across steps (Jozefowicz et al. 2015).
  public init(
    inputSize: Int, hiddenSize: Int, forgetBias: Scalar = 1,
    generator: inout some RandomNumberGenerator
  ) {
    precondition(inputSize >= 0 && hiddenSize > 0, "invalid LSTM cell sizes")
    let limit = Scalar(1 / Double(hiddenSize).squareRoot())
    weight = Parameter(
      .randomUniform(
        shape: [inputSize + hiddenSize, 4 * hiddenSize], lower: -limit, upper: limit,
        using: &generator))
    var bias = Tensor<Scalar>(zeros: [4 * hiddenSize])
    for j in hiddenSize..<(2 * hiddenSize) { bias.scalars[j] = forgetBias }
    self.bias = Parameter(bias)
  }

  public var hiddenSize: Int { weight.value.shape[1] / 4 }
  public var inputSize: Int { weight.value.shape[0] - hiddenSize }

  public mutating func visitParameters(
    prefix: String, _ body: (String, inout Parameter<Scalar>) throws -> Void
  ) rethrows {
    try body(prefix + "weight", &weight)
    try body(prefix + "bias", &bias)
  }

  /// What one forward step keeps for its backward step.
  struct Cache: Sendable {
    /// [x, h] `[batch, inputSize + H]`.
    var joined: Tensor<Scalar>
    /// The activated gates i, f, g, o `[batch, 4H]`.
    var gates: Tensor<Scalar>
    /// The cell state before the step `[batch, H]`.
    var previousCell: Tensor<Scalar>
    /// tanh of the new cell state `[batch, H]`.
    var cellTanh: Tensor<Scalar>
  }

  /// One step: the new hidden and cell states and the cache for `backward`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func forward(
    _ input: Tensor<Scalar>, hidden: Tensor<Scalar>, cell: Tensor<Scalar>
  ) -> (hidden: Tensor<Scalar>, cell: Tensor<Scalar>, cache: Cache) {
    let batch = input.shape[0]
    let h = hiddenSize
    let width = inputSize + h
    let joined = Tensor(concatenatingColumns: input, hidden)
    var gates = Tensor<Scalar>(zeros: [batch, 4 * h])
    gates.fillRows(with: bias.value)
    joined.scalars.withUnsafeBufferPointer { xh in
      weight.value.scalars.withUnsafeBufferPointer { w in
        gates.scalars.withUnsafeMutableBufferPointer { a in
          Scalar.gemm(
            transposeA: false, transposeB: false, m: batch, n: 4 * h, k: width, alpha: 1,
            a: xh.baseAddress!, lda: width, b: w.baseAddress!, ldb: 4 * h, beta: 1,
            c: a.baseAddress!, ldc: 4 * h)
        }
      }
    }
    var newHidden = Tensor<Scalar>(zeros: [batch, h])
    var newCell = Tensor<Scalar>(zeros: [batch, h])
    var cellTanh = Tensor<Scalar>(zeros: [batch, h])
    gates.scalars.withUnsafeMutableBufferPointer { a in
      cell.scalars.withUnsafeBufferPointer { c in
        newHidden.scalars.withUnsafeMutableBufferPointer { hOut in
          newCell.scalars.withUnsafeMutableBufferPointer { cOut in
            cellTanh.scalars.withUnsafeMutableBufferPointer { tc in
              for row in 0..<batch {
                let base = row * 4 * h
                for j in 0..<h {
                  let i = logistic(a[base + j])
                  let f = logistic(a[base + h + j])
                  let g = Scalar.tanh(a[base + 2 * h + j])
                  let o = logistic(a[base + 3 * h + j])
                  (a[base + j], a[base + h + j]) = (i, f)
                  (a[base + 2 * h + j], a[base + 3 * h + j]) = (g, o)
                  let k = row * h + j
                  let c1 = f * c[k] + i * g
                  let t = Scalar.tanh(c1)
                  cOut[k] = c1
                  tc[k] = t
                  hOut[k] = o * t
                }
              }
            }
          }
        }
      }
    }
    let cache = Cache(joined: joined, gates: gates, previousCell: cell, cellTanh: cellTanh)
    return (newHidden, newCell, cache)
  }

  /// The backward step of `forward`: adds dW and db, returns dx and the gradients with
  /// respect to the previous hidden and cell states.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func backward(
    _ cache: Cache, hiddenGradient: Tensor<Scalar>, cellGradient: Tensor<Scalar>
  ) -> (input: Tensor<Scalar>, hidden: Tensor<Scalar>, cell: Tensor<Scalar>) {
    let batch = hiddenGradient.shape[0]
    let h = hiddenSize
    let width = inputSize + h
    var gateGradient = Tensor<Scalar>(zeros: [batch, 4 * h])
    var previousCellGradient = Tensor<Scalar>(zeros: [batch, h])
    cache.gates.scalars.withUnsafeBufferPointer { a in
      cache.previousCell.scalars.withUnsafeBufferPointer { c in
        cache.cellTanh.scalars.withUnsafeBufferPointer { tc in
          hiddenGradient.scalars.withUnsafeBufferPointer { dh in
            cellGradient.scalars.withUnsafeBufferPointer { dcNext in
              gateGradient.scalars.withUnsafeMutableBufferPointer { da in
                previousCellGradient.scalars.withUnsafeMutableBufferPointer { dcPrev in
                  for row in 0..<batch {
                    let base = row * 4 * h
                    for j in 0..<h {
                      let k = row * h + j
                      let (i, f) = (a[base + j], a[base + h + j])
                      let (g, o) = (a[base + 2 * h + j], a[base + 3 * h + j])
                      let t = tc[k]
                      let dc = dcNext[k] + dh[k] * o * (1 - t * t)
                      da[base + j] = dc * g * i * (1 - i)
                      da[base + h + j] = dc * c[k] * f * (1 - f)
                      da[base + 2 * h + j] = dc * i * (1 - g * g)
                      da[base + 3 * h + j] = dh[k] * t * o * (1 - o)
                      dcPrev[k] = dc * f
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    gateGradient.addColumnSums(into: &bias.gradient)
    var joinedGradient = Tensor<Scalar>(zeros: [batch, width])
    gateGradient.scalars.withUnsafeBufferPointer { da in
      cache.joined.scalars.withUnsafeBufferPointer { xh in
        weight.gradient.scalars.withUnsafeMutableBufferPointer { dw in
          Scalar.addTransposedProduct(
            rows: batch, m: width, n: 4 * h, a: xh.baseAddress!, b: da.baseAddress!,
            into: dw.baseAddress!)
        }
      }
      weight.value.scalars.withUnsafeBufferPointer { w in
        joinedGradient.scalars.withUnsafeMutableBufferPointer { dxh in
          Scalar.gemm(
            transposeA: false, transposeB: true, m: batch, n: width, k: 4 * h, alpha: 1,
            a: da.baseAddress!, lda: 4 * h, b: w.baseAddress!, ldb: 4 * h, beta: 0,
            c: dxh.baseAddress!, ldc: width)
        }
      }
    }
    let (inputGradient, previousHiddenGradient) = joinedGradient.splitColumns(at: inputSize)
    return (inputGradient, previousHiddenGradient, previousCellGradient)
  }
}

/// 1 / (1 + e^-x), never exponentiating a large positive number (as `Activation.sigmoid`).
@inline(__always)
func logistic<Scalar: BLASScalar>(_ x: Scalar) -> Scalar {
  if x >= 0 { return 1 / (1 + Scalar.exp(-x)) }
  let e = Scalar.exp(x)
  return e / (1 + e)
}
