import ArgumentParser
import Audit
import BulkheadCore
import Foundation
import Reporters
import Rules

struct ComposeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Audit Compose files: each file as its own project, or -f files merged into one.",
        discussion: """
        With no file, reads what `docker compose` would: compose.yaml (or
        compose.yml, docker-compose.yaml, docker-compose.yml) here, with its
        override file. Files are read as `docker compose config` reads them:
        .env and --env-file interpolation (${V}, ${V:-d}, ${V:?err}, $$),
        env_file, extends, include, profiles, anchors and merge keys,
        !reset/!override, several -f files merged with Compose's override
        rules. Without --profile every service is audited. Missing deploy-time
        files are warnings (--strict: errors).
          bulkhead compose
          bulkhead compose compose.yaml
          bulkhead compose -f compose.yaml -f prod.yaml --env-file prod.env
        Besides findings, the report shows the container-escape paths each
        service opens and a defense-in-depth scorecard per service.
        """)
    @Argument(help: ArgumentHelp("Compose files, each audited as its own project; - reads standard input.", valueName: "FILE"))
    var files: [String] = []
    @Option(name: .customShort("f"), help: ArgumentHelp("A file of one merged project (repeatable, later files override earlier ones).", valueName: "FILE"))
    var projectFiles: [String] = []
    @Option(name: .customLong("env-file"), help: ArgumentHelp("Read interpolation variables from this file instead of .env (repeatable).", valueName: "FILE"))
    var envFiles: [String] = []
    @Option(name: .customLong("profile"), help: ArgumentHelp("Audit only services active under this profile (repeatable).", valueName: "NAME"))
    var profiles: [String] = []
    @Option(name: .customLong("rule-profile"), help: "Rule profile; restricted makes hardening checks medium and requires digest pinning. Default: baseline.")
    var ruleProfile: Profile?
    @OptionGroup var common: CommonOptions
    @OptionGroup var images: ImageLookupOption

    func validate() throws {
        if files.isEmpty && projectFiles.isEmpty && ComposeCommand.defaultProject() == nil {
            throw ValidationError("no compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml here; name compose files (bulkhead compose compose.yaml) or a project (-f a.yml -f b.yml)")
        }
        for p in profiles where ["baseline", "restricted"].contains(p) {
            FileHandle.standardError.write(Data("bulkhead: warning: --profile \(p) selects Compose services by profile; the rule profile is --rule-profile \(p)\n".utf8))
        }
    }

    /// What `docker compose` reads when given no file: the first of compose.yaml, compose.yml,
    /// docker-compose.yaml, docker-compose.yml in the current directory, with its override file if there is one.
    static func defaultProject() -> [String]? {
        let files = systemIO.files
        for (name, overrides) in [("compose.yaml", ["compose.override.yaml", "compose.override.yml"]), ("compose.yml", ["compose.override.yml", "compose.override.yaml"]),
                                  ("docker-compose.yaml", ["docker-compose.override.yaml", "docker-compose.override.yml"]),
                                  ("docker-compose.yml", ["docker-compose.override.yml", "docker-compose.override.yaml"])] where files.exists(name) {
            return [name] + (overrides.first(where: files.exists).map { [$0] } ?? [])
        }
        return nil
    }

    var withProfile: CommonOptions { var c = common; c.profile = ruleProfile; return c }

    func run() async throws {
        // standard input is the path "-" (relative env files and includes resolve against the current directory)
        let stdin = (files + projectFiles).contains("-") ? try readStandardInput() : nil
        let projectFiles = files.isEmpty && self.projectFiles.isEmpty ? (ComposeCommand.defaultProject() ?? []) : self.projectFiles
        try withProfile.runAudit(stdin: stdin) { auditor in
            // the common case, each file its own project: already merged and sorted by audit(paths:)
            if projectFiles.isEmpty && envFiles.isEmpty && profiles.isEmpty && images.sources.isEmpty { return auditor.audit(paths: files.map { ($0, .compose) }) }
            let projects = (projectFiles.isEmpty ? [] : [projectFiles]) + files.map { [$0] }
            return Report.combining(projects.map {
                auditor.audit(auditor.readers.attachingImages(images.sources, to: auditor.readers.compose(files: $0, envFiles: envFiles, profiles: profiles)))
            })
        }
    }
}
