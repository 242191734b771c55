import ArgumentParser
import Audit
import BulkheadCore
import Foundation
import Reporters
import Rules

@main
struct Bulkhead: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulkhead",
        abstract: "Audit Dockerfiles and how containers are run (compose files, docker run lines, docker inspect output).",
        discussion: """
        Every finding names a security control (user.root, supply-chain, secrets.image, …), a severity and \
        the fix. Run `bulkhead rules` for the catalogue and `bulkhead explain DF001` for one rule.

        EXIT CODES
          0  nothing at or above the --fail-on threshold (default: high)
          1  at least one finding at or above the threshold
          2  usage error, or an input that could not be read or parsed

        CONFIGURATION
          .bulkhead.yml is looked up from each audited file's directory upward (or given with --config):
          profile, fail-on, disable, severity overrides, trusted-registries, allowed-secret-names,
          require-digest, exclude, and scoped ignores with a reason and an expiry date.

        SUPPRESSION
          # bulkhead ignore=DF012,DF020 -- reason       (the next instruction)
          # bulkhead stage ignore=DF001 -- reason       (before a FROM: that stage)
          # bulkhead global ignore=DF050 -- reason      (the whole file)
          hadolint pragmas and BuildKit `# check=skip=` are honoured through rule aliases.
          --baseline FILE hides findings recorded with --write-baseline FILE.
        """,
        version: bulkheadVersion,
        subcommands: [DockerfileCommand.self, ComposeCommand.self, RunCommand.self, InspectCommand.self, ScanCommand.self,
                      RulesCommand.self, ExplainCommand.self])

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if let e = error as? ExitCode { Foundation.exit(e.rawValue) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

struct Severityish: ExpressibleByArgument {
    var value: Severity?
    init?(argument: String) {
        if ["none", "never", "off"].contains(argument.lowercased()) { value = nil; return }
        guard let s = Severity(name: argument) else { return nil }
        value = s
    }
    static var allValueStrings: [String] { ["critical", "high", "medium", "low", "info", "none"] }
}

extension OutputFormat: ExpressibleByArgument {}
extension Profile: ExpressibleByArgument {}

struct CommonOptions: ParsableArguments {
    @Option(help: "Output format: text, json, sarif, junit, markdown, github.")
    var format: OutputFormat = .text
    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to FILE instead of standard output.", valueName: "FILE"))
    var output: String?
    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 when a finding is at or above this severity (critical, high, medium, low, info, none). Default: high, or fail-on from the config.", valueName: "SEVERITY"))
    var failOn: Severityish?
    @Option(help: ArgumentHelp("Use this configuration file instead of looking for .bulkhead.yml.", valueName: "FILE"))
    var config: String?
    @Option(help: ArgumentHelp("Hide findings recorded in this baseline file.", valueName: "FILE"))
    var baseline: String?
    @Option(name: .customLong("write-baseline"), help: ArgumentHelp("Record the current findings as accepted in FILE, then exit 0.", valueName: "FILE"))
    var writeBaseline: String?
    @Option(name: .customLong("build-arg"), help: ArgumentHelp("Set a build argument (repeatable), as docker build --build-arg does.", valueName: "K=V"))
    var buildArgs: [String] = []
    /// Set by the subcommand from its profile option (--profile, or --rule-profile for compose).
    var profile: Profile? = nil
    @Option(name: .customLong("disable"), help: ArgumentHelp("Turn a rule off (repeatable).", valueName: "ID"))
    var disabled: [String] = []
    @Flag(name: .customLong("require-digest"), help: "Require base images pinned by digest (DF015).")
    var requireDigest = false
    @Option(help: "Colour: auto (a terminal, and NO_COLOR unset), always, never.")
    var color: ColorChoice = .auto
    @Option(name: .customLong("daemon-config"), help: ArgumentHelp("The Docker daemon's daemon.json: its defaults (no-new-privileges, userns-remap, seccomp-profile) count as each container's effective settings.", valueName: "FILE"))
    var daemonConfig: String?

    func validate() throws {
        for a in buildArgs where !a.contains("=") {
            throw ValidationError("--build-arg expects NAME=value, got '\(a)'")
        }
        for id in disabled where RuleCatalog.description(for: id) == nil {
            throw ValidationError("--disable: unknown rule id '\(id)' (bulkhead rules lists them)")
        }
    }

    var auditOptions: AuditOptions {
        var o = AuditOptions()
        for a in buildArgs {
            let kv = a.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            o.buildArgs[String(kv[0])] = kv.count > 1 ? String(kv[1]) : ""
        }
        o.configPath = config
        o.profile = profile
        o.disabled = Set(disabled.compactMap { RuleCatalog.description(for: $0)?.id })
        if requireDigest { o.requireDigest = true }
        return o
    }

    func useColor() -> Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            if output != nil { return false }
            let env = ProcessInfo.processInfo.environment
            if env["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return false }
            if env["TERM"] == "dumb" { return false }
            return isatty(STDOUT_FILENO) == 1
        }
    }

    /// Runs the audit, writes the report, and exits with the documented code.
    func runAudit(_ inputs: [(String, TargetKind)], discoveryErrors: [InputError] = [], stdin: String? = nil) throws -> Never {
        try runAudit(discoveryErrors: discoveryErrors) { $0.audit(paths: inputs, stdin: stdin) }
    }

    func runAudit(discoveryErrors: [InputError] = [], _ body: (Auditor) -> Report) throws -> Never {
        var options = auditOptions
        if let dc = daemonConfig {
            switch Auditor.loadDaemonConfig(dc) {
            case .success(let d): options.daemon = d
            case .failure(let e): FileHandle.standardError.write(Data("bulkhead: \(e.description)\n".utf8)); throw ExitCode(2)
            }
        }
        if let b = baseline {
            do { options.baseline = try Baseline.load(path: b) } catch {
                FileHandle.standardError.write(Data("bulkhead: \(error.description)\n".utf8)); throw ExitCode(2)
            }
        }
        if let c = config, !FileManager.default.fileExists(atPath: c) {
            FileHandle.standardError.write(Data("bulkhead: \(c): configuration file not found\n".utf8)); throw ExitCode(2)
        }
        let auditor = Auditor(options: options)
        var report = body(auditor)  // bodies return sorted reports
        if !discoveryErrors.isEmpty { report.errors += discoveryErrors; report.sort() }
        let threshold: Severity? = failOn.map(\.value) ?? (report.configuredFailOn ?? .some(.high))
        let text = Reporters.render(report, format: format, context: ReportContext(color: useColor(), failOn: threshold))
        if let out = output {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: out)) } catch {
                FileHandle.standardError.write(Data("bulkhead: cannot write \(out): \(error.localizedDescription)\n".utf8)); throw ExitCode(2)
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if let wb = writeBaseline {
            let all = report.findings
            do { try Baseline(findings: all).write(to: wb) } catch {
                FileHandle.standardError.write(Data("bulkhead: cannot write baseline \(wb): \(error.localizedDescription)\n".utf8)); throw ExitCode(2)
            }
            FileHandle.standardError.write(Data("bulkhead: recorded \(all.count) finding\(all.count == 1 ? "" : "s") in \(wb)\n".utf8))
            throw ExitCode(report.errors.isEmpty ? 0 : 2)
        }
        if !report.errors.isEmpty {
            if format != .text {
                for e in report.errors { FileHandle.standardError.write(Data("bulkhead: \(e.description)\n".utf8)) }
            }
            throw ExitCode(2)
        }
        if let t = threshold, report.findings.contains(where: { $0.severity >= t }) { throw ExitCode(1) }
        throw ExitCode(0)
    }
}

