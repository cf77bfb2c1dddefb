import VidlatSupport

/// "Did you mean" suggestions by edit distance.
enum Suggestion {
  /// The candidate closest to `name` by edit distance (`Collection.editDistance(to:)` on
  /// Unicode scalars), if it is close enough to be a plausible typo: at most 1 edit for
  /// names of up to 3 characters, 2 up to 6, else 3, and fewer edits than the longer name
  /// has characters (`y` is not a typo of `x`). A name that differs only in case (`K` for
  /// `k`) is always suggested. Ties go to the first candidate in the given order.
  static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
    let target = Array(name.unicodeScalars)
    let limit = target.count <= 3 ? 1 : (target.count <= 6 ? 2 : 3)
    var best: (name: String, distance: Int)?
    guard target.count <= 64 else { return nil }
    let lowercased = name.lowercased()
    for candidate in candidates where candidate != name {
      if candidate.lowercased() == lowercased { return candidate }
      guard abs(candidate.unicodeScalars.count - target.count) <= limit else { continue }
      let distance = target.editDistance(to: candidate.unicodeScalars)
      let longest = Swift.max(target.count, candidate.unicodeScalars.count)
      if distance <= limit, distance < longest, distance < (best?.distance ?? Int.max) {
        best = (candidate, distance)
      }
    }
    return best?.name
  }

  /// `"; did you mean 'x'?"` or `""`.
  static func didYouMean(_ name: String, among candidates: some Sequence<String>) -> String {
    closest(to: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }
}
