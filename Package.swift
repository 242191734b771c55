// swift-tools-version:6.0
import PackageDescription

// Dependencies, each chosen for a need (shared/spec/architecture.md: "a new dependency earns its place"):
// - swift-argument-parser: the CLI's subcommands, options, help and validation; used only in `bulkhead`.
// - Yams: YAML for `.bulkhead.yml` and Compose files; its Node API keeps line numbers.
// - swift-crypto: SHA-256 for finding fingerprints and baselines, image/layer digests.
//   (BoringSSL-backed on Linux, maintained by Apple; saves writing and auditing our own hash.)
// - async-http-client: registries over HTTPS (the OCI distribution API). TLS, redirects to blob storage
//   and streamed bodies are not worth writing again; the Engine API's unix socket needs none of that and
//   uses a small client of our own (SystemIO/EngineClient.swift).
// - GRDB: the advisory database (SQLite, the system's libsqlite3): transactions for atomic imports, prepared
//   statements and indexes for matching; a file users can copy to air-gapped runners.
//
// Layering (data flows one way; no target depends against it):
//   BulkheadCore → BulkheadModel (models + edge protocols)
//   readers:   ShellSyntax, RuntimeSyntax → DockerfileParser, ComposeLoader, RuntimeReaders   (models only)
//   rules:     Rules                                                                          (models only)
//   engine:    Audit   (readers → subjects → rules → grading → suppression → baseline → sort → Report)
//   output:    Reporters (a Report in, text out; rule descriptions arrive with the report)
//   edges:     SystemIO (the one real file system, environment and clock)
//   CLI:       bulkhead (composition root; ArgumentParser only here)
let package = Package(
    name: "bulkhead",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bulkhead", targets: ["bulkhead"]),
        .library(name: "BulkheadKit", targets: ["Audit", "Reporters", "SystemIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // client certificates for a TLS engine (tcp:// with DOCKER_TLS_VERIFY); async-http-client is built on it already
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Finding, Severity, Control, Location, RuleDescription, Example, inline-ignore syntax. No dependencies.
        .target(name: "BulkheadCore"),
        // Normalized models (Dockerfile AST, shell commands, ContainerConfig) and the edge protocols
        // (FileSource, EnvironmentSource, Clock) that readers and the engine are given.
        .target(name: "BulkheadModel", dependencies: ["BulkheadCore"]),
        // Shell words and commands: RUN bodies, `docker run` lines, scripts, Markdown code blocks.
        .target(name: "ShellSyntax", dependencies: ["BulkheadCore", "BulkheadModel"]),
        // The one copy of Docker's small syntaxes: volumes/mounts, ports, byte sizes, env files,
        // seccomp profiles, daemon.json, and a JSON reader that keeps positions.
        .target(name: "RuntimeSyntax", dependencies: ["BulkheadCore", "BulkheadModel"]),
        // Dockerfile lexer: directives, continuations, heredocs, flags, ARG/ENV expansion, inline ignores.
        .target(name: "DockerfileParser", dependencies: ["BulkheadCore", "BulkheadModel", "ShellSyntax"]),
        // Compose files → ContainerConfig (Yams Node API for line numbers).
        .target(name: "ComposeLoader", dependencies: ["BulkheadCore", "BulkheadModel", "RuntimeSyntax", .product(name: "Yams", package: "Yams")]),
        // `docker run` command lines and `docker inspect` JSON → ContainerConfig.
        .target(name: "RuntimeReaders", dependencies: ["BulkheadCore", "BulkheadModel", "ShellSyntax", "RuntimeSyntax"]),
        // What is installed, read from package managers' own databases (dpkg status, …). Pure readers of text.
        .target(name: "Inventory", dependencies: ["BulkheadCore", "BulkheadModel", "RuntimeSyntax"]),
        // Advisory feeds (OSV, Debian's security tracker JSON and lists, Alpine secdb) → normalized advisories. Pure.
        .target(name: "Advisories", dependencies: ["BulkheadCore", "BulkheadModel", "RuntimeSyntax"]),
        // The local advisory database: SQLite through GRDB (transactions make an import atomic; one indexed
        // lookup per package name). Reads feeds from files, directories, zips and URLs through the edges.
        .target(name: "AdvisoryDB", dependencies: ["BulkheadCore", "BulkheadModel", "Advisories", "ImageFormats",
                                                   .product(name: "GRDB", package: "GRDB.swift")]),
        // Version ordering of each package ecosystem (dpkg, rpm, SemVer), as their own tools order them. No dependencies.
        .target(name: "Versions"),
        // zlib and libzstd, the system's own (zlib1g-dev, libzstd-dev): gzip and zstd image layers. No Swift
        // package wraps zstd; compress-nio would pull in swift-nio for two functions.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd"),
        // Images: streaming tar, gzip and zstd layers, docker save archives and OCI layouts, digests checked
        // as the bytes pass; nothing is extracted. Produces ImageModel.
        .target(name: "ImageFormats", dependencies: [
            "BulkheadCore", "BulkheadModel", "RuntimeSyntax", "Inventory", "CZlib", "CZstd",
            .product(name: "Crypto", package: "swift-crypto"),
            // rpm's database is SQLite: the system's libsqlite3, through GRDB's own module map of it, opens the
            // file's bytes in memory (sqlite3_deserialize), read-only
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // Pure rules, generic over their subject: model in, findings out. One file per rule, named by id.
        .target(name: "Rules", dependencies: ["BulkheadCore", "BulkheadModel", "Versions"]),
        // One pipeline: input readers → subjects → rules → grading → suppression → baseline → sort;
        // configuration with canonical ids, discovery, scorecards.
        .target(name: "Audit", dependencies: [
            "BulkheadCore", "BulkheadModel", "Rules", "DockerfileParser", "ComposeLoader", "RuntimeReaders", "RuntimeSyntax", "ImageFormats", "Inventory",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // One file per output format; no I/O, no global catalog.
        .target(name: "Reporters", dependencies: ["BulkheadCore", "BulkheadModel", "Audit", "Inventory", .product(name: "Crypto", package: "swift-crypto")]),
        // The real edges: local files, the process environment, the system clock, the Engine API (unix socket),
        // registries (HTTPS through async-http-client: TLS, redirects to blob storage, streamed bodies).
        // (ImageFormats: its tar writer turns a root filesystem's tree into the stream the layer reader takes.)
        .target(name: "SystemIO", dependencies: ["BulkheadCore", "BulkheadModel", "ImageFormats",
                                                 .product(name: "AsyncHTTPClient", package: "async-http-client"),
                                                 .product(name: "NIOSSL", package: "swift-nio-ssl"),
                                                 // a Docker context's directory is the SHA-256 of its name
                                                 .product(name: "Crypto", package: "swift-crypto")]),
        // The CLI and composition root. Release builds link the Swift runtime statically, so the plain
        // `swift build -c release` of the README gives the fast-starting binary (about 4 ms instead of 15).
        .executableTarget(name: "bulkhead", dependencies: [
            "BulkheadCore", "Audit", "Reporters", "Rules", "SystemIO", "ImageFormats", "AdvisoryDB", "Advisories", "Inventory",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        // compiled and linked with -static-stdlib: the compile step makes this module autolink the static
        // Foundation libraries (ICU among them), the link step takes the static runtime
        swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))],
        linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]),

        // Test support shared by every test target: the one example verifier, the labelled-case harness,
        // locations of ../shared and of fixtures, and the rule for skipping (never under CI=true).
        .target(name: "BulkheadTesting", dependencies: ["BulkheadCore", "BulkheadModel", "Rules", "Audit", "SystemIO", "ImageFormats", "Advisories"]),
        .testTarget(name: "BulkheadCoreTests", dependencies: ["BulkheadCore", "BulkheadTesting"]),
        .testTarget(name: "BulkheadModelTests", dependencies: ["BulkheadModel", "BulkheadCore", "BulkheadTesting"]),
        .testTarget(name: "ShellSyntaxTests", dependencies: ["ShellSyntax", "BulkheadModel", "BulkheadTesting"]),
        .testTarget(name: "RuntimeSyntaxTests", dependencies: ["RuntimeSyntax", "BulkheadCore", "BulkheadModel", "SystemIO", "BulkheadTesting"]),
        .testTarget(name: "DockerfileParserTests", dependencies: ["DockerfileParser", "BulkheadModel", "BulkheadTesting"]),
        .testTarget(name: "ComposeLoaderTests", dependencies: ["ComposeLoader", "BulkheadCore", "BulkheadModel", "SystemIO", "BulkheadTesting"]),
        .testTarget(name: "RuntimeReadersTests", dependencies: ["RuntimeReaders", "ComposeLoader", "Rules", "BulkheadCore", "BulkheadModel", "SystemIO", "BulkheadTesting"]),
        .testTarget(name: "ImageFormatsTests", dependencies: ["ImageFormats", "Inventory", "BulkheadCore", "BulkheadModel", "SystemIO", "BulkheadTesting"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "BulkheadCore", "BulkheadModel", "DockerfileParser", "BulkheadTesting"]),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "Rules", "DockerfileParser", "BulkheadCore", "SystemIO", "BulkheadTesting"]),
        // Golden files and fixtures are read from the source tree (#filePath) so UPDATE_GOLDEN=1 can rewrite them.
        .testTarget(name: "ReportersTests", dependencies: ["Reporters", "Audit", "Rules", "BulkheadCore", "SystemIO", "BulkheadTesting"], exclude: ["Golden"]),
        .testTarget(name: "InventoryTests", dependencies: ["Inventory", "BulkheadModel", "BulkheadTesting"]),
        .testTarget(name: "AdvisoriesTests", dependencies: ["Advisories", "AdvisoryDB", "Rules", "Inventory", "SystemIO", "BulkheadTesting"]),
        .testTarget(name: "VersionsTests", dependencies: ["Versions", "BulkheadTesting"]),
        .testTarget(name: "SystemIOTests", dependencies: ["SystemIO", "BulkheadModel", "BulkheadTesting", .product(name: "Crypto", package: "swift-crypto")]),
        // Runs the built `bulkhead` binary; depending on the executable makes `swift test` build it first.
        .testTarget(name: "CLITests", dependencies: ["bulkhead", "BulkheadTesting"]),
    ]
)
