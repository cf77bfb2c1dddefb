/// The part of each source frame a model sees, in source pixels.
public enum FrameRegion: Equatable, Sendable, CustomStringConvertible {
  /// The whole frame.
  case whole
  /// The region where the frames change (``Video/activeRegion(of:)``), found from the clips.
  case auto
  /// A rectangle of the source frame.
  case rectangle(PixelRectangle)

  /// Reads `whole`, `auto` or `x,y,width,height` (source pixels, top-left origin).
  public init?(parsing text: String) {
    switch text {
    case "whole", "full": self = .whole
    case "auto": self = .auto
    default:
      let numbers = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard numbers.count == 4, let x = numbers[0], let y = numbers[1], let width = numbers[2],
        let height = numbers[3], x >= 0, y >= 0, width > 0, height > 0
      else { return nil }
      self = .rectangle(PixelRectangle(x: x, y: y, width: width, height: height))
    }
  }

  public var description: String {
    switch self {
    case .whole: "whole"
    case .auto: "auto"
    case .rectangle(let r): "\(r.x),\(r.y),\(r.width),\(r.height)"
    }
  }
}

extension FrameRegion: Codable {
  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let region = FrameRegion(parsing: text) else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath,
          debugDescription: "'\(text)' is not a region (whole, auto or x,y,width,height)"))
    }
    self = region
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

/// A rectangle of pixels: its top-left corner and its size.
public struct PixelRectangle: Equatable, Sendable, Codable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }

  /// Whether the rectangle lies inside a `width x height` frame.
  public func fits(width frameWidth: Int, height frameHeight: Int) -> Bool {
    x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= frameWidth
      && y + height <= frameHeight
  }
}
