import ArgumentParser
import Audit
import BulkheadCore
import Foundation
import Reporters
import Rules

struct DockerfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dockerfile",
        abstract: "Audit Dockerfiles.",
        discussion: """
        Reads each PATH (or - for standard input) as a Dockerfile, whatever its name. Examples:
          bulkhead dockerfile Dockerfile
          bulkhead dockerfile --format sarif -o bulkhead.sarif services/*/Dockerfile
          cat Dockerfile | bulkhead dockerfile - --build-arg BASE=debian:12
          bulkhead dockerfile --context . docker/Dockerfile
        With --context, what COPY . and ADD . would send from that directory is judged too (DF095 credentials, \
        DF096 node_modules): .dockerignore at its root, or <Dockerfile>.dockerignore beside the Dockerfile, read \
        with Docker's matching rules. bulkhead scan finds each Dockerfile's context by itself.
        """)
    @Argument(help: ArgumentHelp("Dockerfiles to audit; - reads standard input.", valueName: "PATH"))
    var paths: [String]
    @Option(name: .customLong("context"), help: ArgumentHelp("The build context directory (as in docker build DIR): judge what COPY . would send from it.", valueName: "DIR"))
    var context: String?
    @OptionGroup var common: CommonOptions
    @OptionGroup var rules: ProfileOption
    @OptionGroup var build: BuildArgOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one Dockerfile (or - for standard input); to search directories use 'bulkhead scan'") }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("'-' (standard input) may be given once") }
        if let c = context, !systemIO.files.isDirectory(c) {
            throw ValidationError("--context \(c): \(systemIO.files.exists(c) ? "is not a directory" : "no such directory") (the build context is the directory docker build is given)")
        }
    }

    var withProfile: CommonOptions { var c = common; c.profile = rules.profile; c.buildArgs = build.values; c.buildContext = context.map { .directory($0) } ?? .none; return c }

    func run() async throws {
        let stdin = paths.contains("-") ? try readStandardInput() : nil
        try withProfile.runAudit(paths.map { ($0, .dockerfile) }, stdin: stdin)
    }
}
