import Foundation
import Testing
import VidlatSupport

@testable import Video

@Suite struct ChecksumTests {
  @Test func knownValues() {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)
    #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
    // Long input: exercises the deferred modulo.
    let long = [UInt8](repeating: 0xFF, count: 100_000)
    var a = 1
    var b = 0
    for byte in long {
      a = (a + Int(byte)) % 65521
      b = (b + a) % 65521
    }
    #expect(Adler32.checksum(long) == UInt32(b << 16 | a))
  }
}

@Suite struct DeflateTests {
  func sample(_ count: Int, seed: UInt64) -> [UInt8] {
    var generator = SeededGenerator(seed: seed)
    // Runs and repeats (compressible) mixed with noise.
    return (0..<count).map { i in
      i % 97 < 40 ? UInt8(i / 97 % 7) : UInt8(truncatingIfNeeded: generator.next())
    }
  }

  @Test(arguments: [0, 1, 100, 70_000])
  func roundTripsStoredAndFixedHuffman(count: Int) throws {
    let data = sample(count, seed: UInt64(count))
    for method in [Deflate.Method.stored, .fixedHuffman, .dynamicHuffman] {
      let stream = Deflate.zlibCompress(data, method: method)
      #expect(try Inflate.zlibDecompress(stream) == data)
    }
    if count == 70_000 {
      let fixed = Deflate.zlibCompress(data, method: .fixedHuffman).count
      let dynamic = Deflate.zlibCompress(data, method: .dynamicHuffman).count
      #expect(fixed < data.count * 3 / 4)
      #expect(dynamic < fixed)
    }
  }

  @Test func prefixCodesAreCompleteAndLengthLimited() {
    // Fibonacci-like counts force a deep tree; the limit must hold and the code stay complete
    // (Kraft sum exactly 1).
    var counts: [Int] = [1, 1]
    while counts.count < 30 { counts.append(counts[counts.count - 1] + counts[counts.count - 2]) }
    for limit in [7, 15] {
      let code = PrefixCode(counts: counts, maximumLength: limit)
      #expect(code.lengths.max()! <= limit)
      let kraft = code.lengths.filter { $0 > 0 }.map { 1.0 / Double(1 << $0) }.reduce(0, +)
      #expect(kraft == 1)
    }
    let single = PrefixCode(counts: [0, 0, 5], maximumLength: 15)
    #expect(single.lengths.filter { $0 > 0 }.count == 2)
  }

  @Test func inflatesDynamicHuffmanFromZlib() throws {
    // zlib.compress(bytes(((i*i)//13 % 23)*3+65 for i in range(1500)), 9): one dynamic block.
    let stream: [UInt8] = [
      0x78, 0xda, 0xed, 0xd0, 0x01, 0xa6, 0x05, 0x31, 0x0c, 0x85, 0xe1, 0xb5, 0x85, 0x12, 0x4a,
      0x28, 0x21, 0x94, 0x10, 0x4a, 0x29, 0x65, 0x28, 0xa5, 0x94, 0x12, 0x66, 0xe3, 0x6f, 0xae,
      0xc7, 0xdd, 0xc3, 0x65, 0xce, 0xd9, 0xc0, 0xef, 0x03, 0x00, 0x08, 0x01, 0x23, 0xb1, 0x68,
      0x69, 0xd7, 0xdc, 0x77, 0x20, 0xb1, 0x3e, 0x1d, 0xd9, 0xfa, 0x02, 0xd2, 0xbe, 0x51, 0xda,
      0xc6, 0xdc, 0x0f, 0xd9, 0x0c, 0x79, 0x40, 0x1e, 0x41, 0x27, 0x96, 0x9d, 0x3a, 0xd8, 0xe6,
      0x11, 0x1b, 0x98, 0xe7, 0x2d, 0xeb, 0xf9, 0xce, 0x47, 0xbd, 0x40, 0x8b, 0x43, 0x4e, 0xc1,
      0x21, 0x5e, 0x69, 0x19, 0x4e, 0xc3, 0x55, 0xe8, 0x34, 0x86, 0x61, 0xe4, 0xc3, 0x12, 0xac,
      0x96, 0xe3, 0x3d, 0x9b, 0x26, 0xf4, 0x75, 0x55, 0xe5, 0x18, 0x7c, 0xcf, 0xab, 0xd7, 0x62,
      0x9a, 0x85, 0x39, 0x3d, 0x63, 0x96, 0xac, 0x56, 0x6a, 0x7f, 0x92, 0x3c, 0x44, 0xd6, 0x7a,
      0x2d, 0xc7, 0xa4, 0x6d, 0xde, 0x31, 0xb7, 0x05, 0xc9, 0x86, 0x93, 0x0d, 0xe0, 0x76, 0xa8,
      0x2c, 0xb4, 0x89, 0xb6, 0xa8, 0xba, 0x0c, 0x2c, 0x47, 0x3e, 0x51, 0xc5, 0xf5, 0x7c, 0xb3,
      0xdc, 0x3e, 0x51, 0xbc, 0x0d, 0x7a, 0xda, 0x05, 0xa7, 0x86, 0x91, 0x61, 0xe4, 0x30, 0x8d,
      0x4e, 0xcf, 0xb8, 0x9b, 0xe0, 0xee, 0x4a, 0xb0, 0xba, 0x31, 0xfa, 0xec, 0x26, 0x14, 0xee,
      0x27, 0xa9, 0x15, 0x15, 0xa6, 0x88, 0x21, 0xc0, 0xff, 0x5e, 0xaa, 0x97, 0xea, 0xa5, 0x7a,
      0xa9, 0x7e, 0x82, 0xea, 0x0f, 0xd7, 0x90, 0x2e, 0xe2,
    ]
    let expected = (0..<1500).map { (i: Int) -> UInt8 in UInt8((i * i / 13 % 23) * 3 + 65) }
    #expect(try Inflate.zlibDecompress(stream) == expected)
    var corrupted = stream
    corrupted[corrupted.count - 1] ^= 1
    #expect(throws: Inflate.Failure(reason: "Adler-32 mismatch")) {
      try Inflate.zlibDecompress(corrupted)
    }
  }
}

