/// A count and its noun, in the plural unless it is one: `3 errors`, `1 warning`.
func pluralized(_ number: Int, _ noun: String) -> String {
  "\(number) \(noun)\(number == 1 ? "" : "s")"
}
