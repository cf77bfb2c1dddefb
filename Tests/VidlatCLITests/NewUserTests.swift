import Foundation
import Testing

@testable import VidlatCLI

/// What a new user types first: other programs' spellings, help in either order, a folder of
/// priors, a value that is not a number.
@Suite struct NewUserTests {
  @Test func otherSpellingsOfVersionSuggestIt() {
    for (spelling, kind) in [("-v", "option"), ("-V", "option"), ("version", "command")] {
      let result = runCLI([spelling])
      #expect(result.status == 64)
      #expect(result.error.contains("error: unknown \(kind) '\(spelling)'"))
      #expect(result.error.contains("hint: did you mean '--version'?"), "\(spelling)")
    }
  }

  @Test func helpBeforeTheCommandShowsTheCommandsHelp() {
    let before = runCLI(["--help", "train"])
    let after = runCLI(["train", "--help"])
    #expect(before.status == 0)
    #expect(before.output == after.output)
    #expect(before.output.contains("--resume"))
    #expect(runCLI(["-h", "check"]).output == runCLI(["check", "--help"]).output)
  }

  @Test func aValueThatIsNotANumberIsCalledThat() {
    let result = runCLI(["simulate", prior("spring"), "--set", "c=abc"])
    #expect(result.status == 64)
    #expect(
      result.error.contains(
        "invalid value 'c=abc' for '--set <name=value>': 'abc' is not a number: the value of "
          + "param 'c' must be a number, such as 0.5, or an expression of numbers and params"),
      "\(result.error)")
    #expect(!result.error.contains("declare it"))
    #expect(runCLI(["simulate", prior("spring"), "--set", "c=k/100", "-n", "2"]).status == 0)
  }

  @Test func checkTakesAFolder() throws {
    let result = runCLI(["check", packageRoot + "/Priors/"])
    #expect(result.status == 0)
    for name in ["falling", "pendulum", "pulsar", "spring"] {
      #expect(result.output.contains("\(packageRoot)/Priors/\(name).prior: ok"))
    }
    try withTemporaryDirectory { folder in
      try "x' = q".write(toFile: folder + "/bad.prior", atomically: true, encoding: .utf8)
      try "not a prior".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
      let bad = runCLI(["check", folder])
      #expect(bad.status == 1)
      #expect(bad.output.contains("\(folder)/bad.prior: "))
      #expect(!bad.output.contains("notes.txt"))
      try FileManager.default.removeItem(atPath: folder + "/bad.prior")
      let empty = runCLI(["check", folder])
      #expect(empty.status == 1)
      #expect(empty.error.contains("error: \(folder): no .prior files in the folder"))
    }
  }
}