@Suite struct PNGTests {
  func picture(_ colour: Picture.Colour, width: Int = 13, height: Int = 9) -> Picture {
    let count = width * height * colour.rawValue
    return Picture(
      width: width, height: height, colour: colour,
      samples: (0..<count).map { (i: Int) -> UInt8 in UInt8((i * 7 + i / 13 * 3) % 256) })
  }

  @Test func grayAndRGBRoundTripWithEveryMethod() throws {
    for colour in [Picture.Colour.gray, .rgb] {
      for method in [Deflate.Method.stored, .fixedHuffman, .dynamicHuffman] {
        let original = picture(colour)
        #expect(try PNG.decode(PNG.encode(original, method: method)) == original)
      }
    }
    let frame = rampVideo(frames: 1).frame(0)
    let decoded = try PNG.decode(PNG.encode(Picture(frame: frame)))
    #expect(decoded.samples.map { Float($0) / 255 } == frame.pixels)
  }

  @Test func corruptedFilesAreReported() throws {
    let file = PNG.encode(picture(.gray))
    var badCRC = file
    badCRC[20] ^= 0xFF  // inside IHDR's data
    #expect(throws: VideoError.self) { try PNG.decode(badCRC, path: "a.png") }
    let error = videoError { () throws(VideoError) in
      try PNG.decode(Array(file.prefix(file.count - 20)), path: "cut.png")
    }
    if case .truncatedFrame = error?.problem {} else { Issue.record("expected truncation") }
    #expect(error?.path == "cut.png")
    #expect(throws: VideoError.self) { try PNG.decode(Array("GIF89a".utf8), path: "x.png") }
  }

  @Test func ffmpegOpensOurPNG() throws {
    guard let ffmpeg = try? FFmpeg.locate() else { return }
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try PNG.write(picture(.rgb, width: 40, height: 30), to: folder.file("p.png"))
    let video = try ffmpeg.read(input: folder.file("p.png"))
    #expect(video.width == 40 && video.height == 30 && video.frameCount == 1)
  }
}

