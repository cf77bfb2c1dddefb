import Foundation

/// Ctrl-C (SIGINT) during long work (training): the first sets the flag, which the work checks
/// between steps to save its position and stop, then ends with `ExitCode.interrupted`; a
/// second ends the process at once, as Ctrl-C does by default.
enum InterruptFlag {
  nonisolated(unsafe) private static var flag: sig_atomic_t = 0

  /// Stands for a Ctrl-C in tests: set for a task, the flag reads as set there.
  @TaskLocal static var isSimulated = false

  static var isSet: Bool { flag != 0 || isSimulated }

  static func install() {
    signal(SIGINT) { _ in
      InterruptFlag.flag = 1
      signal(SIGINT, SIG_DFL)
    }
  }
}
