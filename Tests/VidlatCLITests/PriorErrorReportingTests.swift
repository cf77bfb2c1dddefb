import Testing

@testable import VidlatCLI

/// A command that fails on a prior's diagnostics prints them as `vidlat check` does: each with
/// its own `file:line:column: error:` label, not glued behind another `error:`.
@Suite struct PriorErrorReportingTests {
  @Test func brokenPriorInTrainPrintsDiagnosticsOnce() throws {
    try withTemporaryFile(
      "broken.prior",
      """
      prior pendulum
      param k = 9.81
      x'' = -kk*sin(x)
      noise x ~ 0.01
      noise x' ~ 0.1
      init x ~ 1
      init x' ~ 0
      dt = 0.05

      """
    ) { path in
      let context = CommandContext.capturing()
      let status = VidlatCLI.run(
        ["train", "--prior", path, "--out", path + ".run", "--epochs", "1"], context: context)
      #expect(status == 1)
      let error = context.standardError.text
      #expect(error.hasPrefix(path + ":3:8: error: unknown name 'kk'"), "\(error)")
      #expect(!error.contains("error: " + path))
      #expect(!error.hasSuffix("\n\n"))
    }
  }
}
