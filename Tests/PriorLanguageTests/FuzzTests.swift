import Foundation
import PriorLanguage
import Testing
import VidlatSupport

/// Random and mutated inputs: nothing may crash or hang, and every diagnostic must point at a
/// real place in its source.
@Suite struct FuzzTests {
  private static let priors: [String] = ["pendulum", "spring", "falling", "pulsar"].compactMap {
    try? String(contentsOfFile: priorsDirectory + "/\($0).prior", encoding: .utf8)
  }

  /// Fragments mutations insert: tokens of the language and some that are not.
  private static let fragments = [
    "x", "x'", "x''", "x'''", "k", "(", ")", "[", "]", ",", "=", "~", "+", "-", "*", "/", "^",
    "0", "1e-3", ".5", "1e", "0/0", "/0", "param", "let", "def", "noise", "init", "observe",
    "dt", "integrator", "in", "learn", "prior", "uniform(", "normal(", "sin(", "atan2(", "pow(",
    "wrap(", "pi", "e", "\n", " ", "#", "'", "$", "é", "\t", "\r\n", "1e999", "f(f(", "-",
  ]

  /// Rounds of `mutatedPriorsAndRandomInputs`: `VIDLAT_FUZZ_ROUNDS` when set (the longer run
  /// of scripts/fuzz-priors), else 10,000.
  private static let rounds =
    ProcessInfo.processInfo.environment["VIDLAT_FUZZ_ROUNDS"].flatMap { Int($0) } ?? 10_000

  /// Inputs the fuzzer found, kept as they were: escape codes in the source, a flat sum of
  /// more terms than the nesting limit, a deep nesting on a long line, a prior that
  /// overflows when simulated.
  static let foundInputs = [
    "x' = \u{1B}[2J\u{1B}]0;pwned\u{07} -x\nnoise x ~ 0.1\ninit x ~ 0\ndt = 0.1",
    "x' = -" + Array(repeating: "x", count: 150).joined(separator: " - ")
      + "\nnoise x ~ 0.1\ninit x ~ 0\ndt = 0.1",
    "x' = " + String(repeating: "(x + ", count: 2000) + "x" + String(repeating: ")", count: 2000),
    "x' = exp(x*x)\nnoise x ~ 0\ninit x ~ 3\ndt = 0.5",
    "param \u{9B}k = 1\nx' = -k*x\u{7F}",
  ]

  @Test func foundInputsAreReportedCleanly() {
    for text in FuzzTests.foundInputs {
      let check = Prior.check(SourceFile(path: "found.prior", text: text))
      let rendered = check.diagnostics.rendered()
      #expect(!rendered.unicodeScalars.contains(where: FuzzTests.isRawControl), "\(rendered)")
      #expect(rendered.split(separator: "\n").allSatisfy { $0.count <= 300 })
      if let model = check.model {
        _ = CompiledPrior(model).simulate(steps: 50, samples: 2, seed: 3).divergence
      }
    }
    #expect(!Prior.check(SourceFile(path: "sum.prior", text: FuzzTests.foundInputs[1])).hasErrors)
  }

