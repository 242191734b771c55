import BulkheadCore
import BulkheadModel

struct ToolchainBaseImage: Rule {
    static let description = RuleDescription(
        id: "DF090", title: "The final image is built on a full SDK or build image", severity: .low, controls: [.imageMinimal], cis: ["4.3"],
        rationale: """
        SDK and build images (golang, rust, gcc, maven, gradle, a JDK, the .NET SDK, the full node/python/ruby images) \
        carry compilers, headers, package managers and hundreds of packages that the running program never uses: \
        each is attack surface and a source of vulnerability reports, and they let an intruder build tools in place. \
        Build in a stage of its own and copy the artefact into a runtime image. Builder stages that do not reach the \
        final image are fine, and so is an image whose command is the toolchain itself (a CI or dev image).
        """,
        remediation: "Multi-stage: build FROM the SDK image AS build, then FROM a runtime image (named in the finding) and COPY --from=build only the artefact.",
        triggering: [
            Example("↓FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]"),
            Example("↓FROM maven:3.9-eclipse-temurin-21\nCOPY . .\nRUN mvn -q package\nCMD [\"java\", \"-jar\", \"target/app.jar\"]"),
            Example("↓FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . .\nRUN dotnet publish -c Release -o /out\nENTRYPOINT [\"dotnet\", \"/out/app.dll\"]"),
            Example("↓FROM python:3.12\nCOPY . /app\nRUN pip install --no-cache-dir -r /app/requirements.txt\nCMD [\"python\", \"/app/main.py\"]"),
        ],
        nonTriggering: [
            Example("FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nCMD [\"/app\"]"),
            Example("FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]"),
            Example("FROM golang:1.23\nWORKDIR /src\nCOPY . .\nCMD [\"go\", \"test\", \"./...\"]"),
            Example("FROM eclipse-temurin:21-jre\nCOPY app.jar /app.jar\nCMD [\"java\", \"-jar\", \"/app.jar\"]"),
            Example("FROM node:22\nRUN npm install -g some-cli"),
            Example("FROM buildpack-deps:bookworm\nRUN ./configure && make && make install\nCMD [\"python3\"]"),
        ])

    /// (what it is, the runtime image to use instead) for a toolchain base, nil for anything else.
    static func toolchain(_ base: String) -> (String, String)? {
        let ref = ImageReference(base)
        let repo = ref.repository.hasPrefix("library/") ? String(ref.repository.dropFirst(8)) : ref.repository
        let name = repo.split(separator: "/").last.map(String.init) ?? repo
        let tag = (ref.tag ?? "latest").lowercased()
        let registry = ref.registry ?? "docker.io"
        if registry == "mcr.microsoft.com", repo == "dotnet/framework/sdk" { return (".NET Framework SDK", "mcr.microsoft.com/dotnet/framework/runtime (or aspnet) with the built output") }
        if registry == "mcr.microsoft.com", repo == "dotnet/sdk" || repo == "dotnet/core/sdk" { return (".NET SDK", "mcr.microsoft.com/dotnet/aspnet or dotnet/runtime (or runtime-deps for self-contained builds)") }
        guard registry == "docker.io" || registry == "index.docker.io" || repo.split(separator: "/").count == 1 else { return nil }
        let slim = tag.contains("slim") || tag.contains("alpine")
        switch name {
        case "golang": return ("the Go toolchain", "gcr.io/distroless/static-debian12 (or scratch) with the built binary")
        case "rust": return ("the Rust toolchain", "gcr.io/distroless/cc-debian12 (or debian:12-slim) with the built binary")
        case "gcc": return ("the GCC toolchain", "gcr.io/distroless/cc-debian12 (or debian:12-slim) with the built binary")
        case "maven", "gradle": return ("a \(name) build image with a JDK", "eclipse-temurin:<version>-jre (or gcr.io/distroless/java21-debian12) with the jar")
        case "openjdk", "eclipse-temurin", "amazoncorretto", "sapmachine", "ibm-semeru-runtimes":
            guard !tag.contains("jre") else { return nil }
            return ("a JDK", "the JRE of the same family (eclipse-temurin:<version>-jre, or gcr.io/distroless/java21-debian12) with the jar")
        case "node": return slim ? nil : ("the full node image (compilers, headers, hundreds of packages)", "node:<version>-slim (or gcr.io/distroless/nodejs22-debian12) with node_modules built in a stage")
        case "python": return slim ? nil : ("the full python image (compilers, headers, hundreds of packages)", "python:<version>-slim, with wheels built in a stage")
        case "ruby": return slim ? nil : ("the full ruby image (compilers, headers, hundreds of packages)", "ruby:<version>-slim, with gems built in a stage")
        case "buildpack-deps": return ("buildpack-deps (a build environment)", "debian:12-slim with what the program needs")
        default: return nil
        }
    }

    /// Programs whose presence as the image's command makes it a toolchain image on purpose.
    static let toolCommands: Set<String> = ["go", "cargo", "rustc", "mvn", "mvnw", "./mvnw", "gradle", "gradlew", "./gradlew", "javac", "gcc", "g++", "make", "cmake", "jshell", "pip", "npm", "npx", "yarn", "pnpm", "bundle", "rake",
                                            "lein", "clojure", "clj", "sbt", "ant"]
    /// An interpreter or a shell with nothing to run: the image is a base or a dev environment (docker-library's own).
    static let interactive: Set<String> = ["python", "python3", "node", "ruby", "irb", "bash", "sh", "ash", "zsh", "pwsh", "ghci", "erl", "iex", "jshell"]

    func check(_ ctx: DockerfileContext) -> [Finding] {
        guard let final = ctx.file.finalStage else { return [] }
        // the final stage and the stages it is built FROM
        var chain: [Stage] = [final]
        while let p = chain.last?.parentStage, p < ctx.file.stages.count, !chain.contains(where: { $0.index == p }) { chain.append(ctx.file.stages[p]) }
        guard let root = chain.last, root.parentStage == nil, let (what, instead) = Self.toolchain(root.base) else { return [] }
        // the command the image runs: a toolchain command (or none at all: the base's REPL) means a dev or CI image
        let commands = chain.flatMap { s in ctx.file.instructions[s.instructionRange].filter { $0.keyword == "CMD" || $0.keyword == "ENTRYPOINT" } }
        guard let last = commands.last else { return [] }
        let first = (last.execForm?.first ?? last.words.first ?? "").split(separator: "/").last.map(String.init) ?? ""
        let second = last.execForm.map { $0.count > 1 ? $0[1] : "" } ?? (last.words.count > 1 ? last.words[1] : "")
        if Self.toolCommands.contains(first) { return [] }
        if Self.interactive.contains(first) && second.isEmpty { return [] }
        if first == "dotnet", ["build", "test", "watch", "run"].contains(second) { return [] }
        return [ctx.finding(Self.description, line: root.fromLine, stage: root,
                            "The final image is built on \(root.base), \(what), to run a built program: use \(instead).",
                            evidence: "toolchain base \(ImageReference(root.base).repository)")]
    }
}
