import Foundation
import Testing
import Video
import VidlatSupport

/// Produces the sample pictures of docs/video.md. Runs as an ordinary test (writing to a
/// temporary folder, removed after each test); to regenerate the committed files:
///
///     VIDLAT_DOC_IMAGES=docs/images swift test --filter DocumentationImages
@Suite final class DocumentationImages {
  /// Where the pictures go.
  let folder: String
  /// Whether `folder` is this test's temporary folder, to remove when it ends.
  private let isTemporary: Bool

  init() {
    let requested = ProcessInfo.processInfo.environment["VIDLAT_DOC_IMAGES"]
    folder = requested ?? NSTemporaryDirectory() + "vidlat-doc-images-\(UUID().uuidString)"
    isTemporary = requested == nil
  }

  deinit {
    if isTemporary { try? FileManager.default.removeItem(atPath: folder) }
  }

  @Test func sceneSheetAndIntervention() throws {
    var rows: [FrameSheet.Row] = []
    for scene in Scene.allCases {
      let (video, _) = try scene.generate(sequences: 1, frames: 12, size: 32, seed: 3)
      rows.append(FrameSheet.Row(label: scene.rawValue, video: video.sequence(0)))
    }
    let sheet = FrameSheet.picture(rows: rows, maxFrames: 12, scale: 2)
    try PNG.write(sheet, to: folder + "/scenes.png")
    #expect(try PNG.decode(PNG.encode(sheet)) == sheet)

    let (original, truth) = try Scene.pendulum.generate(sequences: 1, frames: 40, seed: 5)
    let (intervened, _) = try Scene.pendulum.render(
      initialStates: Scene.pendulum.initialStates(in: truth), frames: 40, seed: 5,
      parameters: ["c": 1.5])
    let gif = FrameSheet.sideBySideGIF(rows: [
      FrameSheet.Row(label: "c = 0", video: original.sequence(0)),
      FrameSheet.Row(label: "c = 1.5", video: intervened.sequence(0)),
    ])
    try writeBytes(gif, to: folder + "/intervention.gif")
  }

  func writeBytes(_ bytes: [UInt8], to path: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }
}

/// Sample plots built from the scenes' own physics (no trained model is needed):
/// the linearised prior (m' = F(m), P' = J P J^T + Q, as the method's prior GMM) against
/// simulated paths, and a small least-squares fit of the pendulum's k and c as training
/// curves.
extension DocumentationImages {
  /// One frame step of the pendulum, F(z), and its Jacobian by central differences.
  func step(_ z: [Double], _ parameters: [String: Double]) throws -> [Double] {
    let p = try Scene.pendulum.parameters(setting: parameters)
    return Scene.pendulum.trajectory(from: z, frames: 2, dt: 0.05, parameters: p)[1]
  }

  func jacobian(_ z: [Double], _ parameters: [String: Double]) throws -> [[Double]] {
    let h = 1e-6
    var columns: [[Double]] = []
    for j in 0..<2 {
      var plus = z
      var minus = z
      plus[j] += h
      minus[j] -= h
      let fp = try step(plus, parameters)
      let fm = try step(minus, parameters)
      columns.append([(fp[0] - fm[0]) / (2 * h), (fp[1] - fm[1]) / (2 * h)])
    }
    return [[columns[0][0], columns[1][0]], [columns[0][1], columns[1][1]]]
  }

  /// Means and covariances (xx, xy, yy) along a linearised propagation from `start`.
  func propagate(from start: [Double], steps: Int, parameters: [String: Double]) throws
    -> [(mean: [Double], covariance: (xx: Double, xy: Double, yy: Double))]
  {
    let q = (0.01 * 0.01, 0.1 * 0.1)
    var mean = start
    var p = [[0.02 * 0.02, 0], [0, 0.2 * 0.2]]
    var result: [(mean: [Double], covariance: (xx: Double, xy: Double, yy: Double))] = []
    for _ in 0..<steps {
      result.append((mean, (p[0][0], p[0][1], p[1][1])))
      let j = try jacobian(mean, parameters)
      let jp = (0..<2).map { r in (0..<2).map { c in j[r][0] * p[0][c] + j[r][1] * p[1][c] } }
      p = (0..<2).map { r in (0..<2).map { c in jp[r][0] * j[c][0] + jp[r][1] * j[c][1] } }
      p[0][0] += q.0
      p[1][1] += q.1
      mean = try step(mean, parameters)
    }
    return result
  }

