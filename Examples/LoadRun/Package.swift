// swift-tools-version:6.0
import PackageDescription

// LoadRun: a user's own program on top of vidlat's libraries. It depends on the vidlat
// package two folders up; in your project write `.package(url: ..., from: ...)` instead.
let package = Package(
  name: "LoadRun",
  dependencies: [.package(name: "vidlat", path: "../..")],
  targets: [
    .executableTarget(
      name: "LoadRun",
      dependencies: [
        .product(name: "PriorLanguage", package: "vidlat"),
        .product(name: "PhysicsVAE", package: "vidlat"),
        .product(name: "Video", package: "vidlat"),
      ]),
    .testTarget(
      name: "LoadRunTests", dependencies: [.product(name: "PriorLanguage", package: "vidlat")]),
  ]
)
