import ArgumentParser
import Audit
import BulkheadCore
import Foundation
import Reporters
import Rules

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Audit `docker inspect` output (one or many containers; - reads standard input).",
        discussion: """
          docker inspect $(docker ps -q) | bulkhead inspect -
          bulkhead inspect containers.json --daemon-config /etc/docker/daemon.json
        """)
    @Argument(help: ArgumentHelp("JSON files from docker inspect, or -.", valueName: "FILE"))
    var files: [String]
    @OptionGroup var common: CommonOptions
    @OptionGroup var rules: ProfileOption
    @OptionGroup var images: ImageLookupOption

    var withProfile: CommonOptions { var c = common; c.profile = rules.profile; return c }

    func run() async throws {
        let stdin = files.contains("-") ? try readStandardInput() : nil
        try withProfile.runAudit(stdin: stdin) { auditor in
            Report.combining(files.map { auditor.audit(auditor.readers.attachingImages(images.sources, to: auditor.readers.inspect($0))) })
        }
    }
}
