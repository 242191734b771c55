// swift-tools-version:6.0
import PackageDescription

// Dependencies, each chosen for a need (shared/spec/architecture.md: "a new dependency earns its place"):
// - swift-argument-parser: the CLI's subcommands, options, help and validation; used only in `bulkhead`.
// - Yams: YAML for `.bulkhead.yml` now and compose files later; its Node API keeps line numbers.
// - swift-crypto: SHA-256 for finding fingerprints and baselines now, image/layer digests later.
//   (BoringSSL-backed on Linux, maintained by Apple; saves writing and auditing our own hash.)
let package = Package(
    name: "bulkhead",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bulkhead", targets: ["bulkhead"]),
        .library(name: "BulkheadKit", targets: ["Audit", "Reporters"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // Finding, Severity, Control, Location, RuleDescription, Example. No dependencies.
        .target(name: "BulkheadCore"),
        // Normalized models: the Dockerfile AST with stages and shell commands.
        .target(name: "BulkheadModel", dependencies: ["BulkheadCore"]),
        // Dockerfile lexer: directives, continuations, heredocs, flags, ARG/ENV expansion, shell words.
        .target(name: "DockerfileParser", dependencies: ["BulkheadCore", "BulkheadModel"]),
        // Compose files → ContainerConfig (Yams Node API for line numbers).
        .target(name: "ComposeLoader", dependencies: ["BulkheadCore", "BulkheadModel", .product(name: "Yams", package: "Yams")]),
        // `docker run` command lines and `docker inspect` JSON → ContainerConfig.
        .target(name: "RuntimeReaders", dependencies: ["BulkheadCore", "BulkheadModel", "DockerfileParser"]),
        // Pure rules: model in, findings out. One file per rule or tight family.
        .target(name: "Rules", dependencies: ["BulkheadCore", "BulkheadModel", "DockerfileParser"]),
        // Wiring: discovery, config, suppression, baseline, sorting, fingerprints.
        .target(name: "Audit", dependencies: [
            "BulkheadCore", "BulkheadModel", "DockerfileParser", "Rules", "ComposeLoader", "RuntimeReaders",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // One file per output format.
        .target(name: "Reporters", dependencies: ["BulkheadCore", "Audit", "Rules"]),
        .executableTarget(name: "bulkhead", dependencies: [
            "BulkheadCore", "Audit", "Reporters", "Rules",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "DockerfileParserTests", dependencies: ["DockerfileParser", "BulkheadModel"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "DockerfileParser", "BulkheadCore"]),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "Rules"]),
        .testTarget(name: "RuntimeTests", dependencies: ["ComposeLoader", "RuntimeReaders", "Rules", "Audit", "BulkheadModel"]),
        // Golden files and fixtures are read from the source tree (#filePath) so UPDATE_GOLDEN=1 can rewrite them.
        .testTarget(name: "ReportersTests", dependencies: ["Reporters", "Audit"], exclude: ["Golden"]),
        // Runs the built `bulkhead` binary; depending on the executable makes `swift test` build it first.
        .testTarget(name: "CLITests", dependencies: ["bulkhead"]),
    ]
)
