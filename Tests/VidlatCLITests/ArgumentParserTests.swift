import Testing

@testable import VidlatCLI

/// A configuration with one of every kind of argument.
let sampleConfiguration = CommandConfiguration(
  name: "sample", abstract: "Exercise the parser.",
  arguments: [
    .argument("file", help: "The input."),
    .argument("extra", arity: .optional, help: "Another input."),
    .option("steps", short: "n", value: "n", default: "100", help: "Number of steps."),
    .option("seed", value: "seed", help: "Random seed."),
    .option("set", value: "name=value", occurs: .repeatedly, help: "An override."),
    .flag("verbose", short: "v", help: "Say more."),
    .flag("quiet", short: "q", help: "Say less."),
    .flag("noise", inverted: true, default: true, help: "Add noise."),
  ])

private func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
  try ArgumentParser(configuration: sampleConfiguration).parse(arguments)
}

private func usageError(_ arguments: [String]) -> UsageError? {
  do {
    _ = try parse(arguments)
    return nil
  } catch {
    return error
  }
}

@Suite struct ArgumentParserTests {
  @Test func optionsInEveryForm() throws {
    for arguments in [
      ["a.prior", "--steps", "7"], ["a.prior", "--steps=7"], ["-n", "7", "a.prior"],
      ["-n7", "a.prior"], ["a.prior", "--steps", "3", "--steps", "7"],
    ] {
      let parsed = try parse(arguments)
      #expect(try parsed.value("steps", as: .integer) == 7, "\(arguments)")
      #expect(try parsed.value("file", as: .string) == "a.prior")
    }
  }

  @Test func defaultsApplyWhenAbsent() throws {
    let parsed = try parse(["a.prior"])
    #expect(try parsed.value("steps", as: .integer) == 100)
    #expect(try parsed.optionalValue("seed", as: .integer) == nil)
    #expect(try parsed.optionalValue("extra", as: .string) == nil)
    #expect(!parsed.contains("steps"))
    #expect(!parsed.flag("verbose"))
    #expect(parsed.flag("noise"))
    #expect(try parsed.values("set", as: .assignment) == [])
  }