  @Test func timeSeriesPlot() throws {
    let steps = 60
    let predicted = try propagate(from: [1.2, 0], steps: steps, parameters: [:])
    var generator = SeededGenerator(seed: 7)
    var z = [1.2 + 0.02 * generator.nextStandardNormal(), 0.2 * generator.nextStandardNormal()]
    var path: [Double] = []
    for _ in 0..<steps {
      path.append(z[0])
      z = try step(z, [:])
      z[0] += 0.01 * generator.nextStandardNormal()
      z[1] += 0.1 * generator.nextStandardNormal()
    }
    let plot = Plot.timeSeries(
      title: "Pendulum angle: linearised prior against a simulated path",
      time: (0..<steps).map { Double($0) * 0.05 }, estimate: predicted.map { $0.mean[0] },
      standardDeviation: predicted.map { $0.covariance.xx.squareRoot() }, truth: path,
      variable: "x (rad)", estimateName: "prior mean", truthName: "simulated path")
    try plot.write(to: folder + "/time-series.svg")
  }

  @Test func phasePortraitPlot() throws {
    func mixture(_ name: String, _ parameters: [String: Double], colour: Int) throws
      -> Plot.Mixture
    {
      var means: [(x: Double, y: Double)] = []
      var covariances: [(xx: Double, xy: Double, yy: Double)] = []
      for k in 0..<6 {
        let start = -1.5 + 3 * (Double(k) + 0.5) / 6
        for (index, state) in try propagate(from: [start, 0], steps: 40, parameters: parameters)
          .enumerated() where index % 4 == 0
        {
          means.append((state.mean[0], state.mean[1]))
          covariances.append(state.covariance)
        }
      }
      return Plot.Mixture(name: name, means: means, covariances: covariances, colour: colour)
    }
    let (_, truth) = try Scene.pendulum.generate(sequences: 3, frames: 40, seed: 2)
    let x = try #require(truth.column("x"))
    let v = try #require(truth.column("x'"))
    var plot = Plot.phasePortrait(
      title: "Pendulum phase space", position: "x (rad)", velocity: "x' (rad/s)",
      mixtures: [
        try mixture("prior GMM (c = 0)", [:], colour: 0),
        try mixture("intervened prior (c = 1.5)", ["c": 1.5], colour: 1),
      ])
    plot.scatters = [Plot.Scatter(name: "scene ground truth", x: x, y: v, colour: 3)]
    try plot.write(to: folder + "/phase-portrait.svg")
  }

  @Test func trainingCurvesPlot() throws {
    // Fit (k, c) of the pendulum to ground-truth angles measured with noise (std 0.01 rad)
    // by Gauss-Newton on the residuals of 1-second predictions (Jacobian by central
    // differences); 6 sequences train, 2 validate. The losses settle at the noise variance.
    let (_, truth) = try Scene.pendulum.generate(sequences: 8, frames: 20, seed: 4)
    let starts = Scene.pendulum.initialStates(in: truth)
    var noise = SeededGenerator(seed: 6)
    let angles = try #require(truth.column("x")).map { $0 + 0.01 * noise.nextStandardNormal() }
    func residuals(_ theta: [Double], sequences: Range<Int>) throws -> [Double] {
      let p = try Scene.pendulum.parameters(setting: ["k": theta[0], "c": theta[1]])
      return sequences.flatMap { s in
        Scene.pendulum.trajectory(from: starts[s], frames: 20, dt: 0.05, parameters: p)
          .enumerated().map { t, state in state[0] - angles[s * 20 + t] }
      }
    }
    func loss(_ r: [Double]) -> Double { r.map { $0 * $0 }.reduce(0, +) / Double(r.count) }
    var theta = [6.0, 0.5]
    var train: [Double] = []
    var validation: [Double] = []
    for _ in 0..<8 {
      let r = try residuals(theta, sequences: 0..<6)
      train.append(loss(r))
      validation.append(loss(try residuals(theta, sequences: 6..<8)))
      var columns: [[Double]] = []
      for j in 0..<2 {
        var plus = theta
        var minus = theta
        plus[j] += 1e-6
        minus[j] -= 1e-6
        let rp = try residuals(plus, sequences: 0..<6)
        let rm = try residuals(minus, sequences: 0..<6)
        columns.append(zip(rp, rm).map { ($0 - $1) / 2e-6 })
      }
      // Solve (J^T J) step = J^T r for the 2 x 2 normal equations.
      func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map(*).reduce(0, +) }
      let (a, b, d) = (
        dot(columns[0], columns[0]), dot(columns[0], columns[1]), dot(columns[1], columns[1])
      )
      let (g0, g1) = (dot(columns[0], r), dot(columns[1], r))
      let determinant = a * d - b * b
      theta[0] -= (d * g0 - b * g1) / determinant
      theta[1] -= (a * g1 - b * g0) / determinant
    }
    let plot = Plot.trainingCurves(
      title: "Fitting the pendulum's k and c to noisy angles (Gauss-Newton)",
      epochs: (0..<8).map(Double.init),
      series: [("training loss", train), ("validation loss", validation)],
      yLabel: "mean squared error (rad²)", logarithmic: true)
    try plot.write(to: folder + "/training-curves.svg")
    #expect(abs(theta[0] - 9.81) < 0.05 && abs(theta[1]) < 0.02)
    #expect(train.last! > 0.5e-4 && train.last! < 1.5e-4)
  }
}
