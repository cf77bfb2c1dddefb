import Foundation

/// The package's root folder (this file is Tests/VidlatCLITests/CommandTestSupport.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().path

/// The path of a shipped prior, e.g. `prior("pendulum")`.
func prior(_ name: String) -> String {
  packageRoot + "/Priors/\(name).prior"
}

/// Runs `body` with a fresh temporary folder and removes the folder afterwards, whether
/// `body` returns or throws.
func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
  let path = NSTemporaryDirectory() + "vidlat-cli-tests-\(UUID().uuidString)"
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: path) }
  return try body(path)
}

/// Runs `body` with the path of a file `name` holding `text`, in a fresh temporary folder
/// that is removed afterwards.
func withTemporaryFile<Result>(
  _ name: String, _ text: String, _ body: (String) throws -> Result
) throws -> Result {
  try withTemporaryDirectory { folder in
    let path = folder + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return try body(path)
  }
}
