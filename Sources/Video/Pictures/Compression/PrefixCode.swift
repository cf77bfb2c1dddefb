/// A canonical Huffman code for DEFLATE: a length per symbol, codes assigned in order of
/// length then symbol (RFC 1951 3.2.2).
struct PrefixCode {
  /// Code length of each symbol (0: unused).
  let lengths: [Int]
  /// Code of each symbol, to be written most significant bit first.
  let codes: [Int]

  init(lengths: [Int]) {
    self.lengths = lengths
    var lengthCounts = [Int](repeating: 0, count: 16)
    for length in lengths where length > 0 { lengthCounts[length] += 1 }
    var next = [Int](repeating: 0, count: 16)
    var code = 0
    for bits in 1...15 {
      code = (code + lengthCounts[bits - 1]) << 1
      next[bits] = code
    }
    var codes = [Int](repeating: 0, count: lengths.count)
    for (symbol, length) in lengths.enumerated() where length > 0 {
      codes[symbol] = next[length]
      next[length] += 1
    }
    self.codes = codes
  }

  /// An optimal code for `counts` with lengths at most `maximumLength`.
  ///
  /// Huffman's construction (repeatedly merge the two lightest subtrees); if the deepest leaf
  /// is too deep, the counts are halved (keeping every used symbol at least 1) and the code
  /// rebuilt, which flattens the tree until it fits. At least two symbols get codes, so the
  /// code is complete, as every inflater accepts.
  init(counts: [Int], maximumLength: Int) {
    var weights = counts
    var used = weights.indices.filter { weights[$0] > 0 }
    for symbol in weights.indices where used.count < 2 && weights[symbol] == 0 {
      weights[symbol] = 1
      used.append(symbol)
    }
    while true {
      let lengths = PrefixCode.huffmanLengths(weights)
      if (lengths.max() ?? 0) <= maximumLength {
        self.init(lengths: lengths)
        return
      }
      weights = weights.map { $0 > 0 ? max(1, $0 / 2) : 0 }
    }
  }

  /// Depth of each used symbol in a Huffman tree for `weights` (0 for unused symbols).
  private static func huffmanLengths(_ weights: [Int]) -> [Int] {
    // Nodes: leaves first, then internal nodes; `parent` links give depths.
    var nodeWeights: [Int] = []
    var leafOf: [Int] = []
    for (symbol, weight) in weights.enumerated() where weight > 0 {
      nodeWeights.append(weight)
      leafOf.append(symbol)
    }
    var parent = [Int](repeating: -1, count: nodeWeights.count)
    let queue = Array(nodeWeights.indices).sorted {
      (nodeWeights[$0], $0) < (nodeWeights[$1], $1)
    }
    // Two sorted queues (leaves, then merged nodes in creation order) give the two lightest.
    var leafFront = 0
    var merged: [Int] = []
    var mergedFront = 0
    func takeLightest() -> Int {
      if mergedFront < merged.count,
        leafFront >= queue.count || nodeWeights[merged[mergedFront]] < nodeWeights[queue[leafFront]]
      {
        mergedFront += 1
        return merged[mergedFront - 1]
      }
      leafFront += 1
      return queue[leafFront - 1]
    }
    while (queue.count - leafFront) + (merged.count - mergedFront) > 1 {
      let a = takeLightest()
      let b = takeLightest()
      nodeWeights.append(nodeWeights[a] + nodeWeights[b])
      parent.append(-1)
      parent[a] = nodeWeights.count - 1
      parent[b] = nodeWeights.count - 1
      merged.append(nodeWeights.count - 1)
    }
    var lengths = [Int](repeating: 0, count: weights.count)
    for (leaf, symbol) in leafOf.enumerated() {
      var depth = 0
      var node = leaf
      while parent[node] >= 0 {
        depth += 1
        node = parent[node]
      }
      lengths[symbol] = max(depth, 1)
    }
    return lengths
  }

  /// Writes the code of `symbol`.
  func write(_ symbol: Int, into writer: inout BitWriter) {
    writer.writeReversed(codes[symbol], bits: lengths[symbol])
  }

  /// The fixed literal/length code of RFC 1951 3.2.6.
  static let fixedLiterals = PrefixCode(
    lengths: Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112)
      + Array(repeating: 7, count: 24) + Array(repeating: 8, count: 8))
  /// The fixed distance code: 5 bits each.
  static let fixedDistances = PrefixCode(lengths: Array(repeating: 5, count: 30))
}
