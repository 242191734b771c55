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
        """)
    @Argument(help: ArgumentHelp("Dockerfiles to audit; - reads standard input.", valueName: "PATH"))
    var paths: [String]
    @OptionGroup var common: CommonOptions
    @OptionGroup var rules: ProfileOption
    @OptionGroup var build: BuildArgOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one Dockerfile (or - for standard input); to search directories use 'bulkhead scan'") }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("'-' (standard input) may be given once") }
    }

    var withProfile: CommonOptions { var c = common; c.profile = rules.profile; c.buildArgs = build.values; return c }

    func run() async throws {
        let stdin = paths.contains("-") ? try readStandardInput() : nil
        try withProfile.runAudit(paths.map { ($0, .dockerfile) }, stdin: stdin)
    }
}
