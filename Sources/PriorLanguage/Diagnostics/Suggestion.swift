/// "Did you mean" suggestions by edit distance.
enum Suggestion {
  /// The candidate closest to `name` by Levenshtein distance, if it is close enough to be a
  /// plausible typo: at most 1 edit for names of up to 3 characters, 2 up to 6, else 3, and
  /// fewer edits than the longer name has characters (`y` is not a typo of `x`). A name
  /// that differs only in case (`K` for `k`) is always suggested.
  /// Ties go to the first candidate in the given order.
  static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
    let target = Array(name.unicodeScalars)
    let limit = target.count <= 3 ? 1 : (target.count <= 6 ? 2 : 3)
    var best: (name: String, distance: Int)?
    guard target.count <= 64 else { return nil }
    let lowercased = name.lowercased()
    for candidate in candidates where candidate != name {
      if candidate.lowercased() == lowercased { return candidate }
      guard abs(candidate.unicodeScalars.count - target.count) <= limit else { continue }
      let distance = editDistance(target, Array(candidate.unicodeScalars))
      let longest = Swift.max(target.count, candidate.unicodeScalars.count)
      if distance <= limit, distance < longest, distance < (best?.distance ?? Int.max) {
        best = (candidate, distance)
      }
    }
    return best?.name
  }

  /// The Levenshtein distance (insertions, deletions, substitutions; a swap of two
  /// neighbours counts as one edit).
  static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousPrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = Swift.min(value, previousPrevious[j - 2] + 1)
        }
        current[j] = value
      }
      (previousPrevious, previous, current) = (previous, current, previousPrevious)
    }
    return previous[b.count]
  }

  /// `"; did you mean 'x'?"` or `""`.
  static func didYouMean(_ name: String, among candidates: some Sequence<String>) -> String {
    closest(to: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }
}
