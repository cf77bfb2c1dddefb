import Engine
import Testing
import VidlatSupport

@Suite struct ChannelConcatenationTests {
  @Test func concatenatesPerPixelAndSplitsBack() {
    // Two 1 x 1 x 2 images: pixel p of the first has channels [p], of the second [10p, 10p+1].
    let first = Tensor<Double>(shape: [1, 1, 2, 1], scalars: [0, 1])
    let second = Tensor<Double>(shape: [1, 1, 2, 2], scalars: [0, 1, 10, 11])
    let joined = Tensor(concatenatingChannels: first, second)
    #expect(joined.shape == [1, 1, 2, 3])
    #expect(joined.scalars == [0, 0, 1, 1, 10, 11])
    let (a, b) = joined.splitChannels(at: 1)
    #expect(a == first && b == second)
  }

  @Test func gradientIsTheSplitOfTheJoinedGradient() {
    // L = <w, concat(x, y)>: dL/dx and dL/dy, by central differences, are the two parts of
    // w.splitChannels(at: channels of x).
    var generator = SeededGenerator(seed: 41)
    let x = Tensor<Double>.randomNormal(shape: [2, 3, 2, 2], using: &generator)
    let y = Tensor<Double>.randomNormal(shape: [2, 3, 2, 3], using: &generator)
    let w = Tensor<Double>.randomNormal(shape: [2, 3, 2, 5], using: &generator)
    let (dx, dy) = w.splitChannels(at: 2)
    expectClose(
      dx, numericalGradient(of: { (Tensor(concatenatingChannels: $0, y) * w).sum() }, at: x),
      "first part")
    expectClose(
      dy, numericalGradient(of: { (Tensor(concatenatingChannels: x, $0) * w).sum() }, at: y),
      "second part")
  }
}
