// swift-tools-version:6.0
import PackageDescription

// vidlat: learn interpretable physics from video.
//
// Targets, bottom to top (each knows nothing of the ones beside it):
//   CBLAS, CReadline      system libraries (OpenBLAS, GNU readline)
//   VidlatSupport         seeded randomness, atomic files, metrics files: shared by every layer
//   PriorLanguage         the .prior language: lexer, parser, checker, symbolic compiler
//   Engine                tensors on BLAS, layers with gradients, optimizers, checkpoints
//   Video                 video I/O, built-in scenes with ground truth, PNG/GIF/SVG, PSNR/SSIM
//   PhysicsVAE            the method: the VAE with a physics prior, KL terms, training
//   VideoPrediction       baseline: SVG (Denton and Fergus 2018), stochastic video prediction
//   VidlatCLI             commands, argument parsing, REPL, terminal output
//   vidlat                the executable
let package = Package(
  name: "vidlat",
  products: [
    .executable(name: "vidlat", targets: ["vidlat"]),
    .library(name: "PriorLanguage", targets: ["PriorLanguage"]),
    .library(name: "Engine", targets: ["Engine"]),
    .library(name: "Video", targets: ["Video"]),
    .library(name: "PhysicsVAE", targets: ["PhysicsVAE"]),
    .library(name: "VideoPrediction", targets: ["VideoPrediction"]),
    .library(name: "VidlatSupport", targets: ["VidlatSupport"]),
  ],
  targets: [
    .systemLibrary(
      name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
    .target(name: "VidlatSupport"),
    .target(name: "PriorLanguage", dependencies: ["VidlatSupport"]),
    .target(name: "Engine", dependencies: ["CBLAS", "VidlatSupport"]),
    .target(name: "Video", dependencies: ["Engine", "VidlatSupport"]),
    .target(name: "VideoPrediction", dependencies: ["Engine", "Video", "VidlatSupport"]),
    .target(
      name: "PhysicsVAE", dependencies: ["PriorLanguage", "Engine", "Video", "VidlatSupport"]),
    .target(
      name: "VidlatCLI",
      dependencies: [
        "CReadline", "PriorLanguage", "Engine", "Video", "PhysicsVAE", "VideoPrediction",
        "VidlatSupport",
      ]),
    .executableTarget(name: "vidlat", dependencies: ["VidlatCLI"]),
    .testTarget(name: "VidlatSupportTests", dependencies: ["VidlatSupport"]),
    .testTarget(name: "PriorLanguageTests", dependencies: ["PriorLanguage"]),
    .testTarget(name: "EngineTests", dependencies: ["Engine"]),
    .testTarget(name: "VideoTests", dependencies: ["Video"]),
    .testTarget(name: "PhysicsVAETests", dependencies: ["PhysicsVAE"]),
    .testTarget(name: "VideoPredictionTests", dependencies: ["VideoPrediction", "Video"]),
    .testTarget(name: "VidlatCLITests", dependencies: ["VidlatCLI", "vidlat"]),
  ]
)
