import Foundation
import VidlatSupport

/// A two-dimensional chart written as SVG by hand: lines (optionally with a shaded band, e.g.
/// mean +- 2 standard deviations), scattered points, Gaussian mixtures drawn as
/// covariance ellipses, and vertical markers. Axes have "nice" ticks (1, 2, 5 x 10^k, or powers of ten on a log
/// scale), labels, a title and a legend to the right of the plot area.
public struct Plot: Sendable {
  /// How an axis maps values to positions.
  public enum Scale: Sendable {
    /// Evenly spaced values.
    case linear
    /// Evenly spaced powers of ten; values <= 0 are left out.
    case logarithmic
  }

  /// A polyline through (x, y), with an optional band between `lower` and `upper`.
  public struct Line: Sendable {
    /// Legend text.
    public var name: String
    /// Horizontal positions.
    public var x: [Double]
    /// Vertical positions (non-finite values break the line).
    public var y: [Double]
    /// Lower edge of the shaded band, aligned with `x` (nil: no band).
    public var lower: [Double]?
    /// Upper edge of the shaded band.
    public var upper: [Double]?
    /// Index into the palette (nil: the line's position among the plot's elements).
    public var colour: Int?
    /// Drawn dashed (e.g. ground truth).
    public var dashed: Bool

    /// Creates a line.
    public init(
      name: String, x: [Double], y: [Double], lower: [Double]? = nil, upper: [Double]? = nil,
      colour: Int? = nil, dashed: Bool = false
    ) {
      self.name = name
      self.x = x
      self.y = y
      self.lower = lower
      self.upper = upper
      self.colour = colour
      self.dashed = dashed
    }
  }

  /// Points drawn as small dots.
  public struct Scatter: Sendable {
    /// Legend text.
    public var name: String
    /// Horizontal positions.
    public var x: [Double]
    /// Vertical positions.
    public var y: [Double]
    /// Palette index (nil: automatic).
    public var colour: Int?

    /// Creates a scatter.
    public init(name: String, x: [Double], y: [Double], colour: Int? = nil) {
      self.name = name
      self.x = x
      self.y = y
      self.colour = colour
    }
  }

  /// A vertical line across the whole plot area at one horizontal position, e.g. a learned
  /// value or the true value of a parameter a curve is plotted against.
  public struct Marker: Sendable {
    /// Legend text.
    public var name: String
    /// Horizontal position.
    public var x: Double
    /// Palette index (nil: automatic).
    public var colour: Int?
    /// Drawn dashed (e.g. ground truth).
    public var dashed: Bool

    /// Creates a marker.
    public init(name: String, x: Double, colour: Int? = nil, dashed: Bool = false) {
      self.name = name
      self.x = x
      self.colour = colour
      self.dashed = dashed
    }
  }

  /// A two-dimensional Gaussian mixture: each component is drawn as the ellipse
  /// (z - m)^T S^-1 (z - m) = sigmas^2 around its mean (sigmas = 2 encloses about 86% of
  /// the component's mass), with a faint fill.
  public struct Mixture: Sendable {
    /// Legend text.
    public var name: String
    /// Component means (x, y).
    public var means: [(x: Double, y: Double)]
    /// Component covariances (xx, xy, yy).
    public var covariances: [(xx: Double, xy: Double, yy: Double)]
    /// Ellipse radius in standard deviations.
    public var sigmas: Double
    /// Palette index (nil: automatic).
    public var colour: Int?

    /// Creates a mixture. - Precondition: as many covariances as means.
    public init(
      name: String, means: [(x: Double, y: Double)],
      covariances: [(xx: Double, xy: Double, yy: Double)], sigmas: Double = 2, colour: Int? = nil
    ) {
      precondition(means.count == covariances.count, "one covariance per mean")
      self.name = name
      self.means = means
      self.covariances = covariances
      self.sigmas = sigmas
      self.colour = colour
    }
  }

  /// Title above the plot.
  public var title: String
  /// Horizontal axis label.
  public var xLabel: String
  /// Vertical axis label.
  public var yLabel: String
  /// Horizontal axis scale.
  public var xScale: Scale = .linear
  /// Vertical axis scale.
  public var yScale: Scale = .linear
  /// Size of the whole picture in SVG pixels.
  public var width = 720.0
  /// Height of the whole picture.
  public var height = 420.0
  /// Lines, drawn in order above mixtures and below scatters.
  public var lines: [Line] = []
  /// Mixtures, drawn first.
  public var mixtures: [Mixture] = []
  /// Scatters, drawn after the lines.
  public var scatters: [Scatter] = []
  /// Vertical markers, drawn last.
  public var markers: [Marker] = []

  /// An empty plot with a title and axis labels.
  public init(title: String, xLabel: String, yLabel: String) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
  }

  /// Writes the SVG to `path`, atomically.
  public func write(to path: String) throws(FileError) {
    try AtomicFile.write(svg(), to: path)
  }

  /// A qualitative palette (Tableau 10), distinguishable in colour and in print.
  public static let palette = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
  ]
}
