// swift-tools-version:6.1
// Steady: a fixed-rate robot control runtime with a learning sidecar. See README.md and DESIGN.md.
import PackageDescription

/// Release-grade optimisation for the numeric and real-time modules even in debug builds would
/// hide bugs; instead `make` builds everything with `-c release` (see Makefile).
/// The learner's inner loops (element-wise layers, Adam, replay sampling) index preallocated
/// buffers whose sizes are checked once per call: skip exclusivity checks there.
let fastNumerics: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"])]

let package = Package(
    name: "Steady",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "steady", targets: ["steady"]),
        .library(name: "SteadyTesting", targets: ["SteadyTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // System-library shims: a modulemap and a header, nothing else.
        .systemLibrary(name: "CSerialPort", path: "Sources/CSerialPort",
                       providers: [.apt(["libserialport-dev"])]),
        .systemLibrary(name: "CMuJoCo", path: "Sources/CMuJoCo",
                       providers: [.apt(["libmujoco-dev"])]),
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS",
                       providers: [.apt(["libopenblas-dev"])]),

        .target(name: "SteadyCore",
                dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "ServoWire", dependencies: ["SteadyCore"]),
        .target(name: "ServoBus", dependencies: ["SteadyCore", "ServoWire", "CSerialPort"]),
        /// MuJoCo wrapped in Swift, robot-free: model/data ownership, loaders and errors that throw.
        .target(name: "MuJoCo", dependencies: ["CMuJoCo"]),
        .target(name: "Sim", dependencies: ["SteadyCore", "ServoBus", "MuJoCo"]),
        .target(name: "Metrics", dependencies: ["SteadyCore"]),
        /// PNG charts (line, scatter with a Pareto front, grouped bars) drawn and encoded by hand:
        /// no dependencies, so any command can plot without Python.
        .target(name: "Plot"),
        .target(name: "Safety", dependencies: ["SteadyCore"]),
        .target(name: "Runtime", dependencies: ["SteadyCore", "ServoWire", "ServoBus", "Safety", "Metrics",
                                                .product(name: "Atomics", package: "swift-atomics")]),
        .target(name: "Neural", dependencies: ["SteadyCore", "CBLAS", .product(name: "Atomics", package: "swift-atomics")],
                swiftSettings: fastNumerics),
        .target(name: "Learning", dependencies: ["SteadyCore", "Neural", "Metrics"], swiftSettings: fastNumerics),
        /// The wire between actors and the learner: the frame codec, the learner server, the actor
        /// client. Runtime never imports it.
        .target(name: "Sidecar", dependencies: [
            "SteadyCore", "Neural", "Learning", "Metrics",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Atomics", package: "swift-atomics"),
        ], swiftSettings: fastNumerics),
        /// Test doubles shipped as a library so tests, examples and benchmarks share them.
        .target(name: "SteadyTesting", dependencies: ["SteadyCore", "ServoWire", "ServoBus"]),
        /// Deterministic mutation fuzzing of every reader of outside bytes, for tests and `steady bench fuzz`.
        .target(name: "SteadyFuzz", dependencies: [
            "SteadyCore", "ServoWire", "ServoBus", "Metrics", "Runtime", "Neural", "Learning", "Sidecar",
        ]),
        .executableTarget(name: "steady", dependencies: [
            "SteadyCore", "ServoWire", "ServoBus", "MuJoCo", "Sim", "Metrics", "Safety", "Runtime", "Neural", "Learning", "Sidecar",
            "SteadyTesting", "SteadyFuzz", "Plot",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "SteadyCoreTests", dependencies: ["SteadyCore"]),
        .testTarget(name: "ServoWireTests", dependencies: ["ServoWire"]),
        .testTarget(name: "ServoBusTests", dependencies: ["ServoBus", "SteadyTesting"]),
        .testTarget(name: "SimTests", dependencies: ["MuJoCo", "Sim", "SteadyTesting"],
                    exclude: ["Data"]),   // reference files read via #filePath; see Data/README.md
        .testTarget(name: "MetricsTests", dependencies: ["Metrics"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Safety", "SteadyTesting"]),
        .testTarget(name: "NeuralTests", dependencies: ["Neural"]),
        .testTarget(name: "SidecarTests", dependencies: ["Sidecar", "Learning", "Neural", "Sim", "SteadyCore"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "Neural", "Sim", "Metrics"]),
        .testTarget(name: "FuzzTests", dependencies: ["SteadyFuzz"]),
        /// Runs the built `steady` binary: exit codes and messages of whole commands.
        .testTarget(name: "SteadyCLITests", dependencies: ["steady", "SteadyCore", "ServoWire", "ServoBus", "Runtime", "Plot"]),
    ],
    swiftLanguageModes: [.v5]
)
