/// The conversion between a Y4M frame's planes and levels in [0, 1], ITU-R BT.601 (the
/// matrix of standard-definition video, which Y4M streams from ffmpeg use unless told
/// otherwise):
///
///     R = Y + 1.402 Cr,  G = Y - 0.344136 Cb - 0.714136 Cr,  B = Y + 1.772 Cb,
///
/// with Y in [0, 1] and Cb, Cr in [-1/2, 1/2] after undoing the range: full range maps the
/// codes 0 ... 2^bits - 1 linearly, limited range maps luma 16 ... 235 and chroma 16 ... 240
/// (times 2^(bits - 8)). Chroma is upsampled to the luma grid by repeating each sample over
/// the pixels it spans. Results are clamped to [0, 1].
struct YCbCr {
  let header: Y4MHeader

  /// 2^(bits - 8): an 8-bit code times this is the same level at the stream's depth.
  private var depthScale: Float { Float(1 << (header.colourSpace.bitDepth - 8)) }

  /// Luma code to level: (code - offset) / span.
  private var luma: (offset: Float, span: Float) {
    header.colourRange == .full
      ? (0, Float((1 << header.colourSpace.bitDepth) - 1))
      : (16 * depthScale, 219 * depthScale)
  }

  /// Chroma code to [-1/2, 1/2]: (code - offset) / span.
  private var chroma: (offset: Float, span: Float) {
    header.colourRange == .full
      ? (128 * depthScale, Float((1 << header.colourSpace.bitDepth) - 1))
      : (128 * depthScale, 224 * depthScale)
  }

  /// `count` samples of the frame in `bytes` from byte `start`, as codes (8-bit, or 16-bit
  /// little-endian).
  private func codes(_ bytes: [UInt8], from start: Int, count: Int) -> [Float] {
    if header.colourSpace.bytesPerSample == 1 {
      return (0..<count).map { Float(bytes[start + $0]) }
    }
    return (0..<count).map { i in
      Float(UInt16(bytes[start + 2 * i]) | UInt16(bytes[start + 2 * i + 1]) << 8)
    }
  }

  /// The luma plane as gray levels.
  func luma(_ bytes: [UInt8]) -> [Float] {
    let (offset, span) = luma
    return codes(bytes, from: 0, count: header.width * header.height).map {
      min(max(($0 - offset) / span, 0), 1)
    }
  }

  /// RGB levels, `(y * width + x) * 3 + c`.
  func rgb(_ bytes: [UInt8]) -> [Float] {
    let (width, height) = (header.width, header.height)
    let plane = header.colourSpace.chromaSize(width: width, height: height)
    let chromaSpan = header.colourSpace.chromaSpan
    let bytesPerSample = header.colourSpace.bytesPerSample
    let lumaCount = width * height
    let chromaCount = plane.width * plane.height
    let y = luma(bytes)
    let (offset, span) = chroma
    let cb = codes(bytes, from: lumaCount * bytesPerSample, count: chromaCount)
    let cr = codes(bytes, from: (lumaCount + chromaCount) * bytesPerSample, count: chromaCount)
    var result = [Float](repeating: 0, count: lumaCount * 3)
    for row in 0..<height {
      for column in 0..<width {
        let c = (row / chromaSpan.down) * plane.width + column / chromaSpan.across
        let (u, v) = ((cb[c] - offset) / span, (cr[c] - offset) / span)
        let level = y[row * width + column]
        let i = (row * width + column) * 3
        result[i] = min(max(level + 1.402 * v, 0), 1)
        result[i + 1] = min(max(level - 0.344136 * u - 0.714136 * v, 0), 1)
        result[i + 2] = min(max(level + 1.772 * u, 0), 1)
      }
    }
    return result
  }

  /// The planes of an RGB frame (levels `(y * width + x) * 3 + c`) as full-range 8-bit
  /// 4:4:4: Y = 0.299 R + 0.587 G + 0.114 B, Cb = (B - Y) / 1.772, Cr = (R - Y) / 1.402,
  /// each code rounded and clamped.
  static func planes444(rgb: ArraySlice<Float>) -> [UInt8] {
    let count = rgb.count / 3
    var bytes = [UInt8](repeating: 0, count: 3 * count)
    let w = Video.lumaWeights
    let base = rgb.startIndex
    func code(_ value: Float) -> UInt8 { UInt8(max(0, min(255, (value * 255).rounded()))) }
    for i in 0..<count {
      let (r, g, b) = (rgb[base + 3 * i], rgb[base + 3 * i + 1], rgb[base + 3 * i + 2])
      let y = w.red * r + w.green * g + w.blue * b
      bytes[i] = code(y)
      bytes[count + i] = code((b - y) / 1.772 + 128 / 255)
      bytes[2 * count + i] = code((r - y) / 1.402 + 128 / 255)
    }
    return bytes
  }
}
