import Foundation

/// Progress of a long task with named figures (loss, R^2...), elapsed time and ETA.
///
/// On a terminal it redraws one line in place, at most ten times a second:
///
///     epoch 3/20 [=========>          ] 45/100  45%  loss 0.123  00:12 < 00:15
///
/// When the output is not a terminal (a log file, CI) it prints a plain line instead, at
/// the first update, then at most every `logInterval` seconds, and when finished:
///
///     epoch 3/20 45/100 (45%) loss 0.123 elapsed 00:12 eta 00:15
///
/// Use `message(_:)` for other output while the bar is shown, so the bar is not broken.
public final class ProgressBar {
  /// Text before the bar, such as `epoch 3/20`; may change between updates.
  public var label: String
  /// The number of units of the whole task, or nil when unknown (no bar, no ETA).
  public var total: Int?
  /// For plain (non-terminal) output: the least number of seconds between two lines.
  public var logInterval: Double

  private let output: TextOutput
  private let clock: () -> Double
  private let start: Double
  private var completed = 0
  private var fields: [(name: String, value: String)] = []
  private var lastDraw: Double?
  private var lastLoggedCount: Int?
  private var drawnOnTerminal = false

  /// A progress bar writing to `output`. `clock` gives the time in seconds (monotonic); tests
  /// pass their own.
  public init(
    label: String, total: Int?, output: TextOutput, logInterval: Double = 5,
    clock: @escaping () -> Double = { ProcessInfo.processInfo.systemUptime }
  ) {
    self.label = label
    self.total = total
    self.output = output
    self.logInterval = logInterval
    self.clock = clock
    start = clock()
  }

  /// Records that `completed` units are done, with the current figures, and redraws or logs
  /// if it is time to.
  public func update(completed: Int, fields: [(name: String, value: String)] = []) {
    self.completed = completed
    self.fields = fields
    let now = clock()
    let isComplete = total.map { completed >= $0 } ?? false
    let interval = output.isTerminal ? 0.1 : logInterval
    if let lastDraw, now - lastDraw < interval, !isComplete { return }
    draw(now: now)
  }

  /// Prints `text` on its own line without breaking the bar.
  public func message(_ text: String) {
    if drawnOnTerminal {
      output.write("\r\u{1B}[2K" + text + "\n")
      draw(now: clock())
    } else {
      output.writeLine(text)
    }
  }

  /// Ends the bar with `text` in its place, drawing nothing more: for a task stopped before
  /// it was done. Call once, instead of `finish()`.
  public func end(with text: String) {
    output.write((drawnOnTerminal ? "\r\u{1B}[2K" : "") + text + "\n")
    drawnOnTerminal = false
    output.flush()
  }

  /// Draws the final state and ends the line; call once when the task is done.
  public func finish() {
    if output.isTerminal {
      draw(now: clock())
      output.write("\n")
    } else if lastLoggedCount != completed {
      draw(now: clock())
    }
    drawnOnTerminal = false
    output.flush()
  }

  private func draw(now: Double) {
    lastDraw = now
    let elapsed = now - start
    var eta: Double?
    if let total, completed > 0, completed <= total {
      eta = elapsed / Double(completed) * Double(total - completed)
    }
    if output.isTerminal {
      output.write("\r\u{1B}[2K" + terminalLine(elapsed: elapsed, eta: eta))
      drawnOnTerminal = true
    } else {
      output.writeLine(plainLine(elapsed: elapsed, eta: eta))
      output.flush()
      lastLoggedCount = completed
    }
  }

  func terminalLine(elapsed: Double, eta: Double?) -> String {
    var count = "\(completed)"
    var percent = ""
    if let total {
      count += "/\(total)"
      percent = String(format: "%3d%%", Int(100 * fraction(of: total)))
    }
    let figures = fields.map { "\($0.name) \($0.value)" }.joined(separator: "  ")
    let time = formatDuration(elapsed) + (eta.map { " < " + formatDuration($0) } ?? "")
    let tail = [count, percent, figures, time].filter { !$0.isEmpty }.joined(separator: "  ")
    var line = label.isEmpty ? "" : label + " "
    if let total {
      let room = output.width - 1 - line.count - tail.count - 3
      let barWidth = min(40, room)
      if barWidth >= 10 {
        let filled = Int(Double(barWidth) * fraction(of: total))
        let bar =
          String(repeating: "=", count: filled)
          + (filled < barWidth ? ">" + String(repeating: " ", count: barWidth - filled - 1) : "")
        line += "[" + bar + "] "
      }
    }
    line += tail
    // A line wider than the terminal would wrap and break the redraw.
    return String(line.prefix(max(1, output.width - 1)))
  }

  func plainLine(elapsed: Double, eta: Double?) -> String {
    var parts = label.isEmpty ? [] : [label]
    if let total {
      parts.append("\(completed)/\(total) (\(Int(100 * fraction(of: total)))%)")
    } else {
      parts.append("\(completed)")
    }
    parts += fields.map { "\($0.name) \($0.value)" }
    parts.append("elapsed " + formatDuration(elapsed))
    if let eta { parts.append("eta " + formatDuration(eta)) }
    return parts.joined(separator: " ")
  }

  private func fraction(of total: Int) -> Double {
    total > 0 ? min(1, max(0, Double(completed) / Double(total))) : 1
  }
}

/// `mm:ss`, or `h:mm:ss` from an hour on.
func formatDuration(_ seconds: Double) -> String {
  let whole = seconds.isFinite ? max(0, Int(seconds.rounded())) : 0
  let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60)
  if hours > 0 { return String(format: "%d:%02d:%02d", hours, minutes, secs) }
  return String(format: "%02d:%02d", minutes, secs)
}
