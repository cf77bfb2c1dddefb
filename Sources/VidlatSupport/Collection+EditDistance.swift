extension Collection where Element: Equatable {
  /// The optimal-string-alignment distance to `other`: the fewest insertions, deletions and
  /// substitutions of single elements and swaps of two adjacent elements that turn this
  /// collection into `other`, where no element is edited after it has been swapped.
  ///
  /// With a and b the elements of this collection and of `other`, and d(i, j) the distance
  /// between the first i elements of a and the first j of b: d(i, 0) = i, d(0, j) = j, and
  /// d(i, j) = min(d(i-1, j) + 1, d(i, j-1) + 1, d(i-1, j-1) + [a_i != b_j]), or
  /// d(i-2, j-2) + 1 if that is smaller and a_i = b_(j-1), a_(i-1) = b_j. The distance is
  /// d(count, other.count), computed keeping three rows of d.
  ///
  /// The elements are what is compared: a `String` is edited by `Character`, its
  /// `unicodeScalars` by `Unicode.Scalar`.
  public func editDistance(to other: some Collection<Element>) -> Int {
    let a = Array(self)
    let b = Array(other)
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
}