/// The rule profile. `compose` spells it --rule-profile, since --profile there is Compose's own.
struct ProfileOption: ParsableArguments {
    @Option(help: "Rule profile: baseline (default) or restricted (hardening checks become medium, digest pinning required).")
    var profile: Profile?
}

struct DockerfileCommand: ParsableCommand {
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

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one Dockerfile (or - for standard input); to search directories use 'bulkhead scan'") }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("'-' (standard input) may be given once") }
    }

    var withProfile: CommonOptions { var c = common; c.profile = rules.profile; return c }

    func run() throws {
        var stdin: String? = nil
        if paths.contains("-") {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            stdin = String(decoding: data, as: UTF8.self)
        }
        try withProfile.runAudit(paths.map { ($0, .dockerfile) }, stdin: stdin)
    }
}

struct ComposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Audit Compose files: each file as its own project, or -f files merged into one.",
        discussion: """
        Reads files the way `docker compose config` does: .env and --env-file interpolation (${V}, ${V:-d}, \
        ${V:?err}, $$), env_file, extends, include, profiles, anchors and merge keys, !reset/!override, and \
        several -f files merged with Compose's override rules. Without --profile every service is audited.
          bulkhead compose compose.yaml
          bulkhead compose -f compose.yaml -f compose.prod.yaml --env-file prod.env --profile web
        Besides findings, the report shows the container-escape paths each service opens and a defense-in-depth
        scorecard per service (text table; "scorecard" in JSON).
        """)
    @Argument(help: ArgumentHelp("Compose files, each audited as its own project.", valueName: "FILE"))
    var files: [String] = []
    @Option(name: .customShort("f"), help: ArgumentHelp("A file of one merged project (repeatable, later files override earlier ones).", valueName: "FILE"))
    var projectFiles: [String] = []
    @Option(name: .customLong("env-file"), help: ArgumentHelp("Read interpolation variables from this file instead of .env (repeatable).", valueName: "FILE"))
    var envFiles: [String] = []
    @Option(name: .customLong("profile"), help: ArgumentHelp("Audit only services active under this profile (repeatable).", valueName: "NAME"))
    var profiles: [String] = []
    @Option(name: .customLong("rule-profile"), help: "Rule profile: baseline (default) or restricted.")
    var ruleProfile: Profile?
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if files.isEmpty && projectFiles.isEmpty { throw ValidationError("name compose files (bulkhead compose compose.yaml) or a project (-f a.yml -f b.yml)") }
    }

    var withProfile: CommonOptions { var c = common; c.profile = ruleProfile; return c }

    func run() throws {
        try withProfile.runAudit { auditor in
            // the common case, each file its own project: already merged and sorted by audit(paths:)
            if projectFiles.isEmpty && envFiles.isEmpty && profiles.isEmpty { return auditor.audit(paths: files.map { ($0, .compose) }) }
            let project = projectFiles.isEmpty ? [] : [auditor.auditCompose(files: projectFiles, envFiles: envFiles, profiles: profiles)]
            return Report.combining(project + files.map { auditor.auditCompose(files: [$0], envFiles: envFiles, profiles: profiles) })
        }
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Audit docker run / docker create / podman run command lines.",
        discussion: """
        Either one command after --, or every docker run/create command found in shell scripts and in
        Markdown code blocks (continuations, sudo, $(…) understood):
          bulkhead run -- docker run --privileged -v /var/run/docker.sock:/var/run/docker.sock image
          bulkhead run --file deploy.sh --file README.md
        """)
    @Option(name: .customLong("file"), help: ArgumentHelp("A shell script or Markdown file to search for docker run commands (repeatable).", valueName: "FILE"))
    var files: [String] = []
    @OptionGroup var common: CommonOptions
    @OptionGroup var rules: ProfileOption
    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command line, after --.", valueName: "COMMAND"))
    var command: [String] = []

    func validate() throws {
        if files.isEmpty && command.isEmpty { throw ValidationError("give a command after -- (bulkhead run -- docker run …) or --file SCRIPT") }
        if !command.isEmpty && !["docker", "podman", "nerdctl"].contains((command[0] as NSString).lastPathComponent) {
            throw ValidationError("the command must start with docker, podman or nerdctl (got '\(command[0])')")
        }
    }

    var withProfile: CommonOptions { var c = common; c.profile = rules.profile; return c }

    func run() throws {
        try withProfile.runAudit { auditor in
            Report.combining((command.isEmpty ? [] : [auditor.auditRunWords(command)]) + files.map { auditor.auditRunFile(path: $0) })
        }
    }
}

