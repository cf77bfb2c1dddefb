/// The `vidlat` command line.
public enum VidlatCLI {
  /// Runs the command line with `arguments` (without the program name) and returns the
  /// exit status: 0 success, 1 failure, 64 usage error.
  public static func run(_ arguments: [String]) -> Int32 {
    print("vidlat: learn interpretable physics from video")
    return 0
  }
}