@Suite struct GIFTests {
  @Test func grayFramesRoundTripExactly() throws {
    var generator = SeededGenerator(seed: 1)
    // 80 x 80 noise: well over 4096 LZW codes, so the table is cleared and reused.
    var frames: [Picture] = []
    for f in 0..<3 {
      var samples: [UInt8] = []
      for i in 0..<6400 {
        samples.append(
          f == 0 ? UInt8(truncatingIfNeeded: generator.next()) : UInt8((i / 80 + f * 10) % 256))
      }
      frames.append(Picture(width: 80, height: 80, colour: .gray, samples: samples))
    }
    let decoded = try DecodedGIF(GIF.encode(frames: frames, delayCentiseconds: 7))
    #expect(decoded.width == 80 && decoded.height == 80)
    #expect(decoded.loops)
    #expect(decoded.delays == [7, 7, 7])
    #expect(decoded.frames.count == 3)
    for (frame, original) in zip(decoded.frames, frames) {
      #expect(frame.map { decoded.palette[3 * Int($0)] } == original.samples)
    }
  }

  @Test(arguments: [1, 2, 3, 255, 256, 257, 511, 512, 513, 4000])
  func lzwRoundTripsAtCodeWidthBoundaries(count: Int) throws {
    let symbols = (0..<count).map { (i: Int) -> UInt8 in UInt8((i * i + i / 3) % 256) }
    #expect(try DecodedGIF.lzwDecode(GIF.lzw(symbols), minimumCodeSize: 8) == symbols)
    let runs = [UInt8](repeating: 9, count: count * 40)
    #expect(try DecodedGIF.lzwDecode(GIF.lzw(runs), minimumCodeSize: 8) == runs)
  }

  @Test func rgbFramesUseTheColourCube() throws {
    let picture = Picture(width: 2, height: 1, colour: .rgb, samples: [255, 0, 0, 0, 0, 255])
    let decoded = try DecodedGIF(GIF.encode(frames: [picture], delayCentiseconds: 5, loops: false))
    #expect(!decoded.loops)
    let colours = decoded.frames[0].map { Array(decoded.palette[3 * Int($0)..<3 * Int($0) + 3]) }
    #expect(colours == [[255, 0, 0], [0, 0, 255]])
  }
}

@Suite struct FrameSheetTests {
  @Test func sheetHasOneRowPerVideoAndTheFramesInIt() throws {
    let a = rampVideo(frames: 4, height: 5, width: 7)
    let sheet = FrameSheet.picture(
      rows: [.init(label: "input", video: a), .init(label: "", video: a)], maxFrames: 3, scale: 2)
    // Label column: 5 characters x 6 + 2 x 4 margin; 3 cells of 14 + 4.
    #expect(sheet.width == 38 + 3 * 18)
    #expect(sheet.height == 4 + 2 * (10 + 4))
    // Top-left pixel of frame 1 in row 0 is pixel (0, 0) of frame 1.
    let expected = UInt8((a.frame(1)[0, 0] * 255).rounded())
    #expect(sheet.samples[4 * sheet.width + 38 + 18] == expected)
    #expect(try PNG.decode(PNG.encode(sheet)) == sheet)
  }

  @Test func sideBySideGIFShowsEveryFrameOfTheLongestVideo() throws {
    let short = rampVideo(frames: 2)
    let long = rampVideo(frames: 5)
    let gif = FrameSheet.sideBySideGIF(
      rows: [.init(label: "a", video: short), .init(label: "b", video: long)], scale: 2)
    let decoded = try DecodedGIF(gif)
    #expect(decoded.frames.count == 5)
    #expect(decoded.delays.allSatisfy { $0 == 5 })  // 20 fps
  }
}

@Suite struct HostileInputTests {
  @Test func hugePromisesInShortFilesFailWithoutAllocatingThem() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // A 30000 x 30000 4:4:4 frame would be 2.7 GB; the file holds 10 bytes of it.
    let y4m = try folder.write(
      Array("YUV4MPEG2 W30000 H30000 C444\nFRAME\n".utf8) + [UInt8](repeating: 1, count: 10),
      to: "huge.y4m")
    let error = videoError { () throws(VideoError) in try Video.readY4M(path: y4m) }
    #expect(error?.problem == .truncatedFrame(frame: 0, expected: 2_700_000_000, found: 10))
    #expect(
      videoError { () throws(VideoError) in
        try PGM.decode(Array("P2 30000 30000 255 1 2".utf8), path: "p.pgm")
      }?.problem == .truncatedFrame(frame: 0, expected: 900_000_000, found: 22))
    // A zlib stream of one million zeros inflated with a limit of 1000 bytes.
    let bomb = Deflate.zlibCompress([UInt8](repeating: 0, count: 1_000_000))
    #expect(throws: Inflate.Failure.self) { try Inflate.zlibDecompress(bomb, limit: 1000) }
  }
}
