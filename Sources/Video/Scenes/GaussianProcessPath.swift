import Foundation
import VidlatSupport

/// Paths drawn from a zero-mean Gaussian process over frames with the squared-exponential
/// kernel k(i, j) = exp(-(i - j)^2 / (2 l^2)), l in frames (unit variance): the motion of
/// the gpball scene.
///
/// A path of T frames is f = L e with L the lower Cholesky factor of K + eps I (K the T x T
/// kernel matrix) and e standard normal, so f ~ N(0, K + eps I). The jitter eps = 1e-6 is
/// needed because K is numerically singular for smooth kernels (with l = 5 its eigenvalues
/// fall below 1e-15 of the largest, under double rounding); it bounds the smallest eigenvalue
/// by 1e-6, and adds white noise of standard deviation 1e-3 units, 0.006 pixel at 32 x 32.
struct GaussianProcessPath {
  /// Frames per path.
  let frames: Int
  /// The factor L of K + eps I, row-major `frames x frames` (upper triangle zero).
  let factor: [Double]

  /// The diagonal jitter eps added to the kernel matrix.
  static let jitter = 1e-6

  /// The sampler of paths of `frames` frames with lengthscale `lengthscale` frames.
  /// - Precondition: `frames >= 1` and a finite positive lengthscale (``Scene/parameters(setting:)``
  ///   checks it).
  init(frames: Int, lengthscale: Double) {
    precondition(frames >= 1 && lengthscale > 0 && lengthscale.isFinite)
    self.frames = frames
    var a = [Double](repeating: 0, count: frames * frames)
    for i in 0..<frames {
      for j in 0..<frames {
        let gap = Double(i - j) / lengthscale
        a[i * frames + j] = exp(-gap * gap / 2) + (i == j ? Self.jitter : 0)
      }
    }
    // Cholesky-Banachiewicz, row by row; K + eps I is positive definite with every pivot at
    // least eps, so no square root is of a negative number. T is tens of frames: O(T^3 / 6)
    // flops is nothing beside rendering.
    for i in 0..<frames {
      for j in 0...i {
        var sum = a[i * frames + j]
        for k in 0..<j { sum -= a[i * frames + k] * a[j * frames + k] }
        a[i * frames + j] = i == j ? sum.squareRoot() : sum / a[j * frames + j]
      }
      for j in (i + 1)..<frames { a[i * frames + j] = 0 }
    }
    factor = a
  }

  /// One path, f = L e with e drawn from `generator`.
  func sample(using generator: inout SeededGenerator) -> [Double] {
    let e = (0..<frames).map { _ in generator.nextStandardNormal() }
    return (0..<frames).map { i in
      (0...i).reduce(0) { $0 + factor[i * frames + $1] * e[$1] }
    }
  }

  /// `path` (states of any width, frame-major) unchanged when every component stays within
  /// [-limit, limit], else scaled towards 0 by limit / max |component|, so it just touches the
  /// limit. Scaling the whole path keeps it smooth and its shape, where clamping would make
  /// the ball stick to the edge.
  static func fitted(_ path: [[Double]], within limit: Double) -> [[Double]] {
    let largest = path.lazy.flatMap { $0 }.map(abs).max() ?? 0
    guard largest > limit else { return path }
    let scale = limit / largest
    return path.map { $0.map { $0 * scale } }
  }
}
