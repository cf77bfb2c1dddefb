import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a user names as video data, expanded into the files and folders to read.
public enum VideoSources {
  /// The file name endings read as videos when a folder of clips is named.
  public static let videoExtensions: Set<String> = [
    "mp4", "mov", "avi", "mkv", "webm", "m4v", "mpg", "mpeg", "y4m", "gif",
  ]

  /// Expands `paths` in order:
  /// - a path with `*`, `?` or `[`: the paths it matches (glob(3)), sorted; a pattern that
  ///   matches nothing is an error (a shell passes such a pattern on unexpanded);
  /// - a folder that holds video files (``videoExtensions``) and is not a `vidlat dataset`
  ///   folder (no truth.csv): those files, sorted by name;
  /// - anything else (a video file, a folder of PGM frames, a dataset folder): itself.
  /// - Throws: `VideoError` naming the path that does not exist or matches nothing.
  public static func expand(_ paths: [String]) throws(VideoError) -> [String] {
    var result: [String] = []
    for path in paths {
      if path.contains(where: { "*?[".contains($0) }) {
        let matches = glob(path)
        guard !matches.isEmpty else {
          throw VideoError(path: path, problem: .unreadable("no file matches this pattern"))
        }
        result += try expand(matches)
        continue
      }
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw VideoError(path: path, problem: .unreadable("no such file or folder"))
      }
      let isDataset = FileManager.default.fileExists(
        atPath: (path as NSString).appendingPathComponent(SceneDataset.truthFile))
      let clips = isDirectory.boolValue && !isDataset ? videoFiles(in: path) : []
      result += clips.isEmpty ? [path] : clips
    }
    return result
  }

  /// The video files directly inside `folder`, sorted by name.
  public static func videoFiles(in folder: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { name in
      !name.hasPrefix(".")
        && videoExtensions.contains((name as NSString).pathExtension.lowercased())
    }.sorted().map { (folder as NSString).appendingPathComponent($0) }
  }

  /// The paths matching a glob(3) pattern, sorted.
  private static func glob(_ pattern: String) -> [String] {
    var found = glob_t()
    defer { globfree(&found) }
    guard Glibc.glob(pattern, 0, nil, &found) == 0 else { return [] }
    return (0..<Int(found.gl_pathc)).compactMap { i in
      found.gl_pathv[i].map { String(cString: $0) }
    }.sorted()
  }
}
