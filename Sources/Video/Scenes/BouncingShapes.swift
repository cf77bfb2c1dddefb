import Foundation
import VidlatSupport

/// The motion of the bounce scene, in the spirit of Stochastic Moving MNIST (Denton and
/// Fergus, 2018): shapes moving in straight lines at a constant speed that leave each wall
/// they reach in a random new direction.
///
/// Positions are frame coordinates ([-1, 1] both ways, y up). A shape whose centre is at
/// most `1 - h` from the middle on each axis (h its half extent: a disc's radius, a square's
/// half side) lies inside the frame. Between frames dt apart a shape travels `speed x dt`
/// along its direction; when its edge reaches a wall within that time it stops there (its
/// centre at |x| = 1 - h or |y| = 1 - h) and goes on for the rest of the interval in a new
/// direction drawn uniformly from those pointing back into the frame: the open half-plane
/// of angles within pi/2 of the wall's inward normal, or at a corner (two walls at once) the
/// quarter-plane within pi/4 of the diagonal. The speed never changes. Bounces are found
/// exactly (the time to each wall is a division), so positions never leave the frame and
/// a step that holds a bounce is a bent path of length speed x dt whose chord is shorter.
///
/// Unlike a mirror reflection the new direction is independent of the old: the future after
/// a bounce is not determined by the past, which is what makes the scene stochastic.
struct BouncingShapes {
  /// One moving shape: where its centre is, where it heads, and how far it may go.
  struct Shape: Equatable {
    /// Centre, in frame coordinates.
    var x: Double
    var y: Double
    /// Unit direction of travel.
    var dx: Double
    var dy: Double
    /// The largest |x| and |y| of the centre: 1 minus the shape's half extent.
    let limit: Double
  }

  /// Frame units travelled per second.
  let speed: Double
  /// Seconds between frames.
  let dt: Double

  /// The most bounces one shape may make between two frames; more means a speed x dt far
  /// beyond what `Scene.simulate` allows (at most one frame unit a frame, so at most two
  /// walls, or three through a corner), and is a programming error.
  static let maximumBouncesPerFrame = 64

  /// Shapes with the given half extents, each at a uniform random position inside the frame
  /// heading in a uniform random direction, drawn from `generator` in order.
  static func start(halfExtents: [Double], using generator: inout SeededGenerator) -> [Shape] {
    halfExtents.map { half in
      let limit = 1 - half
      let x = generator.nextUniform(-limit, limit)
      let y = generator.nextUniform(-limit, limit)
      let angle = generator.nextUniform(0, 2 * Double.pi)
      return Shape(x: x, y: y, dx: cos(angle), dy: sin(angle), limit: limit)
    }
  }

  /// The centres of `shapes` at `frames` frames from their start, frame-major:
  /// `[x1, y1, x2, y2, ...]` per frame. Shape k draws its bounce directions from its own
  /// stream k of `generator`, so one shape's bounces do not change another's path.
  func path(from shapes: [Shape], frames: Int, generator: SeededGenerator) -> [[Double]] {
    var shapes = shapes
    var generators = shapes.indices.map { generator.derived(stream: UInt64($0)) }
    var states: [[Double]] = []
    states.reserveCapacity(frames)
    for frame in 0..<frames {
      if frame > 0 {
        for k in shapes.indices { advance(&shapes[k], using: &generators[k]) }
      }
      states.append(shapes.flatMap { [$0.x, $0.y] })
    }
    return states
  }

  /// Moves `shape` on by one frame interval: straight on until its edge meets a wall, then a
  /// new direction (``bounceDirection(wallX:wallY:using:)``) for the time left, as often as
  /// walls are met.
  func advance(_ shape: inout Shape, using generator: inout SeededGenerator) {
    var remaining = speed * dt  // distance still to travel
    for _ in 0...Self.maximumBouncesPerFrame {
      // Distance along the direction to each wall it heads for (infinite if parallel).
      let toX =
        shape.dx > 0
        ? (shape.limit - shape.x) / shape.dx
        : shape.dx < 0 ? (-shape.limit - shape.x) / shape.dx : .infinity
      let toY =
        shape.dy > 0
        ? (shape.limit - shape.y) / shape.dy
        : shape.dy < 0 ? (-shape.limit - shape.y) / shape.dy : .infinity
      let toWall = max(0, min(toX, toY))
      guard toWall < remaining else {
        // Clamped only against rounding: the wall is at least `remaining` away.
        shape.x = min(max(shape.x + remaining * shape.dx, -shape.limit), shape.limit)
        shape.y = min(max(shape.y + remaining * shape.dy, -shape.limit), shape.limit)
        return
      }
      // Onto the wall met (exactly, so rounding never takes the centre past its limit).
      shape.x =
        toX <= toWall
        ? (shape.dx > 0 ? shape.limit : -shape.limit)
        : min(max(shape.x + toWall * shape.dx, -shape.limit), shape.limit)
      shape.y =
        toY <= toWall
        ? (shape.dy > 0 ? shape.limit : -shape.limit)
        : min(max(shape.y + toWall * shape.dy, -shape.limit), shape.limit)
      // Every wall the shape touches, not only the one met: a shape sliding along one wall
      // into a corner must leave into the frame from both.
      let wallX = shape.x >= shape.limit ? 1 : shape.x <= -shape.limit ? -1 : 0
      let wallY = shape.y >= shape.limit ? 1 : shape.y <= -shape.limit ? -1 : 0
      (shape.dx, shape.dy) = Self.bounceDirection(wallX: wallX, wallY: wallY, using: &generator)
      remaining -= toWall
    }
    preconditionFailure("more than \(Self.maximumBouncesPerFrame) bounces in one frame")
  }

  /// A unit direction drawn uniformly from those pointing back into the frame from the wall
  /// `wallX` (-1 left, +1 right, 0 none) and `wallY` (-1 bottom, +1 top, 0 none): the angle
  /// of the inward normal (-wallX, -wallY) plus a uniform offset in (-pi/2, pi/2) for one
  /// wall, or in (-pi/4, pi/4) around the inward diagonal at a corner.
  /// - Precondition: at least one wall.
  static func bounceDirection(wallX: Int, wallY: Int, using generator: inout SeededGenerator)
    -> (dx: Double, dy: Double)
  {
    precondition(wallX != 0 || wallY != 0, "a bounce needs a wall")
    let inward = atan2(Double(-wallY), Double(-wallX))
    let spread = wallX != 0 && wallY != 0 ? Double.pi / 4 : Double.pi / 2
    // nextUniform may return its lower end; an offset of exactly -spread would run along the
    // wall, so that end is excluded by drawing again (probability 2^-53 a draw).
    var offset = -spread
    while offset <= -spread || offset >= spread { offset = generator.nextUniform(-spread, spread) }
    return (cos(inward + offset), sin(inward + offset))
  }
}
