import ArgumentParser
import Audit
import BulkheadCore
import Foundation
import Reporters
import Rules

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Audit docker run / docker create / podman run command lines.",
        discussion: """
        Either one command after --, or every docker run/create command found
        in shell scripts and Markdown code blocks (continuations, sudo, $(…)
        understood); --file - reads a script from standard input:
          bulkhead run -- docker run --privileged -v /:/host image:1
          bulkhead run --file deploy.sh --file README.md
        """)
    @Option(name: .customLong("file"), help: ArgumentHelp("A shell script or Markdown file to search for docker run commands (repeatable); - reads standard input as a script.", valueName: "FILE"))
    var files: [String] = []
    @OptionGroup var common: CommonOptions
    @OptionGroup var rules: ProfileOption
    @OptionGroup var images: ImageLookupOption
    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command line, after --.", valueName: "COMMAND"))
    var command: [String] = []

    func validate() throws {
        if files.isEmpty && command.isEmpty { throw ValidationError("give a command after -- (bulkhead run -- docker run …) or --file SCRIPT") }
        if !command.isEmpty && !["docker", "podman", "nerdctl"].contains((command[0] as NSString).lastPathComponent) {
            throw ValidationError("the command must start with docker, podman or nerdctl (got '\(command[0])')")
        }
    }

    var withProfile: CommonOptions { var c = common; c.profile = rules.profile; return c }

    func run() async throws {
        let stdin = files.contains("-") ? try readStandardInput() : nil
        try withProfile.runAudit(stdin: stdin) { auditor in
            let inputs = (command.isEmpty ? [] : [auditor.readers.runWords(command)]) + files.map(auditor.readers.runFile)
            return Report.combining(inputs.map { auditor.audit(auditor.readers.attachingImages(images.sources, to: $0)) })
        }
    }
}
