import Foundation
import Testing

@testable import VidlatCLI

/// Opens a pseudo-terminal and returns the descriptor of its terminal side (and of the
/// controlling side, to close afterwards). The libc functions are looked up at run time:
/// Glibc's module does not export them to Swift.
private func openPseudoTerminal() -> (terminal: Int32, controller: Int32)? {
  typealias Open = @convention(c) (Int32) -> Int32
  typealias Name = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
  let library = dlopen(nil, RTLD_NOW)
  guard let openSymbol = dlsym(library, "posix_openpt"),
    let grantSymbol = dlsym(library, "grantpt"), let unlockSymbol = dlsym(library, "unlockpt"),
    let nameSymbol = dlsym(library, "ptsname")
  else { return nil }
  let controller = unsafeBitCast(openSymbol, to: Open.self)(O_RDWR | O_NOCTTY)
  guard controller >= 0, unsafeBitCast(grantSymbol, to: Open.self)(controller) == 0,
    unsafeBitCast(unlockSymbol, to: Open.self)(controller) == 0,
    let name = unsafeBitCast(nameSymbol, to: Name.self)(controller)
  else { return nil }
  let terminal = open(name, O_RDWR | O_NOCTTY)
  guard terminal >= 0 else { return nil }
  return (terminal, controller)
}

@Suite struct TerminalTests {
  @Test func tableAlignsColumns() {
    var table = Table(headers: ["name", "value", "learn"], alignments: [.left, .right])
    table.append(["k", "9.81", "no"])
    table.append(["drag", "0", "yes"])
    #expect(
      table.render() == """
        name  value  learn
        ----  -----  -----
        k      9.81  no
        drag      0  yes

        """)
  }

  @Test func coloursOnlyOnATerminalWithoutNoColor() throws {
    let pipe = Pipe()
    let piped = TextOutput(
      descriptor: pipe.fileHandleForWriting.fileDescriptor, environment: ["TERM": "xterm"])
    #expect(!piped.isTerminal && !piped.usesColor)
    let pseudoTerminal = try #require(openPseudoTerminal())
    defer {
      close(pseudoTerminal.terminal)
      close(pseudoTerminal.controller)
    }
    let descriptor = pseudoTerminal.terminal
    let terminal = TextOutput(descriptor: descriptor, environment: ["TERM": "xterm"])
    #expect(terminal.isTerminal && terminal.usesColor)
    let noColor = TextOutput(descriptor: descriptor, environment: ["NO_COLOR": "1"])
    #expect(noColor.isTerminal && !noColor.usesColor)
    let dumb = TextOutput(descriptor: descriptor, environment: ["TERM": "dumb"])
    #expect(!dumb.usesColor)
    let narrow = TextOutput(descriptor: descriptor, environment: ["COLUMNS": "50"])
    #expect(narrow.width > 0)
  }

  @Test func stylesOnlyWithColour() {
    #expect(TextOutput(capturingAsTerminal: true).styled("x", .red) == "x")
    #expect(
      TextOutput(capturingAsTerminal: true, usesColor: true).styled("x", .bold, .red)
        == "\u{1B}[1;31mx\u{1B}[0m")
  }

  @Test func progressBarRedrawsOneLineOnATerminal() {
    var now = 0.0
    let output = TextOutput(capturingAsTerminal: true, width: 70)
    let bar = ProgressBar(label: "train", total: 4, output: output, clock: { now })
    now = 10
    bar.update(completed: 1, fields: [("loss", "0.5")])
    now = 10.05
    bar.update(completed: 2)  // within 0.1 s of the last draw: skipped
    now = 20
    bar.update(completed: 2, fields: [("loss", "0.25")])
    bar.message("checkpoint saved")
    now = 40
    bar.update(completed: 4, fields: [("loss", "0.125")])
    bar.finish()
    let clear = "\r\u{1B}[2K"
    #expect(
      output.text
        == clear + "train [======>                   ] 1/4   25%  loss 0.5  00:10 < 00:30"
        + clear + "train [============>            ] 2/4   50%  loss 0.25  00:20 < 00:20"
        + clear + "checkpoint saved\n"
        + clear + "train [============>            ] 2/4   50%  loss 0.25  00:20 < 00:20"
        + clear + "train [========================] 4/4  100%  loss 0.125  00:40 < 00:00"
        + clear + "train [========================] 4/4  100%  loss 0.125  00:40 < 00:00"
        + "\n")
  }

  @Test func progressBarLogsPlainLinesAtItsIntervalOtherwise() {
    var now = 0.0
    let output = TextOutput()
    let bar = ProgressBar(label: "simulate", total: 100, output: output, logInterval: 5) { now }
    for step in 1...100 {
      now = Double(step) * 0.2
      bar.update(completed: step)
    }
    bar.finish()
    let lines = output.text.split(separator: "\n")
    // The first update, then every 5 s (25 steps of 0.2 s), then the end: no duplicate.
    #expect(
      lines == [
        "simulate 1/100 (1%) elapsed 00:00 eta 00:20",
        "simulate 26/100 (26%) elapsed 00:05 eta 00:15",
        "simulate 51/100 (51%) elapsed 00:10 eta 00:10",
        "simulate 76/100 (76%) elapsed 00:15 eta 00:05",
        "simulate 100/100 (100%) elapsed 00:20 eta 00:00",
      ])
  }

  @Test func progressWithoutATotalCountsAndLogs() {
    var now = 0.0
    let output = TextOutput()
    let bar = ProgressBar(label: "reading", total: nil, output: output, logInterval: 1) { now }
    bar.update(completed: 10, fields: [("frames/s", "100")])
    now = 2
    bar.update(completed: 200)
    bar.finish()
    #expect(
      output.text == """
        reading 10 frames/s 100 elapsed 00:00
        reading 200 elapsed 00:02

        """)
  }

  @Test func durationsReadAsClockTimes() {
    #expect(formatDuration(0) == "00:00")
    #expect(formatDuration(75.4) == "01:15")
    #expect(formatDuration(3 * 3600 + 62) == "3:01:02")
    #expect(formatDuration(.infinity) == "00:00")
  }

  @Test func linePlotDrawsSymbolsAndAxes() {
    var plot = LinePlot(width: 5, height: 3, xLabel: "t")
    plot.add("up", y: [0, 1, 2, 3, 4])
    plot.add("flat", y: [2, 2, 2, 2, 2])
    #expect(
      plot.render(marks: .symbols) == """
           up, flat
        4 ┤    *
        2 ┤+++++
        0 ┤**
          └─────
           0   4
             t
           * up  + flat

        """)
  }

  @Test func linePlotDrawsBrailleDots() {
    var plot = LinePlot(width: 2, height: 1)
    plot.add("line", x: [0, 1], y: [0, 1])
    let rendered = plot.render(marks: .braille)
    // A diagonal over 4 x 4 dots rising to the right: dots (0,3) (1,2) in the first
    // character, (2,1) (3,0) in the second.
    #expect(rendered.contains("┤\u{2860}\u{280A}\n"))
  }

  @Test func linePlotSurvivesEmptyAndConstantData() {
    var empty = LinePlot()
    #expect(empty.render(marks: .symbols) == "(no data)\n")
    empty.add("nan", y: [.nan, .infinity])
    #expect(empty.render(marks: .braille) == "(no data)\n")
    var constant = LinePlot(width: 3, height: 2)
    constant.add("c", y: [1, 1, 1])
    #expect(constant.render(marks: .symbols).contains("1.5 ┤\n"))
  }
}
