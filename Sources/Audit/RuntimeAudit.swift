import BulkheadCore
import BulkheadModel
import ComposeLoader
import Foundation
import Rules
import RuntimeReaders

extension Auditor {
    /// The process environment, read once (it is consulted for every compose file).
    static let environment = ProcessInfo.processInfo.environment

    /// One compose project (several -f files merge into it).
    public func auditCompose(files: [String], envFiles: [String] = [], profiles: [String] = [], inMemory: [String: String] = [:]) -> Report {
        var o = ComposeLoader.Options()
        o.envFiles = envFiles
        o.profiles = profiles
        o.environment = Auditor.environment
        o.inMemory = inMemory
        let r = ComposeLoader.load(files: files, options: o)
        var report = auditConfigs(r.configs, sourceTexts: r.sources, anchor: files.first ?? "-")
        report.targets = files.map { Target(kind: .compose, path: $0) }
        report.errors += r.errors
        report.sort()
        return report
    }

    /// `docker run` command lines found in a shell script or Markdown file.
    public func auditRunFile(path: String, text: String? = nil) -> Report {
        var report = Report()
        report.targets = [Target(kind: .run, path: path)]
        guard let body = Auditor.input(path, text, &report) else { return report }
        let lower = path.lowercased()
        let commands = lower.hasSuffix(".md") || lower.hasSuffix(".markdown") ? RunReader.commands(inMarkdown: body) : RunReader.commands(inShell: body)
        var configs: [ContainerConfig] = []
        let dir = (path as NSString).deletingLastPathComponent
        for c in commands {
            let (cfg, errs) = RunReader.parse(c.words, file: path, line: c.line, column: c.column, baseDir: dir.isEmpty ? nil : dir, positions: c.positions)
            configs.append(cfg); report.errors += errs
        }
        report.merge(auditConfigs(configs, sourceTexts: [path: body], anchor: path))
        report.sort()
        return report
    }

    /// The given text, or the file's contents; a read failure is recorded in the report.
    static func input(_ path: String, _ text: String?, _ report: inout Report) -> String? {
        if let text { return text }
        switch readText(path) {
        case .success(let t): return t
        case .failure(let e): report.errors.append(e); return nil
        }
    }

    /// One command line given as words (`bulkhead run -- docker run …`).
    public func auditRunWords(_ words: [String]) -> Report {
        let path = "command-line"
        let (cfg, errs) = RunReader.parse(words, file: path, line: 1)
        var report = auditConfigs([cfg], sources: [path: [words.joined(separator: " ")]], anchor: FileManager.default.currentDirectoryPath + "/x")
        report.targets = [Target(kind: .run, path: path)]
        report.errors += errs
        return report
    }

    /// `docker inspect` JSON.
    public func auditInspect(path: String, text: String? = nil) -> Report {
        var report = Report()
        report.targets = [Target(kind: .inspect, path: path)]
        guard let body = Auditor.input(path, text, &report) else { return report }
        let (configs, errs) = InspectReader.read(body, path: path)
        report.errors += errs
        report.merge(auditConfigs(configs, sourceTexts: [path: body], anchor: path))
        report.sort()
        return report
    }

    /// Rules, configuration, suppression and scorecards for a set of container configurations.
    func auditConfigs(_ configs: [ContainerConfig], sources: [String: [String]] = [:], sourceTexts: [String: String] = [:], anchor: String) -> Report {
        var report = Report()
        report.sources = sources
        report.sourceTexts = sourceTexts
        let settings = self.settings(for: anchor, into: &report)
        // pragmas need lines only in files that mention bulkhead at all
        var pragmas = Dictionary(uniqueKeysWithValues: sources.map { ($0.key, LinePragmas($0.value)) })
        for (path, text) in sourceTexts where text.containsBytes("bulkhead") { pragmas[path] = LinePragmas(report.lines(of: path)) }
        for c in configs {
            var findings = RuleCatalog.check(c, daemon: options.daemon, options: settings.ruleOptions)
            grade(&findings, settings)
            report.suppressed += suppress(&findings, settings) { pragmas[$0.target.path]?.suppresses($0) ?? false }
            report.scorecards.append(Scorecard.build(target: c.target, findings: findings) { Auditor.controlsByRule[$0] ?? [] })
            report.findings += findings
        }
        return report  // callers sort once, after merging
    }

    static let controlsByRule: [String: [Control]] = Dictionary(uniqueKeysWithValues: RuleCatalog.descriptions.map { ($0.id, $0.controls) })

    /// daemon.json → the defaults that change containers' effective settings.
    public static func loadDaemonConfig(_ path: String) -> Result<DaemonDefaults, InputError> {
        guard case .success(let text) = readText(path) else { return .failure(InputError(path: path, message: "cannot read the daemon configuration")) }
        let root: JNode
        do { root = try JNode.parse(text) } catch { return .failure(InputError(path: path, line: error.line, column: error.column, message: "invalid JSON: \(error.message)")) }
        var d = DaemonDefaults()
        d.source = path
        d.noNewPrivileges = root["no-new-privileges"]?.bool ?? false
        d.usernsRemap = root["userns-remap"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        d.seccompProfile = root["seccomp-profile"]?.string
        d.logDriver = root["log-driver"]?.string
        d.defaultCgroupnsMode = root["default-cgroupns-mode"]?.string
        return .success(d)
    }
}

/// `# bulkhead ignore=RT002 -- reason` in YAML or shell: on the line before a finding, at the end of its
/// line, or `# bulkhead global ignore=…` anywhere in the file.
struct LinePragmas {
    var global: Set<String> = []
    var byLine: [Int: Set<String>] = [:]

    init(_ lines: [String]) {
        for (i, l) in lines.enumerated() {
            guard l.utf8.contains(UInt8(ascii: "#")), l.containsBytes("bulkhead"),
                  let hash = l.range(of: "# bulkhead") ?? l.range(of: "#bulkhead") else { continue }
            let text = l[hash.upperBound...].drop { $0 == " " }
            guard let (kind, ids) = Pragmas.parse("bulkhead " + text), !ids.isEmpty else { continue }
            if kind == "file" { global.formUnion(ids); continue }
            let before = l[..<hash.lowerBound].trimmingSpaces
            if before.isEmpty {
                // a comment line: the next non-comment line
                var j = i + 1
                while j < lines.count, lines[j].trimmingSpaces.isEmpty || lines[j].trimmingSpaces.hasPrefix("#") { j += 1 }
                byLine[j + 1, default: []].formUnion(ids)
            } else {
                byLine[i + 1, default: []].formUnion(ids)
            }
        }
    }

    func suppresses(_ f: Finding) -> Bool {
        if global.contains(f.ruleID) || global.contains("*") { return true }
        let s = byLine[f.location.line] ?? []
        return s.contains(f.ruleID) || s.contains("*")
    }
}
