import Dispatch
import Foundation

/// Runs `body` over `0..<count` split into contiguous chunks across the machine's cores.
///
/// Each index is processed exactly once by exactly one chunk, and callers only let chunks
/// write disjoint memory, so results never depend on scheduling (training stays
/// bit-reproducible). Small jobs (fewer than `minimumPerChunk` items per core) run inline.
func parallelFor(_ count: Int, minimumPerChunk: Int = 1, _ body: (Range<Int>) -> Void) {
  let cores = ProcessInfo.processInfo.activeProcessorCount
  let chunks = min(cores, count / max(minimumPerChunk, 1))
  if chunks <= 1 {
    body(0..<count)
    return
  }
  withoutActuallyEscaping(body) { body in
    // Chunks touch disjoint memory (see above), so sharing the closure is safe.
    let shared = UncheckedSendable(body)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      let start = count * chunk / chunks
      let end = count * (chunk + 1) / chunks
      shared.value(start..<end)
    }
  }
}

private struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
