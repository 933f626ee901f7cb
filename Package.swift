// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "obsgen",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PromQL", targets: ["PromQL"]),
        .library(name: "ObsGen", targets: ["ObsGen"]),
        .library(name: "ObsLint", targets: ["ObsLint"]),
        .library(name: "ObsGenPacks", targets: ["ObsGenPacks"]),
        .library(name: "PrometheusAPI", targets: ["PrometheusAPI"]),
        .library(name: "ObsGenLive", targets: ["ObsGenLive"]),
        .library(name: "ObsGenCLI", targets: ["ObsGenCLI"]),
        .executable(name: "obsgen", targets: ["obsgen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // PromQL front end: lexer, parser, AST, checker, printer, diagnostics. No dependencies.
        .target(name: "PromQL"),
        // The library others import: model, DSL, loaders, renderers.
        .target(name: "ObsGen", dependencies: ["PromQL", .product(name: "Yams", package: "Yams")]),
        // Lint checks over the model (the online ones over facts gathered from a server).
        .target(name: "ObsLint", dependencies: ["ObsGen", "PromQL"]),
        // A read-only client of Prometheus' HTTP API (HTTP/1.1 over sockets; curl for https://).
        .target(name: "PrometheusAPI"),
        // What talks to a running server: the facts online checks read, the catalog import,
        // the deployment gate.
        .target(name: "ObsGenLive", dependencies: ["PrometheusAPI", "ObsLint", "ObsGen", "PromQL"]),
        // Built-in packs written in the DSL.
        .target(name: "ObsGenPacks", dependencies: ["ObsGen"]),
        // The command line as a library, so a user's own executable can run the same commands.
        .target(name: "ObsGenCLI", dependencies: [
            "PromQL", "ObsGen", "ObsLint", "ObsGenPacks", "PrometheusAPI", "ObsGenLive",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "obsgen", dependencies: ["ObsGenCLI", "ObsGenPacks"]),
        .executableTarget(name: "promql-bench", dependencies: ["PromQL"], path: "Benchmarks/PromQLBench"),
        .executableTarget(name: "dashboard-bench", dependencies: ["ObsGen"], path: "Benchmarks/DashboardBench"),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "PromQLTests", dependencies: ["PromQL", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ObsGenTests", dependencies: ["ObsGen", "ObsGenPacks", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ObsLintTests", dependencies: ["ObsLint", "ObsGenPacks", "TestSupport"]),
        .testTarget(name: "ObsGenCLITests", dependencies: ["ObsGenCLI", "ObsGenLive", "PrometheusAPI", "ObsLint", "ObsGenPacks", "PromQL", "TestSupport"]),
    ]
)
