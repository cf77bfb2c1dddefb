import CBLAS
import Foundation

extension BLASScalar {
  /// C = alpha A op(B) + beta C for row-major A `[m, k]` (not transposed), with the m rows
  /// of A and C split into one contiguous block per core, each block multiplied by
  /// single-threaded BLAS.
  ///
  /// The convolution gemms are tall and skinny (m = batch x pixels in the tens of
  /// thousands, n or k between 16 and 64), a shape OpenBLAS's own threading splits poorly.
  /// Every entry of C is computed by one thread from the same operands as in one call, and
  /// the blocks depend only on m and the core count, so results are reproducible.
  static func gemmSplittingRows(
    transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
    b: UnsafePointer<Self>, ldb: Int, beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int
  ) {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard cores > 1, m >= 8192 else {
      gemm(
        transposeA: false, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a,
        lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
      return
    }
    let threads = openblas_get_num_threads()
    openblas_set_num_threads(1)
    parallelFor(cores) { blocks in
      for block in blocks {
        let start = m * block / cores
        let end = m * (block + 1) / cores
        gemm(
          transposeA: false, transposeB: transposeB, m: end - start, n: n, k: k, alpha: alpha,
          a: a + start * lda, lda: lda, b: b, ldb: ldb, beta: beta, c: c + start * ldc, ldc: ldc)
      }
    }
    openblas_set_num_threads(threads)
  }
}
