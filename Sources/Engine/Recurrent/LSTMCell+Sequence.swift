/// A whole sequence through one `LSTMCell`, for teacher-forced training where every input
/// is known before the cell runs (`LSTM.forward(sequence:batch:)`).
///
/// Time-major: X `[steps * batch, inputSize]`, step t in rows t * batch ..< (t + 1) * batch.
/// With W = [W_x; W_h] (the weight's rows for x, then for h), the input part of every step
/// is one gemm, A = X W_x + b for all steps; each step then adds h_{t-1} W_h (one gemm on
/// the batch) and applies the gates as in `forward`. Backward runs the steps in reverse for
/// the gate gradients dA (carrying dh_{t-1} = dA_t W_h^T and dc_{t-1} = dc_t f_t) and then
/// makes the weight gradient of all steps at once: dW_x += X^T dA, dW_h += H_prev^T dA (H_prev
/// the hidden states shifted by one step; h_{-1} = 0 adds nothing), db += column sums of dA,
/// dX = dA W_x^T, each one gemm over all steps.
extension LSTMCell {
  /// What a sequence forward keeps for its backward.
  struct SequenceCache: Sendable {
    var batch: Int
    /// X `[steps * batch, inputSize]`.
    var input: Tensor<Scalar>
    /// The activated gates i, f, g, o of every step `[steps * batch, 4H]`.
    var gates: Tensor<Scalar>
    /// The cell states, their tanh, and the hidden states of every step `[steps * batch, H]`.
    var cells: Tensor<Scalar>
    var cellTanh: Tensor<Scalar>
    var hidden: Tensor<Scalar>
  }