struct InspectCommand: ParsableCommand {
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

    var withProfile: CommonOptions { var c = common; c.profile = rules.profile; return c }

    func run() throws {
        let stdin = files.contains("-") ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : nil
        try withProfile.runAudit { auditor in
            Report.combining(files.map { auditor.auditInspect(path: $0, text: $0 == "-" ? stdin : nil) })
        }
    }
}

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find and audit every Dockerfile and Compose file under directories.",
        discussion: """
        Walks each DIR (default: the current directory) and audits files named Dockerfile, Dockerfile.*, \
        *.Dockerfile, *.dockerfile and Containerfile* (as Dockerfiles) and compose*.y*ml, docker-compose*.y*ml \
        (each as its own Compose project). Skips .git, node_modules and vendor, plus --exclude \
        globs and the config's exclude list (* within a path segment, ** across segments).
          bulkhead scan
          bulkhead scan services/ --exclude 'test/**' --format json
        """)
    @Argument(help: ArgumentHelp("Directories (or files) to search.", valueName: "DIR"))
    var dirs: [String] = []
    @Option(name: .customLong("exclude"), help: ArgumentHelp("Skip paths matching this glob (repeatable).", valueName: "GLOB"))
    var excludes: [String] = []
    @OptionGroup var common: CommonOptions
    @OptionGroup var rules: ProfileOption

    var withProfile: CommonOptions { var c = common; c.profile = rules.profile; return c }

    func run() throws {
        let roots = dirs.isEmpty ? ["."] : dirs
        var excl = excludes
        let cfgPath = common.config ?? Config.find(from: roots[0])
        if let p = cfgPath, let c = try? Config.load(path: p) { excl += c.excludes }
        let (inputs, errors) = Discovery.discover(roots, excludes: excl)
        if inputs.isEmpty && errors.isEmpty {
            FileHandle.standardError.write(Data("bulkhead: no Dockerfiles or Compose files found under \(roots.joined(separator: ", "))\n".utf8))
        }
        try withProfile.runAudit(inputs, discoveryErrors: errors)
    }
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List every rule: id, severity, controls, title.")
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }
    @Option(name: .shortAndLong, help: "text, json or markdown.")
    var format: Format = .text

    func run() throws {
        let rules = RuleCatalog.descriptions
        switch format {
        case .text:
            var out = ""
            for d in rules {
                let sev = d.severity.name.padding(toLength: 8, withPad: " ", startingAt: 0)
                let ctl = d.controls.map(\.rawValue).joined(separator: ",")
                out += "\(d.id)  \(sev)  \(ctl.padding(toLength: 36, withPad: " ", startingAt: 0))  \(d.title)\n"
            }
            print(out, terminator: "")
        case .json:
            let arr: JSONValue = .array(rules.map { d in
                .object([("id", .string(d.id)), ("title", .string(d.title)), ("severity", .string(d.severity.name)),
                         ("controls", .strings(d.controls.map(\.rawValue))), ("cis", .strings(d.cis)), ("aliases", .strings(d.aliases)),
                         ("enabledByDefault", .bool(d.enabledByDefault)), ("rationale", .string(d.rationale)), ("remediation", .string(d.remediation))])
            })
            print(arr.render())
        case .markdown:
            var out = "| id | severity | controls | CIS | title | aliases |\n|---|---|---|---|---|---|\n"
            for d in rules {
                out += "| \(d.id) | \(d.severity.name) | \(d.controls.map { "`\($0.rawValue)`" }.joined(separator: " ")) | \(d.cis.joined(separator: ", ")) | \(d.title) | \(d.aliases.joined(separator: ", ")) |\n"
            }
            print(out, terminator: "")
        }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain one rule: why it matters, how to fix it, examples.",
                                                    discussion: "Takes a bulkhead id (DF001) or an alias from another tool (DL3002, DS-0002, CKV_DOCKER_8).")
    @Argument(help: ArgumentHelp("Rule id or alias.", valueName: "ID"))
    var id: String

    func run() throws {
        guard let d = RuleCatalog.description(for: id) else {
            FileHandle.standardError.write(Data("bulkhead: unknown rule '\(id)'; 'bulkhead rules' lists them\n".utf8))
            throw ExitCode(2)
        }
        var out = "\(d.id)  \(d.title)\n\n"
        out += "severity:  \(d.severity.name)\(d.restrictedSeverity.map { " (\($0.name) under --profile restricted)" } ?? "")\n"
        out += "controls:  \(d.controls.map(\.rawValue).joined(separator: ", "))\n"
        if !d.cis.isEmpty { out += "CIS:       \(d.cis.joined(separator: ", "))\n" }
        if !d.aliases.isEmpty { out += "aliases:   \(d.aliases.joined(separator: ", "))\n" }
        out += "\nWhy it matters\n\(wrap(d.rationale))\n\nHow to fix\n\(wrap(d.remediation))\n"
        if !d.references.isEmpty { out += "\nReferences\n" + d.references.map { "  \($0)\n" }.joined() }
        out += "\nTriggers on (↓ marks the reported line)\n"
        for ex in d.triggering { out += indent(ex.code) + optionsNote(ex) + "\n" }
        out += "Does not trigger on\n"
        for ex in d.nonTriggering { out += indent(ex.code) + optionsNote(ex) + "\n" }
        print(out, terminator: "")
    }

    func optionsNote(_ ex: Example) -> String {
        ex.options.isEmpty ? "" : "    (with " + ex.options.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")\n"
    }
    func indent(_ s: String) -> String { s.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n" }
    func wrap(_ s: String, width: Int = 96) -> String {
        var lines: [String] = []
        var cur = ""
        for w in s.split(separator: " ") {
            if cur.count + w.count + 1 > width && !cur.isEmpty { lines.append(cur); cur = "" }
            cur += (cur.isEmpty ? "" : " ") + w
        }
        if !cur.isEmpty { lines.append(cur) }
        return lines.map { "  " + $0 }.joined(separator: "\n")
    }
}
