import CBLAS
import Foundation

extension BLASScalar {
  /// C += A^T B for row-major A `[rows, m]`, B `[rows, n]`, C `[m, n]`: the weight gradient
  /// of a layer whose forward pass is A W, summed over `rows` (batch x pixels).
  ///
  /// When `rows` is large, BLAS parallelises this shape (small output, long inner dimension)
  /// poorly, so the rows are split into one contiguous chunk per core, each chunk multiplied
  /// by single-threaded BLAS into its own partial product, and the partials added to C in
  /// chunk order. The chunks depend only on `rows` and the core count, so the result is the
  /// same on every run on a given machine.
  static func addTransposedProduct(
    rows: Int, m: Int, n: Int, a: UnsafePointer<Self>, b: UnsafePointer<Self>,
    into c: UnsafeMutablePointer<Self>
  ) {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard cores > 1, rows >= 8192 else {
      gemm(
        transposeA: true, transposeB: false, m: m, n: n, k: rows, alpha: 1, a: a, lda: m,
        b: b, ldb: n, beta: 1, c: c, ldc: n)
      return
    }
    let size = m * n
    var partials = [Self](repeating: 0, count: cores * size)
    partials.withUnsafeMutableBufferPointer { partials in
      let partials = partials.baseAddress!
      let threads = openblas_get_num_threads()
      openblas_set_num_threads(1)
      parallelFor(cores) { chunks in
        for chunk in chunks {
          let start = rows * chunk / cores
          let end = rows * (chunk + 1) / cores
          gemm(
            transposeA: true, transposeB: false, m: m, n: n, k: end - start, alpha: 1,
            a: a + start * m, lda: m, b: b + start * n, ldb: n, beta: 0,
            c: partials + chunk * size, ldc: n)
        }
      }
      openblas_set_num_threads(threads)
      for chunk in 0..<cores {
        let partial = partials + chunk * size
        for i in 0..<size { c[i] += partial[i] }
      }
    }
  }
}
