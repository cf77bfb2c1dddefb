import Foundation
import Testing

/// The built `vidlat` executable: next to the test bundle in the build products folder.
private func vidlatExecutable() throws -> String {
  let candidates = [CommandLine.arguments[0], Bundle.main.executablePath ?? ""]
    .filter { !$0.isEmpty }
    .map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
  for folder in candidates {
    for path in [folder.path + "/vidlat", folder.deletingLastPathComponent().path + "/vidlat"] {
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
  }
  throw ExecutableNotFound(searched: candidates.map(\.path))
}

private struct ExecutableNotFound: Error, CustomStringConvertible {
  var searched: [String]
  var description: String { "no vidlat executable next to the tests in \(searched)" }
}

/// Runs `executable arguments` with `input` on its standard input; returns the status and
/// both outputs.
private func spawn(
  _ executable: String, _ arguments: [String], input: String,
  environment: [String: String]? = nil
) throws -> (status: Int32, output: String, error: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  if let environment { process.environment = environment }
  let standardInput = Pipe()
  let standardOutput = Pipe()
  let standardError = Pipe()
  process.standardInput = standardInput
  process.standardOutput = standardOutput
  process.standardError = standardError
  try process.run()
  standardInput.fileHandleForWriting.write(Data(input.utf8))
  try standardInput.fileHandleForWriting.close()
  let output = standardOutput.fileHandleForReading.readDataToEndOfFile()
  let error = standardError.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (
    process.terminationStatus, String(decoding: output, as: UTF8.self),
    String(decoding: error, as: UTF8.self)
  )
}

private struct TmuxFailed: Error {
  var arguments: [String]
}

private func findInPath(_ name: String) -> String? {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
  return path.split(separator: ":").map { "\($0)/\(name)" }
    .first { FileManager.default.isExecutableFile(atPath: $0) }
}

@Suite struct PipedSessionTests {
  @Test func scriptPipedIntoTheBinaryRunsWithoutPromptsOrEscapes() throws {
    let script = """
      param k = 9.81
      x'' = -k*sin(x)
      init x ~ uniform(-1, 1)
      k*2
      :diff -k*sin(x) wrt x
      kk
      :simulate 30
      :quit

      """
    let result = try spawn(try vidlatExecutable(), ["repl"], input: script)
    #expect(result.status == 0)
    #expect(result.output.hasPrefix("19.62\n-k*cos(x)\n"))
    #expect(result.output.contains("* x  + x'"))
    #expect(!result.output.contains("vidlat>"))
    #expect(!result.output.contains("\u{1B}"))
    #expect(!result.error.contains("\u{1B}"))
    #expect(result.error.contains("error: unknown name 'kk'; did you mean 'k'?"))
  }

  @Test func exitStatusesOfTheBinary() throws {
    let vidlat = try vidlatExecutable()
    #expect(try spawn(vidlat, ["--version"], input: "").status == 0)
    #expect(try spawn(vidlat, ["simulat"], input: "").status == 64)
    #expect(try spawn(vidlat, ["check", "/no/such.prior"], input: "").status == 1)
  }
}

/// A `vidlat repl` in a real pseudo-terminal, driven through tmux.
@Suite(.enabled(if: findInPath("tmux") != nil, "tmux is not installed"))
struct PseudoTerminalSessionTests {
  /// A tmux server of its own (so no user session is touched), running one window. Its
  /// socket is a file of the temporary folder, removed with the server.
  private final class Terminal {
    let tmux: String
    let socket = NSTemporaryDirectory() + "vidlat-tmux-\(UUID().uuidString)"

    init(command: String) throws {
      tmux = findInPath("tmux") ?? "tmux"
      try run(["new-session", "-d", "-x", "110", "-y", "50", command])
    }

    deinit {
      _ = try? run(["kill-server"])
      unlink(socket)
    }

    /// Runs a tmux command and returns what it printed.
    ///
    /// It is spawned with no signal blocked or ignored: test threads block signals, and
    /// the tmux server (and the REPL under it) would otherwise inherit that mask and
    /// outlive the test. Its output goes through a file, since the server that
    /// `new-session` starts would keep a pipe open.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
      let outputPath = "\(socket)-\(UUID().uuidString).out"
      defer { unlink(outputPath) }
      var actions = posix_spawn_file_actions_t()
      posix_spawn_file_actions_init(&actions)
      defer { posix_spawn_file_actions_destroy(&actions) }
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
      posix_spawn_file_actions_addopen(
        &actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
      posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
      var attributes = posix_spawnattr_t()
      posix_spawnattr_init(&attributes)
      defer { posix_spawnattr_destroy(&attributes) }
      var noSignals = sigset_t()
      sigemptyset(&noSignals)
      var allSignals = sigset_t()
      sigfillset(&allSignals)
      posix_spawnattr_setsigmask(&attributes, &noSignals)
      posix_spawnattr_setsigdefault(&attributes, &allSignals)
      posix_spawnattr_setflags(
        &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
      let argv = ([tmux, "-S", socket, "-f", "/dev/null"] + arguments).map { strdup($0) }
      defer { for pointer in argv { free(pointer) } }
      var pid = pid_t()
      let status = posix_spawn(&pid, tmux, &actions, &attributes, argv + [nil], environ)
      guard status == 0 else { throw TmuxFailed(arguments: arguments) }
      var exitStatus: Int32 = 0
      waitpid(pid, &exitStatus, 0)
      return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// Types `keys` (tmux key names such as `Enter` and `Tab` are sent as keys).
    func send(_ keys: String...) throws {
      try run(["send-keys", "-t", "0"] + keys)
    }

    /// The visible screen.
    func screen() throws -> String {
      try run(["capture-pane", "-p", "-t", "0"])
    }

    /// Waits until the screen shows `text` (the program answers at its own pace), up to a
    /// generous limit; returns the screen.
    func waitFor(_ text: String, limit: Double = 30) throws -> String {
      let deadline = Date().addingTimeInterval(limit)
      var last = try screen()
      while !last.contains(text), Date() < deadline {
        usleep(50_000)
        last = try screen()
      }
      return last
    }
  }

  @Test func promptCompletionOutputAndHistory() throws {
    try withTemporaryDirectory { home in
      let vidlat = try vidlatExecutable()
      let terminal = try Terminal(
        command: "env HOME=\(home) TERM=xterm \(vidlat) repl \(prior("pendulum"))")

      // capture-pane drops trailing spaces: an empty prompt line reads "vidlat>".
      var screen = try terminal.waitFor("vidlat>")
      #expect(screen.contains("loaded prior pendulum: 2 states, 2 params\nvidlat>"))

      // Tab completes a declared name (and adds a space): "param kappa = 3", then "kap<Tab>*2".
      try terminal.send("param kappa = 3", "Enter")
      try terminal.send("kap", "Tab")
      screen = try terminal.waitFor("vidlat> kappa")
      try terminal.send("*2", "Enter")
      screen = try terminal.waitFor("vidlat> kappa *2\n6\n")
      #expect(screen.contains("vidlat> kappa *2\n6\n"))

      // Tab completes a command; the plot is drawn in the terminal.
      try terminal.send(":simu", "Tab")
      screen = try terminal.waitFor("vidlat> :simulate")
      try terminal.send(" 20", "Enter")
      screen = try terminal.waitFor("pendulum: one rollout of 20 steps")
      #expect(screen.contains("└"))

      // A continuation prompt while parentheses are open; an error does not end the session.
      try terminal.send("(1 +", "Enter")
      screen = try terminal.waitFor("vidlat> (1 +\n   ...>")
      try terminal.send("2)", "Enter")
      screen = try terminal.waitFor("\n3\n")
      // Ctrl-C abandons an unfinished input and gives a fresh prompt.
      try terminal.send("(2 +", "Enter")
      screen = try terminal.waitFor("vidlat> (2 +\n   ...>")
      try terminal.send("C-c")
      screen = try terminal.waitFor("   ...> ^C\nvidlat>")
      try terminal.send("7*6", "Enter")
      screen = try terminal.waitFor("vidlat> 7*6\n42\n")
      #expect(screen.contains("   ...> ^C\nvidlat> 7*6\n42\n"))
      try terminal.send("nosuchname", "Enter")
      screen = try terminal.waitFor("unknown name 'nosuchname'")
      try terminal.send("1+1", "Enter")
      screen = try terminal.waitFor("\n2\n")
      #expect(screen.contains("\n2\n"))

      try terminal.send(":quit", "Enter")
      let historyPath = home + "/.vidlat_history"
      let deadline = Date().addingTimeInterval(30)
      var history = ""
      while !history.contains(":quit"), Date() < deadline {
        usleep(50_000)
        history = (try? String(contentsOfFile: historyPath, encoding: .utf8)) ?? ""
      }
      #expect(history.contains("param kappa = 3\n"))
      #expect(history.contains("kappa *2\n"))
      #expect(history.contains(":quit"))
    }
  }
}