  /// The hidden states of every step `[steps * batch, H]` from a zero state, and the cache.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func forward(sequence input: Tensor<Scalar>, batch: Int) -> (Tensor<Scalar>, SequenceCache) {
    let rows = input.shape[0]
    let steps = rows / batch
    let (n, h) = (inputSize, hiddenSize)
    var gates = Tensor<Scalar>(zeros: [rows, 4 * h])
    gates.fillRows(with: bias.value)
    var cells = Tensor<Scalar>(zeros: [rows, h])
    var cellTanh = Tensor<Scalar>(zeros: [rows, h])
    var hidden = Tensor<Scalar>(zeros: [rows, h])
    weight.value.scalars.withUnsafeBufferPointer { w in
      gates.scalars.withUnsafeMutableBufferPointer { a in
        if n > 0 {
          input.scalars.withUnsafeBufferPointer { x in
            Scalar.gemm(
              transposeA: false, transposeB: false, m: rows, n: 4 * h, k: n, alpha: 1,
              a: x.baseAddress!, lda: n, b: w.baseAddress!, ldb: 4 * h, beta: 1,
              c: a.baseAddress!, ldc: 4 * h)
          }
        }
        cells.scalars.withUnsafeMutableBufferPointer { c in
          cellTanh.scalars.withUnsafeMutableBufferPointer { tc in
            hidden.scalars.withUnsafeMutableBufferPointer { hs in
              for t in 0..<steps {
                let stepGates = a.baseAddress! + t * batch * 4 * h
                if t > 0 {
                  Scalar.gemm(
                    transposeA: false, transposeB: false, m: batch, n: 4 * h, k: h, alpha: 1,
                    a: hs.baseAddress! + (t - 1) * batch * h, lda: h, b: w.baseAddress! + n * 4 * h,
                    ldb: 4 * h, beta: 1, c: stepGates, ldc: 4 * h)
                }
                let base = t * batch * h
                for row in 0..<batch {
                  let gate = stepGates + row * 4 * h
                  for j in 0..<h {
                    let i = logistic(gate[j])
                    let f = logistic(gate[h + j])
                    let g = Scalar.tanh(gate[2 * h + j])
                    let o = logistic(gate[3 * h + j])
                    (gate[j], gate[h + j], gate[2 * h + j], gate[3 * h + j]) = (i, f, g, o)
                    let k = base + row * h + j
                    let previous = t > 0 ? c[k - batch * h] : 0
                    let c1 = f * previous + i * g
                    let th = Scalar.tanh(c1)
                    c[k] = c1
                    tc[k] = th
                    hs[k] = o * th
                  }
                }
              }
            }
          }
        }
      }
    }
    let cache = SequenceCache(
      batch: batch, input: input, gates: gates, cells: cells, cellTanh: cellTanh, hidden: hidden)
    return (hidden, cache)
  }

  /// The backward pass of `forward(sequence:batch:)` given dL/d(hidden state) of every step
  /// from outside the cell (the layer above or the output): adds dW and db, returns dX.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func backward(
    sequence cache: SequenceCache, hiddenGradient: Tensor<Scalar>
  ) -> Tensor<Scalar> {
    let batch = cache.batch
    let rows = hiddenGradient.shape[0]
    let steps = rows / batch
    let (n, h) = (inputSize, hiddenSize)
    var gateGradient = Tensor<Scalar>(zeros: [rows, 4 * h])
    // dh carried from step t + 1 (dA_{t+1} W_h^T) and dc carried (dc_{t+1} f_{t+1}).
    var carriedHidden = [Scalar](repeating: 0, count: batch * h)
    var carriedCell = [Scalar](repeating: 0, count: batch * h)
    weight.value.scalars.withUnsafeBufferPointer { w in
      cache.gates.scalars.withUnsafeBufferPointer { a in
        cache.cells.scalars.withUnsafeBufferPointer { c in
          cache.cellTanh.scalars.withUnsafeBufferPointer { tc in
            hiddenGradient.scalars.withUnsafeBufferPointer { dh in
              gateGradient.scalars.withUnsafeMutableBufferPointer { da in
                carriedHidden.withUnsafeMutableBufferPointer { carriedH in
                  carriedCell.withUnsafeMutableBufferPointer { carriedC in
                    for t in (0..<steps).reversed() {
                      let base = t * batch * h
                      for row in 0..<batch {
                        let gate = a.baseAddress! + (t * batch + row) * 4 * h
                        let dGate = da.baseAddress! + (t * batch + row) * 4 * h
                        for j in 0..<h {
                          let k = base + row * h + j
                          let r = row * h + j
                          let (i, f) = (gate[j], gate[h + j])
                          let (g, o) = (gate[2 * h + j], gate[3 * h + j])
                          let th = tc[k]
                          let dhk = dh[k] + carriedH[r]
                          let dc = carriedC[r] + dhk * o * (1 - th * th)
                          let previous = t > 0 ? c[k - batch * h] : 0
                          dGate[j] = dc * g * i * (1 - i)
                          dGate[h + j] = dc * previous * f * (1 - f)
                          dGate[2 * h + j] = dc * i * (1 - g * g)
                          dGate[3 * h + j] = dhk * th * o * (1 - o)
                          carriedC[r] = dc * f
                        }
                      }
                      if t > 0 {
                        Scalar.gemm(
                          transposeA: false, transposeB: true, m: batch, n: h, k: 4 * h, alpha: 1,
                          a: da.baseAddress! + t * batch * 4 * h, lda: 4 * h,
                          b: w.baseAddress! + n * 4 * h, ldb: 4 * h, beta: 0,
                          c: carriedH.baseAddress!, ldc: h)
                      }
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
    var inputGradient = Tensor<Scalar>(zeros: [rows, n])
    gateGradient.scalars.withUnsafeBufferPointer { da in
      weight.gradient.scalars.withUnsafeMutableBufferPointer { dw in
        if n > 0 {
          cache.input.scalars.withUnsafeBufferPointer { x in
            Scalar.addTransposedProduct(
              rows: rows, m: n, n: 4 * h, a: x.baseAddress!, b: da.baseAddress!,
              into: dw.baseAddress!)
          }
        }
        if steps > 1 {
          cache.hidden.scalars.withUnsafeBufferPointer { hs in
            Scalar.addTransposedProduct(
              rows: rows - batch, m: h, n: 4 * h, a: hs.baseAddress!,
              b: da.baseAddress! + batch * 4 * h, into: dw.baseAddress! + n * 4 * h)
          }
        }
      }
      if n > 0 {
        weight.value.scalars.withUnsafeBufferPointer { w in
          inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
            Scalar.gemm(
              transposeA: false, transposeB: true, m: rows, n: n, k: 4 * h, alpha: 1,
              a: da.baseAddress!, lda: 4 * h, b: w.baseAddress!, ldb: 4 * h, beta: 0,
              c: dx.baseAddress!, ldc: n)
          }
        }
      }
    }
    return inputGradient
  }
}
