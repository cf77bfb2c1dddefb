import Foundation

/// The package's root folder (this file is Tests/VidlatCLITests/CommandTestSupport.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().path

/// The path of a shipped prior, e.g. `prior("pendulum")`.
func prior(_ name: String) -> String {
  packageRoot + "/Priors/\(name).prior"
}

/// A fresh temporary folder for one test.
func temporaryDirectory() throws -> String {
  let path = NSTemporaryDirectory() + "vidlat-cli-tests-\(UUID().uuidString)"
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// Writes `text` to `name` in a fresh temporary folder and returns its path.
func temporaryFile(_ name: String, _ text: String) throws -> String {
  let path = try temporaryDirectory() + "/" + name
  try text.write(toFile: path, atomically: true, encoding: .utf8)
  return path
}
