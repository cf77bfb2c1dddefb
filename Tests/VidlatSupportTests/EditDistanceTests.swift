import Testing
import VidlatSupport

@Suite struct EditDistanceTests {
  @Test func countsInsertionsDeletionsAndSubstitutions() {
    #expect("kitten".editDistance(to: "sitting") == 3)
    #expect("".editDistance(to: "abc") == 3)
    #expect("abc".editDistance(to: "") == 3)
    #expect("same".editDistance(to: "same") == 0)
    #expect("flaw".editDistance(to: "lawn") == 2)
  }

  @Test func anAdjacentSwapIsOneEditButASwappedPairIsNotEditedAgain() {
    #expect("hlep".editDistance(to: "help") == 1)
    #expect("ab".editDistance(to: "ba") == 1)
    // Optimal string alignment: "ca" -> "ac" -> "abc" would edit the swapped pair again.
    #expect("ca".editDistance(to: "abc") == 3)
  }

  @Test func comparesTheCollectionsElements() {
    // "é" as one character, or as "e" and a combining acute accent.
    let decomposed = "e\u{301}"
    #expect(decomposed.editDistance(to: "e") == 1)
    #expect(decomposed.unicodeScalars.editDistance(to: "e".unicodeScalars) == 1)
    #expect(decomposed.editDistance(to: "\u{E9}") == 0)
    #expect(decomposed.unicodeScalars.editDistance(to: "\u{E9}".unicodeScalars) == 2)
    #expect([1, 2, 3].editDistance(to: [1, 3]) == 1)
  }
}
