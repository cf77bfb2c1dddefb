/// The candidate a mistyped `word` most plausibly meant: one that starts with `word` (for an
/// abbreviation such as `--vers`), else the closest by edit distance if at most a third of
/// the word's length (and at least one edit) away.
func closestMatch(to word: String, among candidates: [String]) -> String? {
  let trimmed = word.drop { $0 == "-" }
  if trimmed.count >= 2, let abbreviated = candidates.first(where: { $0.hasPrefix(word) }) {
    return abbreviated
  }
  let limit = max(1, word.count / 3)
  var best: (candidate: String, distance: Int)?
  for candidate in candidates {
    let distance = editDistance(word, candidate)
    if distance <= limit, distance < (best?.distance ?? .max) {
      best = (candidate, distance)
    }
  }
  return best?.candidate
}

/// The optimal-string-alignment distance: the fewest insertions, deletions, substitutions of
/// single characters and swaps of adjacent characters that turn `a` into `b`.
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  // distance[i][j]: between the first i characters of a and the first j of b.
  var distance = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
  for i in 0...a.count { distance[i][0] = i }
  for j in 0...b.count { distance[0][j] = j }
  for i in 1...a.count {
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      var best = min(
        distance[i - 1][j] + 1, distance[i][j - 1] + 1, distance[i - 1][j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
        best = min(best, distance[i - 2][j - 2] + 1)
      }
      distance[i][j] = best
    }
  }
  return distance[a.count][b.count]
}
