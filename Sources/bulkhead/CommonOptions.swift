import ArgumentParser
import Audit
import BulkheadCore
import struct BulkheadModel.DaemonDefaults
import Foundation
import Reporters
import Rules

enum ColorChoice: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

/// A `--fail-on` value: the same words `fail-on:` takes in .bulkhead.yml (Severity.threshold).
struct Severityish: ExpressibleByArgument {
    var value: Severity?
    init?(argument: String) {
        guard let t = Severity.threshold(argument) else { return nil }
        value = t
    }
    static var allValueStrings: [String] { Severity.thresholdWords }
}

extension OutputFormat: ExpressibleByArgument {}
extension Profile: ExpressibleByArgument {}

struct CommonOptions: ParsableArguments {
    @Option(help: "Output format.")
    var format: OutputFormat = .text
    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to FILE instead of standard output.", valueName: "FILE"))
    var output: String?
    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 when a finding is at or above this severity; none never fails. Default: high, or fail-on from the config.", valueName: "SEVERITY"))
    var failOn: Severityish?
    @Flag(name: .customLong("show-suppressed"), help: "Also list the findings that inline ignores, the baseline or the configuration hid, with what hid each (text and JSON).")
    var showSuppressed = false
    @Option(name: .customLong("severity"), help: ArgumentHelp("Report only findings of these severities (comma-separated, as Trivy's --severity): critical,high. The exit code follows what is reported.", valueName: "LIST"))
    var severityFilter: String?
    @Option(help: ArgumentHelp("Use this configuration file instead of looking for .bulkhead.yml.", valueName: "FILE"))
    var config: String?
    @Option(help: ArgumentHelp("Hide findings recorded in this baseline file.", valueName: "FILE"))
    var baseline: String?
    @Option(name: .customLong("write-baseline"), help: ArgumentHelp("Record the current findings as accepted in FILE, then exit 0.", valueName: "FILE"))
    var writeBaseline: String?
    /// Set by the Dockerfile-reading commands from their BuildArgOptions.
    var buildArgs: [String: String] = [:]
    /// Set by `dockerfile --context` and `scan`.
    var buildContext: BuildContextChoice = .none
    /// Set by the subcommand from its profile option (--profile, or --rule-profile for compose).
    var profile: Profile? = nil
    /// Set by commands that run a few rules only (`sbom --vulns`): every other rule is off.
    var onlyRules: Set<String>? = nil
    @Option(name: .customLong("disable"), help: ArgumentHelp("Turn a rule off (repeatable); a bulkhead id or another tool's alias (DL3008).", valueName: "ID"))
    var disabled: [String] = []
    @Flag(name: .customLong("require-digest"), help: "Require base images pinned by digest (DF015).")
    var requireDigest = false
    @Flag(help: "Missing deploy-time inputs (env files, extends/include files, unset required variables, seccomp profiles) are errors, as in docker compose config. By default they are warnings and everything declared is audited.")
    var strict = false
    @Option(name: .customLong("max-per-rule"), help: ArgumentHelp("List at most N findings of one rule in one file, image or container (the most severe first); the rest are counted in a warning. 0 lists them all. Known vulnerabilities (IM018) are always all listed.", valueName: "N"))
    var maxPerRule: Int = AuditOptions.defaultMaxPerRule
    @Option(help: "Colour; auto means a terminal with NO_COLOR unset.")
    var color: ColorChoice = .auto
    @Option(name: .customLong("daemon-config"), help: ArgumentHelp("The Docker daemon's daemon.json: its defaults (no-new-privileges, userns-remap, seccomp-profile) count as each container's effective settings.", valueName: "FILE"))
    var daemonConfig: String?

    func validate() throws {
        if let list = severityFilter, severities(list) == nil {
            throw ValidationError("--severity takes a comma-separated list of critical, high, medium, low, info (got '\(list)')")
        }
        if maxPerRule < 0 { throw ValidationError("--max-per-rule takes a count of 0 or more (0 lists every finding)") }
        for id in disabled where RuleCatalog.canonicalIDs(id).isEmpty {
            throw ValidationError("--disable: unknown rule id '\(id)' (bulkhead rules lists them)")
        }
    }

    var auditOptions: AuditOptions {
        var o = AuditOptions()
        o.buildArgs = buildArgs
        o.buildContext = buildContext
        o.configPath = config
        o.profile = profile
        o.disabled = Set(disabled.flatMap(RuleCatalog.canonicalIDs))
        if let only = onlyRules { o.disabled.formUnion(RuleCatalog.descriptions.map(\.id).filter { !only.contains($0) }) }
        if requireDigest { o.requireDigest = true }
        o.strict = strict
        o.keepSuppressed = showSuppressed
        o.maxPerRule = maxPerRule
        return o
    }

