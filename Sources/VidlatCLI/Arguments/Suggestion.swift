import VidlatSupport

/// The candidate a mistyped `word` most plausibly meant: one that starts with `word` (for an
/// abbreviation such as `--vers`), else the closest by edit distance
/// (`Collection.editDistance(to:)` on characters) if at most a third of the word's length
/// (and at least one edit) away.
func closestMatch(to word: String, among candidates: [String]) -> String? {
  let trimmed = word.drop { $0 == "-" }
  if trimmed.count >= 2, let abbreviated = candidates.first(where: { $0.hasPrefix(word) }) {
    return abbreviated
  }
  let limit = max(1, word.count / 3)
  var best: (candidate: String, distance: Int)?
  for candidate in candidates {
    let distance = word.editDistance(to: candidate)
    if distance <= limit, distance < (best?.distance ?? .max) {
      best = (candidate, distance)
    }
  }
  return best?.candidate
}
