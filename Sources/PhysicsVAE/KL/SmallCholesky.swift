#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Cholesky factorisation and solves for the small (d x d, d <= 8) symmetric positive-definite
/// covariance matrices of the KL terms, in Double, row-major, in place.
///
/// A = L L^T with L lower triangular; then A^-1 b = L^-T (L^-1 b) and
/// ln det A = 2 sum_i ln L_ii.
enum SmallCholesky {
  /// Overwrites the n x n matrix at `a` with its lower Cholesky factor (the strict upper
  /// triangle is set to zero). Returns false when `a` is not numerically positive definite
  /// (or holds a non-finite entry); `a` is then unspecified.
  static func factor(_ a: UnsafeMutablePointer<Double>, _ n: Int) -> Bool {
    for j in 0..<n {
      var diagonal = a[j * n + j]
      for k in 0..<j { diagonal -= a[j * n + k] * a[j * n + k] }
      guard diagonal > 0, diagonal.isFinite else { return false }
      let ljj = diagonal.squareRoot()
      a[j * n + j] = ljj
      for i in (j + 1)..<max(j + 1, n) {
        var s = a[i * n + j]
        for k in 0..<j { s -= a[i * n + k] * a[j * n + k] }
        a[i * n + j] = s / ljj
      }
      for i in (j + 1)..<max(j + 1, n) { a[j * n + i] = 0 }
    }
    return true
  }

  /// Solves L y = b in place (forward substitution).
  static func solveLower(_ l: UnsafePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n {
      var s = b[i]
      for k in 0..<i { s -= l[i * n + k] * b[k] }
      b[i] = s / l[i * n + i]
    }
  }

  /// Solves L^T x = y in place (back substitution).
  static func solveLowerTransposed(
    _ l: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int
  ) {
    for i in stride(from: n - 1, through: 0, by: -1) {
      var s = y[i]
      for k in (i + 1)..<max(i + 1, n) { s -= l[k * n + i] * y[k] }
      y[i] = s / l[i * n + i]
    }
  }

  /// (1/2) ln det A = sum_i ln L_ii.
  static func halfLogDeterminant(_ l: UnsafePointer<Double>, _ n: Int) -> Double {
    var s = 0.0
    for i in 0..<n { s += log(l[i * n + i]) }
    return s
  }

  /// Writes A^-1 (n x n) to `inverse`, column by column from the factor L of A.
  static func inverse(
    _ l: UnsafePointer<Double>, _ n: Int, into inverse: UnsafeMutablePointer<Double>
  ) {
    withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { column in
      let c = column.baseAddress!
      for j in 0..<n {
        for i in 0..<n { c[i] = i == j ? 1 : 0 }
        solveLower(l, c, n)
        solveLowerTransposed(l, c, n)
        for i in 0..<n { inverse[i * n + j] = c[i] }
      }
    }
  }
}
