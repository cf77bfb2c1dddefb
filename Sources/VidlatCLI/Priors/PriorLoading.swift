import PriorLanguage

extension CommandContext {
  /// Loads and checks the prior at `path`, then applies the command line's overrides:
  /// `--set NAME=VALUE` texts (params, `dt`, `integrator`, `noise.X`, `init.X`) and
  /// `--init X=VALUE` texts (initial states).
  ///
  /// Warnings go to standard error. Errors in the file are printed as diagnostics and end
  /// the command with status 1; a bad override is a usage error (status 64) naming it.
  func loadPrior(_ path: String, settings: [String] = [], initialValues: [String] = [])
    throws -> Prior
  {
    let prior: Prior
    do {
      prior = try Prior(contentsOfFile: path)
    } catch {
      printDiagnostics(error.diagnostics)
      throw ExitCode.failure
    }
    printDiagnostics(prior.warnings)
    let overrides = try parseOverrides(settings: settings, initialValues: initialValues)
    return try applying(overrides, to: prior)
  }

  /// `prior` with `overrides` applied; an override the prior rejects (unknown name, value
  /// outside the declared range) is a usage error naming its option.
  func applying(_ overrides: [Override], to prior: Prior) throws(UsageError) -> Prior {
    guard !overrides.isEmpty else { return prior }
    do {
      return try prior.applying(overrides)
    } catch {
      throw usageError(for: error)
    }
  }

  /// The overrides of `--set` and `--init` arguments, in that order.
  func parseOverrides(settings: [String], initialValues: [String]) throws(UsageError)
    -> [Override]
  {
    var overrides: [Override] = []
    do {
      for text in settings { overrides.append(try Override(parsing: text, label: "--set")) }
      for text in initialValues {
        overrides.append(try Override(initialValue: text, label: "--init"))
      }
    } catch {
      throw usageError(for: error)
    }
    return overrides
  }

  /// Prints diagnostics to standard error, rendered with source lines and carets, in
  /// colour on a terminal.
  func printDiagnostics(_ diagnostics: [Diagnostic]) {
    guard !diagnostics.isEmpty else { return }
    standardOutput.flush()
    standardError.write(diagnostics.rendered(colored: standardError.usesColor))
  }

  /// An override's first error as a usage error naming the option and its text:
  /// `invalid value 'kk=1' for '--set <name=value>': unknown param 'kk'; did you mean 'k'?`.
  private func usageError(for error: PriorError) -> UsageError {
    guard let first = error.errors.first ?? error.diagnostics.first else {
      return UsageError("invalid override")
    }
    let source = first.range.source
    let option = source.path == "--init" ? "--init <name=value>" : "--set <name=value>"
    return UsageError("invalid value '\(source.text)' for '\(option)': \(first.message)")
  }
}