    func useColor() -> Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            if output != nil { return false }
            let env = systemIO.environment.variables
            if env["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return false }
            if env["TERM"] == "dumb" { return false }
            return isatty(STDOUT_FILENO) == 1
        }
    }

    /// Runs the audit, writes the report, and exits with the documented code.
    func runAudit(_ inputs: [(String, TargetKind)], discoveryErrors: [InputError] = [], stdin: String? = nil) throws -> Never {
        try runAudit(discoveryErrors: discoveryErrors, stdin: stdin) { $0.audit(paths: inputs) }
    }

    /// `stdin`: the text of standard input, read by the path "-".
    func runAudit(discoveryErrors: [InputError] = [], stdin: String? = nil, vulnerabilities: VulnerabilityOptions? = nil,
                  daemon: DaemonDefaults? = nil, _ body: (Auditor) -> Report) throws -> Never {
        var io = stdin.map { systemIO.overlaying(["-": $0]) } ?? systemIO
        var options = auditOptions
        if let v = vulnerabilities {
            io.advisories = v.source()
            options.ignoreUnfixed = v.ignoreUnfixed
            switch v.statements() {
            case .success(let s): options.vex = s
            case .failure(let e): FileHandle.standardError.write(Data("bulkhead: \(e.description)\n".utf8)); throw ExitCode(2)
            }
        }
        if let daemon { options.daemon = daemon }
        if let dc = daemonConfig {
            switch Readers(io: io).daemonDefaults(dc) {
            case .success(let d): options.daemon = d
            case .failure(let e): FileHandle.standardError.write(Data("bulkhead: \(e.description)\n".utf8)); throw ExitCode(2)
            }
        }
        if let b = baseline {
            do { options.baseline = try Baseline.load(path: b, files: io.files) } catch {
                FileHandle.standardError.write(Data("bulkhead: \(error.description)\n".utf8)); throw ExitCode(2)
            }
        }
        if let c = config, !io.files.exists(c) {
            FileHandle.standardError.write(Data("bulkhead: \(c): configuration file not found\n".utf8)); throw ExitCode(2)
        }
        let auditor = Auditor(options: options, io: io)
        var report = body(auditor)  // bodies return sorted reports
        if !discoveryErrors.isEmpty { report.errors += discoveryErrors; report.sort() }
        if let list = severityFilter, let keep = severities(list) { report.findings.removeAll { !keep.contains($0.severity) } }
        if format != .text {
            for w in report.warnings { FileHandle.standardError.write(Data("bulkhead: warning: \(w.description)\n".utf8)) }
        }
        let threshold: Severity? = failOn.map(\.value) ?? (report.configuredFailOn ?? .some(.high))
        let text = Reporters.render(report, format: format, context: ReportContext(color: useColor(), failOn: threshold))
        // errors always reach standard error (also when the report goes to a file or a pipe); warnings do
        // when the report is not text on standard output (where they are already shown)
        for e in report.errors { FileHandle.standardError.write(Data("bulkhead: \(e.description)\n".utf8)) }
        if format == .text && output != nil {
            for w in report.warnings { FileHandle.standardError.write(Data("bulkhead: warning: \(w.description)\n".utf8)) }
        }
        if let out = output {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: out)) } catch {
                FileHandle.standardError.write(Data("bulkhead: cannot write \(out): \(error.localizedDescription)\n".utf8)); throw ExitCode(2)
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if let wb = writeBaseline {
            let all = report.findings
            do { try Data(Baseline(findings: all).encoded().utf8).write(to: URL(fileURLWithPath: wb)) } catch {
                FileHandle.standardError.write(Data("bulkhead: cannot write baseline \(wb): \(error.localizedDescription)\n".utf8)); throw ExitCode(2)
            }
            FileHandle.standardError.write(Data("bulkhead: recorded \(all.count) finding\(all.count == 1 ? "" : "s") in \(wb)\n".utf8))
            throw ExitCode(report.errors.isEmpty ? 0 : 2)
        }
        if !report.errors.isEmpty { throw ExitCode(2) }
        if let t = threshold, report.findings.contains(where: { $0.severity >= t }) { throw ExitCode(1) }
        throw ExitCode(0)
    }
}

/// The rule profile. `compose` spells it --rule-profile, since --profile there is Compose's own.
struct ProfileOption: ParsableArguments {
    @Option(help: "Rule profile; restricted makes hardening checks medium and requires digest pinning. Default: baseline.")
    var profile: Profile?
}

/// Images whose own configuration containers inherit (compose, run, inspect).
struct ImageLookupOption: ParsableArguments {
    @Option(name: .customLong("images"), help: ArgumentHelp(
        "Judge containers with their images' own USER, HEALTHCHECK and EXPOSE: `docker` asks the local engine, or an image source (docker-archive:FILE, oci:DIR) holding them (repeatable).",
        valueName: "SOURCE"))
    var sources: [String] = []
}

/// Standard input, read once and bounded like every other input (16 MiB).
func readStandardInput(limit: Int = 16 << 20) throws -> String {
    var data = Data()
    while true {
        let chunk = FileHandle.standardInput.readData(ofLength: 1 << 16)
        if chunk.isEmpty { break }
        data.append(chunk)
        if data.count > limit {
            FileHandle.standardError.write(Data("bulkhead: <stdin>: more than \(limit >> 20) MiB; not audited\n".utf8))
            throw ExitCode(2)
        }
    }
    return String(decoding: data, as: UTF8.self)
}

/// `critical,high` → the severities it names; nil when a word is not a severity.
func severities(_ list: String) -> Set<Severity>? {
    var out = Set<Severity>()
    for w in list.split(separator: ",") {
        guard let s = Severity(name: String(w)) else { return nil }
        out.insert(s)
    }
    return out.isEmpty ? nil : out
}

/// `--build-arg NAME=value`, or `--build-arg NAME` to take the value from the environment, as docker build does.
struct BuildArgOptions: ParsableArguments {
    @Option(name: .customLong("build-arg"), help: ArgumentHelp("Set a build argument (repeatable), as docker build --build-arg does; NAME alone takes the value from the environment.", valueName: "NAME[=VALUE]"))
    var buildArgs: [String] = []

    var values: [String: String] {
        var out: [String: String] = [:]
        for a in buildArgs {
            let kv = a.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(kv[0])
            if kv.count > 1 { out[name] = String(kv[1]) } else if let v = systemIO.environment.variables[name] { out[name] = v }
        }
        return out
    }
}