  @Test func repeatableOptionKeepsEveryValueInOrder() throws {
    let parsed = try parse(["a", "--set", "k=1", "--set=c=-0.5", "--set", "x'=1e-3"])
    #expect(
      try parsed.values("set", as: .assignment) == [
        Assignment(name: "k", value: 1), Assignment(name: "c", value: -0.5),
        Assignment(name: "x'", value: 0.001),
      ])
  }

  @Test func flagsClusterAndInvert() throws {
    let parsed = try parse(["-vq", "a", "--no-noise"])
    #expect(parsed.flag("verbose") && parsed.flag("quiet"))
    #expect(!parsed.flag("noise"))
    #expect(try parse(["a", "--no-noise", "--noise"]).flag("noise"))
  }

  @Test func positionalsOptionalAndAfterDoubleDash() throws {
    let parsed = try parse(["a", "--", "--steps"])
    #expect(try parsed.value("extra", as: .string) == "--steps")
    #expect(try parse(["-", "b"]).value("file", as: .string) == "-")
  }

  @Test func negativeNumbersAreValues() throws {
    let parsed = try parse(["a", "--seed", "-3"])
    #expect(try parsed.value("seed", as: .integer) == -3)
  }

  @Test func everyErrorNamesTheArgument() {
    #expect(usageError([])?.message == "missing argument '<file>'")
    #expect(usageError(["a", "b", "c"])?.message == "unexpected argument 'c'")
    #expect(usageError(["a", "--stpes", "3"])?.message == "unknown option '--stpes'")
    #expect(usageError(["a", "--stpes", "3"])?.hint == "did you mean '--steps'?")
    #expect(usageError(["a", "-x"])?.message == "unknown option '-x'")
    #expect(usageError(["a", "--steps"])?.message == "missing value for '--steps <n>'")
    #expect(
      usageError(["a", "--steps", "--verbose"])?.message == "missing value for '--steps <n>'")
    #expect(
      usageError(["a", "--verbose=yes"])?.message == "'--verbose' is a flag and takes no value")
    #expect(usageError(["a", "--no-verbose"])?.message == "unknown option '--no-verbose'")
  }

  @Test func conversionErrorsSayWhatWasExpected() throws {
    func failure<Value>(_ arguments: [String], _ name: String, _ type: ArgumentType<Value>)
      throws -> String?
    {
      do {
        _ = try parse(arguments).value(name, as: type)
        return nil
      } catch {
        return error.message
      }
    }
    #expect(
      try failure(["a", "--steps", "many"], "steps", .integer)
        == "invalid value 'many' for '--steps <n>': expected an integer")
    #expect(
      try failure(["a", "--steps", "0"], "steps", .integer(in: 1...Int.max))
        == "invalid value '0' for '--steps <n>': expected an integer of at least 1")
    #expect(
      try failure(["a", "--steps", "99999999999999999999"], "steps", .integer(in: 0...Int.max))
        == "invalid value '99999999999999999999' for '--steps <n>': expected an integer between "
        + "0 and 9223372036854775807")
    #expect(
      try failure(["a", "--steps", "-99999999999999999999"], "steps", .integer(in: 1...10))
        == "invalid value '-99999999999999999999' for '--steps <n>': expected an integer between "
        + "1 and 10")
    #expect(
      try failure(["a", "--steps", "1.5"], "steps", .integer(in: 1...10))
        == "invalid value '1.5' for '--steps <n>': expected an integer")
    #expect(
      try failure(["a", "--steps", "5"], "steps", .double(in: 0...1))
        == "invalid value '5' for '--steps <n>': expected a number between 0.0 and 1.0")
    #expect(
      try failure(["a", "--steps", "nan"], "steps", .double)
        == "invalid value 'nan' for '--steps <n>': expected a number")
    #expect(
      try failure(["/no/such/file"], "file", .existingFile)
        == "invalid value '/no/such/file' for '<file>': no such file")
    #expect(
      try failure(["/tmp"], "file", .existingFile)
        == "invalid value '/tmp' for '<file>': is a directory, not a file")
    #expect(
      try failure(["a", "--set", "k"], "set", .assignment)
        == "invalid value 'k' for '--set <name=value>': expected name=number, such as c=0.5")
    #expect(
      try failure(["a", "--set", "k=x"], "set", .assignment)
        == "invalid value 'k=x' for '--set <name=value>': 'x' after '=' is not a number")
    #expect(
      try failure(["a", "--set", "=1"], "set", .assignment)
        == "invalid value '=1' for '--set <name=value>': the name before '=' is empty")
    #expect(
      try failure(["rk5"], "file", .choice(["rk4", "euler"]))
        == "invalid value 'rk5' for '<file>': expected one of 'rk4', 'euler' (did you mean 'rk4'?)")
  }

  @Test func requiredOptionMustBeGiven() {
    let configuration = CommandConfiguration(
      name: "train", abstract: "",
      arguments: [.option("prior", value: "file", required: true, help: "The prior.")])
    #expect(throws: UsageError("missing required option '--prior <file>'")) {
      try ArgumentParser(configuration: configuration).parse([])
    }
  }

  @Test func variadicTakesEverythingLeft() throws {
    let configuration = CommandConfiguration(
      name: "check", abstract: "",
      arguments: [.argument("files", value: "file", arity: .variadic, help: "Files.")])
    let parsed = try ArgumentParser(configuration: configuration).parse(["a", "b", "c"])
    #expect(try parsed.values("files", as: .string) == ["a", "b", "c"])
    #expect(throws: UsageError("missing argument '<file> ...'")) {
      try ArgumentParser(configuration: configuration).parse([])
    }
  }

  @Test func suggestionsCatchTyposAndAbbreviations() {
    #expect(closestMatch(to: "simulat", among: ["simulate", "show"]) == "simulate")
    #expect(closestMatch(to: "hlep", among: ["help", "check"]) == "help")
    #expect(closestMatch(to: "--vers", among: ["--help", "--version"]) == "--version")
    #expect(closestMatch(to: "zzz", among: ["help", "check"]) == nil)
  }
}