  /// A control character other than newline and tab, printed as is.
  private static func isRawControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar != "\n" && scalar != "\t" && scalar.properties.generalCategory == .control
  }

  @Test func mutatedPriorsAndRandomInputs() {
    #expect(FuzzTests.priors.count == 4)
    var generator = SeededGenerator(seed: 20_261_123)
    var checked = 0
    var clean = 0
    var withWarnings = 0
    var withErrors = 0
    var invalid: [String] = []
    for round in 0..<FuzzTests.rounds {
      let text: String
      if round % 10 == 9 {
        text = randomInput(using: &generator)
      } else {
        let base = FuzzTests.priors[round % FuzzTests.priors.count]
        text = mutate(base, times: Int.random(in: 1...6, using: &generator), using: &generator)
      }
      let source = SourceFile(path: "fuzz.prior", text: text)
      let check = Prior.check(source)
      checked += 1
      for diagnostic in check.diagnostics {
        let rendered = diagnostic.rendered()
        let valid =
          isValid(diagnostic.range, in: source)
          && diagnostic.notes.allSatisfy { isValid($0.range, in: $0.range.source) }
          && !rendered.isEmpty && !rendered.unicodeScalars.contains(where: FuzzTests.isRawControl)
        if !valid { invalid.append(diagnostic.description) }
      }
      if check.hasErrors {
        withErrors += 1
      } else if !check.diagnostics.isEmpty {
        withWarnings += 1
      }
      if check.hasErrors != (check.model == nil) {
        invalid.append("model/errors mismatch: \(text)")
      }
      if let model = check.model {
        clean += 1
        if !isConsistent(model) { invalid.append("inconsistent model: \(text)") }
      }
      if round % 50 == 0 {
        var session = PriorSession()
        for line in text.split(separator: "\n").prefix(8) { _ = session.submit(String(line)) }
        _ = Lexer.needsContinuation(text)
        _ = try? Override(parsing: String(text.prefix(30)))
        _ = try? Override(initialValue: String(text.suffix(30)))
        _ = Parser.parseExpression(SourceFile(path: "e", text: String(text.prefix(80))))
        _ = try? session.expression(String(text.suffix(40)))
      }
    }
    #expect(checked == FuzzTests.rounds)
    #expect(invalid.isEmpty)
    print(
      "fuzz: \(checked) priors: \(clean) valid (\(withWarnings) with warnings), "
        + "\(withErrors) with errors, \(invalid.count) invalid diagnostics or models")
    // The mutations are small enough that some inputs stay valid.
    #expect(clean > 30)
  }

  /// Whether `range` points at a real place of `source` (checked without `#expect`, which is
  /// slow in a loop of this size).
  private func isValid(_ range: SourceRange, in source: SourceFile) -> Bool {
    let count = source.text.unicodeScalars.count
    return range.start.offset >= 0 && range.start.offset <= range.end.offset
      && range.end.offset <= count && range.start.line >= 1
      && range.start.line <= source.lineCount && range.start.column >= 1
      && range.start.column - 1 <= source.line(range.start.line).unicodeScalars.count + 1
      && source.location(at: range.start.offset) == range.start
  }

  private func isConsistent(_ model: PriorModel) -> Bool {
    let d = model.states.count
    guard model.dynamics.count == d, model.noiseStandardDeviations.count == d,
      model.initial.count == d
    else { return false }
    let z = [Double](repeating: 0.3, count: d)
    let theta = model.parameters.map(\.value)
    for expression in model.dynamics + model.observations.map(\.expression) {
      _ = expression.evaluate(states: z, parameters: theta)
    }
    return true
  }

  private func mutate(_ text: String, times: Int, using generator: inout SeededGenerator)
    -> String
  {
    var scalars = Array(text.unicodeScalars)
    for _ in 0..<times {
      guard !scalars.isEmpty else { break }
      let at = Int.random(in: 0..<scalars.count, using: &generator)
      switch Int.random(in: 0..<6, using: &generator) {
      case 0:  // delete a character
        scalars.remove(at: at)
      case 1:  // delete a run
        let end = min(scalars.count, at + Int.random(in: 1...12, using: &generator))
        scalars.removeSubrange(at..<end)
      case 2:  // insert a fragment
        let fragment = FuzzTests.fragments.randomElement(using: &generator) ?? "x"
        scalars.insert(contentsOf: fragment.unicodeScalars, at: at)
      case 3:  // swap two characters
        let other = Int.random(in: 0..<scalars.count, using: &generator)
        scalars.swapAt(at, other)
      case 4:  // duplicate a line-sized chunk elsewhere
        let end = min(scalars.count, at + Int.random(in: 1...40, using: &generator))
        let chunk = Array(scalars[at..<end])
        scalars.insert(contentsOf: chunk, at: Int.random(in: 0...scalars.count, using: &generator))
      default:  // replace a character with a random one
        scalars[at] = Unicode.Scalar(UInt8.random(in: 9...126, using: &generator))
      }
    }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars)
    return String(view)
  }

  private func randomInput(using generator: inout SeededGenerator) -> String {
    (0..<Int.random(in: 0...60, using: &generator)).map { _ in
      FuzzTests.fragments.randomElement(using: &generator) ?? ""
    }.joined(separator: Bool.random(using: &generator) ? " " : "")
  }
}
