/// im2col and col2im on NHWC images.
///
/// `unfold` (im2col) writes one row per window position, rows ordered (image, oy, ox) and
/// each row ordered (ky, kx, channel), zero where the window leaves the image: a
/// `[batch * gridHeight * gridWidth, windowLength]` matrix, so one gemm with a
/// `[windowLength, outputChannels]` weight matrix convolves the whole batch.
/// `fold` (col2im) is its adjoint: it adds every row entry back onto the pixel it came from.
extension ConvolutionGeometry {
  /// Unfolds `batch` NHWC images into `columns` (every entry written).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func unfold<Scalar: BLASScalar>(
    image: UnsafePointer<Scalar>, batch: Int, into columns: UnsafeMutablePointer<Scalar>
  ) {
    let (h, w, c, k, s, p) = (imageHeight, imageWidth, channels, kernelSize, stride, padding)
    let (gh, gw, row) = (gridHeight, gridWidth, windowLength)
    let span = k * c
    parallelFor(batch * gh, minimumPerChunk: 8) { items in
      for item in items {
        let n = item / gh
        let oy = item % gh
        var destination = columns + item * gw * row
        for ox in 0..<gw {
          let x0 = ox * s - p
          let inside = x0 >= 0 && x0 + k <= w
          for ky in 0..<k {
            let iy = oy * s - p + ky
            if iy < 0 || iy >= h {
              destination.update(repeating: 0, count: span)
              destination += span
              continue
            }
            let source = image + ((n * h + iy) * w) * c
            if inside {
              // The whole kernel row lies in the image: kernelSize * channels contiguous values.
              copy(source + x0 * c, to: destination, count: span)
              destination += span
              continue
            }
            for kx in 0..<k {
              let ix = x0 + kx
              if ix < 0 || ix >= w {
                destination.update(repeating: 0, count: c)
              } else {
                copy(source + ix * c, to: destination, count: c)
              }
              destination += c
            }
          }
        }
      }
    }
  }

  /// Adds the unfolded `columns` of `batch` images back onto `image` (which the caller
  /// initialises, usually to zero). Parallel over images; the order of additions into each
  /// pixel is fixed, so the result is deterministic.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func fold<Scalar: BLASScalar>(
    columns: UnsafePointer<Scalar>, batch: Int, into image: UnsafeMutablePointer<Scalar>
  ) {
    let (h, w, c, k, s, p) = (imageHeight, imageWidth, channels, kernelSize, stride, padding)
    let (gh, gw, row) = (gridHeight, gridWidth, windowLength)
    let span = k * c
    parallelFor(batch, minimumPerChunk: 2) { images in
      for n in images {
        var source = columns + n * gh * gw * row
        for oy in 0..<gh {
          for ox in 0..<gw {
            let x0 = ox * s - p
            let inside = x0 >= 0 && x0 + k <= w
            for ky in 0..<k {
              let iy = oy * s - p + ky
              if iy < 0 || iy >= h {
                source += span
                continue
              }
              let destinationRow = image + ((n * h + iy) * w) * c
              if inside {
                // The whole kernel row lies in the image: one contiguous run of values.
                add(source, to: destinationRow + x0 * c, count: span)
                source += span
                continue
              }
              for kx in 0..<k {
                let ix = x0 + kx
                if ix >= 0 && ix < w {
                  add(source, to: destinationRow + ix * c, count: c)
                }
                source += c
              }
            }
          }
        }
      }
    }
  }
}

@inline(__always)
private func copy<Scalar>(
  _ source: UnsafePointer<Scalar>, to destination: UnsafeMutablePointer<Scalar>, count: Int
) {
  for i in 0..<count { destination[i] = source[i] }
}

@inline(__always)
private func add<Scalar: BLASScalar>(
  _ source: UnsafePointer<Scalar>, to destination: UnsafeMutablePointer<Scalar>, count: Int
) {
  for i in 0..<count { destination[i] += source[i] }
}
