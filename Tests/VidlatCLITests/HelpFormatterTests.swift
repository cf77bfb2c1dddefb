import Testing

@testable import VidlatCLI

@Suite struct HelpFormatterTests {
  @Test func helpHasAlignedSections() {
    let help = HelpFormatter(width: 80).help(for: sampleConfiguration)
    #expect(
      help == """
        OVERVIEW: Exercise the parser.

        USAGE: vidlat sample <file> [<extra>] [--steps <n>] [--seed <seed>]
                             [--set <name=value>] ... [--verbose] [--quiet]
                             [--noise|--no-noise]

        ARGUMENTS:
          <file>                  The input.
          <extra>                 Another input.

        OPTIONS:
          -n, --steps <n>         Number of steps. (default: 100)
          --seed <seed>           Random seed.
          --set <name=value>      An override. (repeatable)
          -v, --verbose           Say more.
          -q, --quiet             Say less.
          --noise, --no-noise     Add noise. (default: --noise)
          -h, --help              Show help information.

        """)
  }

  @Test func longLabelsAndTextWrap() {
    let configuration = CommandConfiguration(
      name: "long", abstract: "Long.", discussion: "Details here.",
      arguments: [
        .option(
          "a-very-long-option-name", value: "value",
          help: "A description long enough that it has to wrap onto a second line at 60.")
      ])
    let help = HelpFormatter(width: 60).help(for: configuration)
    #expect(
      help.contains(
        """
          --a-very-long-option-name <value>
                                  A description long enough that it
                                  has to wrap onto a second line at
                                  60.
        """))
    #expect(help.hasSuffix("Show help information.\n\nDetails here.\n"))
  }
}
