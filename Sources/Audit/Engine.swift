import BulkheadCore
import BulkheadModel
import Crypto
import DockerfileParser
import Foundation
import Rules
import RuntimeReaders

/// What to audit and how. Command-line values win over the configuration file.
public struct AuditOptions: Sendable {
    public var buildArgs: [String: String] = [:]
    /// --config; nil means look for .bulkhead.yml upward from each input.
    public var configPath: String?
    public var profile: Profile?
    public var baseline: Baseline?
    public var excludes: [String] = []
    public var disabled: Set<String> = []
    public var requireDigest: Bool?
    /// Daemon-wide defaults (--daemon-config daemon.json).
    public var daemon = DaemonDefaults()
    public init() {}
}

/// The result of a run: sorted findings, suppression count, errors. Pure data for reporters.
public struct Report: Sendable {
    public var targets: [Target] = []
    public var findings: [Finding] = []
    public var suppressed: Int = 0
    public var errors: [InputError] = []
    /// Source lines per path, for reporters that show code.
    public var sources: [String: [String]] = [:]
    /// Source texts not split into lines yet (compose files); `lines(of:)` splits on demand.
    public var sourceTexts: [String: String] = [:]

    public func lines(of path: String) -> [String] {
        if let l = sources[path] { return l }
        guard let t = sourceTexts[path] else { return [] }
        return t.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
    }
    /// Defense-in-depth scorecards, one per runtime target (service or container).
    public var scorecards: [Scorecard] = []
    /// The threshold the configuration asked for, if any (the CLI decides).
    public var configuredFailOn: Severity?? = nil
    public init() {}

    public var summary: [Severity: Int] {
        var s: [Severity: Int] = [:]
        for f in findings { s[f.severity, default: 0] += 1 }
        return s
    }

    /// Sorts by (path, line, column, rule, message). Paths are ranked once so most comparisons are integers.
    public mutating func sort() {
        let paths = Array(Set(findings.map(\.target.path))).sorted()
        let rank = Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($1, $0) })
        let keyed = findings.map { (rank[$0.target.path]!, $0) }
        findings = keyed.sorted { x, y in
            let (ra, a) = x, (rb, b) = y
            if ra != rb { return ra < rb }
            if a.location.line != b.location.line { return a.location.line < b.location.line }
            if a.location.column != b.location.column { return a.location.column < b.location.column }
            if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
            return a.message < b.message
        }.map(\.1)
        targets.sort { ($0.path, $0.kind.rawValue) < ($1.path, $1.kind.rawValue) }
        errors.sort { ($0.path, $0.line ?? 0, $0.message) < ($1.path, $1.line ?? 0, $1.message) }
        scorecards.sort { ($0.target.path, $0.target.name ?? "") < ($1.target.path, $1.target.name ?? "") }
    }

    /// Several reports as one, sorted.
    public static func combining(_ parts: [Report]) -> Report {
        var r = Report()
        for p in parts { r.merge(p) }
        r.sort()
        return r
    }

    public mutating func merge(_ other: Report) {
        targets += other.targets; findings += other.findings; suppressed += other.suppressed; errors += other.errors
        scorecards += other.scorecards
        sources.merge(other.sources) { a, _ in a }
        sourceTexts.merge(other.sourceTexts) { a, _ in a }
        if configuredFailOn == nil { configuredFailOn = other.configuredFailOn }
    }
}

public final class Auditor: @unchecked Sendable {
    public let options: AuditOptions
    private var configCache: [String: Result<Config, InputError>] = [:]
    private let lock = NSLock()
    private let explicitConfig: Result<Config, InputError>?
    /// The baseline's fingerprints, built once.
    private let baselineFingerprints: Set<String>

    public init(options: AuditOptions) {
        self.options = options
        self.baselineFingerprints = options.baseline?.fingerprints ?? []
        if let p = options.configPath {
            do { explicitConfig = .success(try Config.load(path: p)) } catch { explicitConfig = .failure(error) }
        } else { explicitConfig = nil }
    }

    /// The configuration that applies to an input path.
    public func config(for path: String) -> Result<Config, InputError> {
        if let e = explicitConfig { return e }
        let dir = path == "-" ? FileManager.default.currentDirectoryPath : (path as NSString).deletingLastPathComponent
        let key = dir.isEmpty ? "." : dir
        lock.lock(); defer { lock.unlock() }
        if let c = configCache[key] { return c }
        let r: Result<Config, InputError>
        if let p = Config.find(from: key) {
            do { r = .success(try Config.load(path: p)) } catch { r = .failure(error) }
        } else { r = .success(Config()) }
        configCache[key] = r
        return r
    }

