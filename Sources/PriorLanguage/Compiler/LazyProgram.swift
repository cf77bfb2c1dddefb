import Foundation

/// A register program compiled the first time it is run, once, whichever thread asks first.
///
/// A prior's Jacobian programs grow as d^2 and d^3 for d states; most uses of a prior
/// (simulating it, plotting it) never run them, and pay nothing for them.
final class LazyProgram: @unchecked Sendable {
  private let build: @Sendable () -> RegisterProgram
  private let lock = NSLock()
  private var compiled: RegisterProgram?

  init(_ build: @escaping @Sendable () -> RegisterProgram) {
    self.build = build
  }

  /// The program, compiled now if it was not yet.
  var program: RegisterProgram {
    lock.withLock {
      if let compiled { return compiled }
      let program = build()
      compiled = program
      return program
    }
  }

  /// Whether the program has been compiled.
  var isCompiled: Bool { lock.withLock { compiled != nil } }
}
