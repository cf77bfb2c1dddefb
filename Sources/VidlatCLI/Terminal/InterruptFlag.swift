import Foundation

/// Ctrl-C (SIGINT) during long work (training): the first sets the flag, which the work checks
/// between steps to save its position and stop.
enum InterruptFlag {
  nonisolated(unsafe) private static var flag: sig_atomic_t = 0

  static var isSet: Bool { flag != 0 }

  static func install() {
    signal(SIGINT) { _ in InterruptFlag.flag = 1 }
  }
}