    /// Reads and audits files, in parallel, returning one sorted report.
    public func audit(paths: [(String, TargetKind)], stdin: String? = nil) -> Report {
        final class Slots: @unchecked Sendable {
            var items: [Report?]
            let lock = NSLock()
            init(_ n: Int) { items = Array(repeating: nil, count: n) }
            func set(_ i: Int, _ r: Report) { lock.lock(); items[i] = r; lock.unlock() }
        }
        let slots = Slots(paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { i in
            let (p, kind) = paths[i]
            slots.set(i, auditFile(path: p, kind: kind, stdin: p == "-" ? stdin : nil))
        }
        var report = Report()
        for r in slots.items { if let r { report.merge(r) } }
        report.sort()
        return report
    }

    public func auditFile(path: String, kind: TargetKind, stdin: String? = nil) -> Report {
        switch kind {
        case .compose: return stdin.map { auditCompose(files: [path], inMemory: [path: $0]) } ?? auditCompose(files: [path])
        case .inspect: return auditInspect(path: path, text: stdin)
        case .run: return auditRunFile(path: path, text: stdin)
        default: break
        }
        var report = Report()
        let text: String
        if let stdin { text = stdin } else {
            switch Auditor.readText(path) {
            case .success(let t): text = t
            case .failure(let e): report.errors.append(e); return report
            }
        }
        return auditDockerfile(text: text, path: path)
    }

    static func readText(_ path: String) -> Result<String, InputError> {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return .failure(InputError(path: path, message: "no such file")) }
        if isDir.boolValue { return .failure(InputError(path: path, message: "is a directory (use bulkhead scan DIR to search it)")) }
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(InputError(path: path, message: "cannot read the file (permission denied?)")) }
        if data.count > 16 << 20 { return .failure(InputError(path: path, message: "file is larger than 16 MiB; not a Dockerfile")) }
        if data.contains(0) { return .failure(InputError(path: path, message: "binary file (contains NUL bytes); not a Dockerfile")) }
        guard let s = String(data: data, encoding: .utf8) else { return .failure(InputError(path: path, message: "not valid UTF-8 text")) }
        return .success(s)
    }

    public func auditDockerfile(text: String, path: String) -> Report {
        var report = Report()
        let model = DockerfileParser.parse(text, path: path, buildArgs: options.buildArgs)
        report.targets = [Target(kind: .dockerfile, path: path)]
        report.errors = model.errors
        report.sources[path] = model.lines
        let settings = self.settings(for: path, into: &report)
        var findings = RuleCatalog.check(model, options: settings.ruleOptions)
        grade(&findings, settings)
        let pragmas = Pragmas(model)
        report.suppressed = suppress(&findings, settings, pragma: pragmas.suppresses)
        report.findings = findings
        report.sort()
        return report
    }

    /// What one input is audited with: command-line flags over the configuration file over defaults.
    struct Settings {
        let config: Config
        let profile: Profile
        let ruleOptions: RuleOptions
        let disabled: Set<String>
    }

    /// The settings for an input; a broken configuration file is reported and the defaults used.
    func settings(for path: String, into report: inout Report) -> Settings {
        var config = Config()
        switch self.config(for: path) {
        case .success(let c): config = c
        case .failure(let e): report.errors.append(e)
        }
        report.configuredFailOn = config.failOn
        let profile = options.profile ?? config.profile ?? .baseline
        var ruleOptions = config.ruleOptions
        if let d = options.requireDigest { ruleOptions.requireDigest = d }
        if profile == .restricted { ruleOptions.requireDigest = true }
        return Settings(config: config, profile: profile, ruleOptions: ruleOptions, disabled: config.disabled.union(options.disabled))
    }

    /// Drops disabled rules, applies the profile and then configured severities, and sets fingerprints.
    func grade(_ findings: inout [Finding], _ s: Settings) {
        findings.removeAll { s.disabled.contains($0.ruleID) }
        for i in findings.indices {
            if s.profile == .restricted, let r = RuleCatalog.description(for: findings[i].ruleID)?.restrictedSeverity {
                findings[i].severity = max(findings[i].severity, r)
            }
            if let sev = s.config.severities[findings[i].ruleID] { findings[i].severity = sev }
        }
        Auditor.fingerprint(&findings)
    }

    /// Removes what an inline pragma, the baseline or a scoped configuration ignore hides; returns how many.
    func suppress(_ findings: inout [Finding], _ s: Settings, pragma: (Finding) -> Bool) -> Int {
        let before = findings.count
        findings.removeAll { f in pragma(f) || baselineFingerprints.contains(f.fingerprint) || s.config.ignores.contains { $0.applies(to: f) } }
        return before - findings.count
    }

    static func stripDot(_ p: String) -> String { p.hasPrefix("./") ? String(p.dropFirst(2)) : p }

    /// Today's UTC date as yyyy-mm-dd, computed once and without ICU (DateFormatter costs milliseconds at start-up).
    static let today: String = {
        var t = time(nil)
        var tm = tm()
        gmtime_r(&t, &tm)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(tm.tm_year + 1900)-\(two(tm.tm_mon + 1))-\(two(tm.tm_mday))"
    }()

    static let hexDigits = Array("0123456789abcdef".utf8)
    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for b in bytes { out.append(hexDigits[Int(b >> 4)]); out.append(hexDigits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Fingerprints: rule, path, target name and evidence (never the line), plus an occurrence counter
    /// for identical evidence, so shifting lines elsewhere leaves them unchanged.
    public static func fingerprint(_ findings: inout [Finding]) {
        let order = findings.indices.sorted { (findings[$0].location.line, findings[$0].location.column) < (findings[$1].location.line, findings[$1].location.column) }
        var counts: [String: Int] = [:]
        for i in order {
            let f = findings[i]
            // whitespace runs collapse to one space (only when there is something to collapse)
            let e = f.evidence
            let needsFold = e.utf8.contains(9) || e.utf8.contains(10) || e.containsBytes("  ") || e.hasPrefix(" ") || e.hasSuffix(" ")
            let evidence = needsFold ? e.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ") : e
            let key = [f.ruleID, stripDot(f.target.path), f.target.name ?? "", evidence].joined(separator: "\u{1F}")
            let n = counts[key, default: 0]
            counts[key] = n + 1
            let digest = SHA256.hash(data: Array((key + "\u{1F}\(n)").utf8))
            findings[i].fingerprint = hex(digest.prefix(16))
        }
    }
}
