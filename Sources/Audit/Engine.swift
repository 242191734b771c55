import BulkheadCore
import BulkheadModel
import Crypto
import Foundation
import Rules

/// What to audit and how. Command-line values win over the configuration file.
public struct AuditOptions: Sendable {
    public var buildArgs: [String: String] = [:]
    /// Where Dockerfiles' build contexts are (`dockerfile --context`, `scan`); none: COPY . is not judged.
    public var buildContext: BuildContextChoice = .none
    /// --config; nil means look for .bulkhead.yml upward from each input (unless `configLookup` is off).
    public var configPath: String?
    /// False: no configuration file at all (tests, golden fixtures).
    public var configLookup = true
    public var profile: Profile?
    public var baseline: Baseline?
    public var excludes: [String] = []
    /// Canonical rule ids (resolve words with `RuleCatalog.canonicalIDs` when reading them).
    public var disabled: Set<String> = []
    public var requireDigest: Bool?
    /// Known vulnerabilities without a published fix are left out (`--ignore-unfixed`).
    public var ignoreUnfixed = false
    /// VEX statements (`--vex`): the vulnerabilities they say do not affect a package are suppressed.
    public var vex: [VEXStatement] = []
    /// Daemon-wide defaults (--daemon-config daemon.json).
    public var daemon = DaemonDefaults()
    /// Missing deploy-time inputs are errors (`docker compose config` behaviour) rather than warnings.
    public var strict = false
    /// Keep suppressed findings in `Report.suppressedFindings`, each saying what hid it (--show-suppressed).
    public var keepSuppressed = false
    /// At most this many findings of one rule per target are listed (the most severe first); the rest are
    /// counted in a warning. 0: no limit. Bounds memory and output on pathological inputs (a 16 MiB
    /// Dockerfile of 200,000 RUN lines would otherwise list 350,000 findings).
    public var maxPerRule = AuditOptions.defaultMaxPerRule
    public static let defaultMaxPerRule = 1000
    public init() {}
}

/// The result of a run: sorted findings, suppression count, errors, warnings, and the descriptions of the
/// rules, so reporters need nothing else. Pure data.
public struct Report: Sendable {
    public var targets: [Target] = []
    public var findings: [Finding] = []
    public var suppressed: Int = 0
    /// Findings found but not listed because their rule passed --max-per-rule in one target.
    public var omitted: Int = 0
    public var errors: [InputError] = []
    /// Problems that did not stop the audit (an unknown rule id in an inline ignore, …).
    public var warnings: [InputError] = []
    /// Suppressed findings, kept only when asked (--show-suppressed); each has `suppressedBy`.
    public var suppressedFindings: [Finding] = []
    /// Source lines per path, for reporters that show code.
    public var sources: [String: [String]] = [:]
    /// Source texts not split into lines yet (compose files); `lines(of:)` splits on demand.
    public var sourceTexts: [String: String] = [:]
    /// Defense-in-depth scorecards, one per subject that has them (service or container).
    public var scorecards: [Scorecard] = []
    /// CIS Docker Benchmark statuses, for a host audit (`bulkhead host`); empty otherwise.
    public var benchmark: [BenchmarkItem] = []
    /// The benchmark version its ids follow.
    public var benchmarkVersion: CISVersion? = nil
    /// The threshold the configuration asked for, if any (the CLI decides).
    public var configuredFailOn: Severity?? = nil
    /// Every rule's description, sorted by id: SARIF rule metadata, remediation text, explain links.
    public var rules: [RuleDescription] = RuleCatalog.descriptions
    public init() {}

    public func lines(of path: String) -> [String] {
        if let l = sources[path] { return l }
        guard let t = sourceTexts[path] else { return [] }
        return t.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
    }

    /// Rule id → description (build once per rendering).
    public var ruleIndex: [String: RuleDescription] { Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) }

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
        suppressedFindings.sort { ($0.target.path, $0.location.line, $0.ruleID) < ($1.target.path, $1.location.line, $1.ruleID) }
        findings = keyed.sorted { x, y in
            let (ra, a) = x, (rb, b) = y
            if ra != rb { return ra < rb }
            if a.location.line != b.location.line { return a.location.line < b.location.line }
            if a.location.column != b.location.column { return a.location.column < b.location.column }
            if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
            return a.message < b.message
        }.map(\.1)
        targets.sort { ($0.path, $0.kind.rawValue) < ($1.path, $1.kind.rawValue) }
        let byPlace: (InputError, InputError) -> Bool = { ($0.path, $0.line ?? 0, $0.column ?? 0, $0.message) < ($1.path, $1.line ?? 0, $1.column ?? 0, $1.message) }
        errors.sort(by: byPlace)
        warnings.sort(by: byPlace)
        // one configuration file warns once, however many inputs it applies to
        var seen = Set<InputError>()
        warnings = warnings.filter { seen.insert($0).inserted }
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
        targets += other.targets; findings += other.findings; suppressed += other.suppressed; omitted += other.omitted; errors += other.errors
        suppressedFindings += other.suppressedFindings
        warnings += other.warnings
        scorecards += other.scorecards
        sources.merge(other.sources) { a, _ in a }
        sourceTexts.merge(other.sourceTexts) { a, _ in a }
        if configuredFailOn == nil { configuredFailOn = other.configuredFailOn }
    }
}

/// What grading, suppression and the per-rule cut counted while the rules ran (rules may run side by side).
final class Tally: @unchecked Sendable {
    struct Part {
        var suppressed = 0
        var suppressedFindings: [Finding] = []
        var omitted = 0
        var warnings: [InputError] = []
    }
    private let lock = NSLock()
    private var sum = Part()
    private var ignored = Set<String>()
    func add(_ p: Part, _ rules: Set<String>) {
        lock.lock(); defer { lock.unlock() }
        sum.suppressed += p.suppressed; sum.suppressedFindings += p.suppressedFindings
        sum.omitted += p.omitted; sum.warnings += p.warnings
        ignored.formUnion(rules)
    }
    var total: Part { lock.lock(); defer { lock.unlock() }; return sum }
    var ignoredRules: Set<String> { lock.lock(); defer { lock.unlock() }; return ignored }
}

/// The one pipeline: input → settings → rules over each subject → grading → suppression (inline ignores,
/// baseline, configured ignores) → scorecards → one sort → Report. Readers are reached through `readers`.
public final class Auditor: @unchecked Sendable {
    public let options: AuditOptions
    public let io: IO
    public let readers: Readers
    private var configCache: [String: Result<Config, InputError>] = [:]
    private let lock = NSLock()
    private let explicitConfig: Result<Config, InputError>?
    /// The baseline's fingerprints, built once.
    private let baselineFingerprints: Set<String>

    public init(options: AuditOptions, io: IO) {
        self.options = options
        self.io = io
        self.readers = Readers(io: io, buildArgs: options.buildArgs, strict: options.strict, buildContext: options.buildContext)
        self.baselineFingerprints = options.baseline?.fingerprints ?? []
        if let p = options.configPath {
            do { explicitConfig = .success(try Config.load(path: p, files: io.files)) } catch { explicitConfig = .failure(error) }
        } else { explicitConfig = options.configLookup ? nil : .success(Config()) }
    }

    /// The configuration that applies to an input path.
    public func config(for path: String) -> Result<Config, InputError> {
        if let e = explicitConfig { return e }
        let dir = path == "-" ? io.files.currentDirectory : Paths.directory(path)
        let key = dir.isEmpty ? "." : dir
        lock.lock(); defer { lock.unlock() }
        if let c = configCache[key] { return c }
        let r: Result<Config, InputError>
        if let p = Config.find(from: key, files: io.files) {
            do { r = .success(try Config.load(path: p, files: io.files)) } catch { r = .failure(error) }
        } else { r = .success(Config()) }
        configCache[key] = r
        return r
    }

    /// Reads and audits files, in parallel, returning one sorted report.
    public func audit(paths: [(String, TargetKind)]) -> Report {
        var report = Report()
        for r in paths.concurrentMap({ p in
            let input = readers.read(p.0, as: p.1)
            let r = audit(input, sorted: false)
            Self.letGo(input)
            return r
        }) { report.merge(r) }
        report.sort()
        return report
    }

    /// An input that has been audited, freed on another thread: the report goes on being made and written
    /// meanwhile (a 16 MiB Dockerfile's model took 60 ms to take apart, alone at the end of the run).
    static func letGo(_ input: consuming AuditInput) {
        let held = input
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(held) {} }
    }

    /// Audits what one reader produced.
    public func audit(_ input: AuditInput) -> Report { audit(input, sorted: true) }

    func audit(_ input: AuditInput, sorted: Bool) -> Report {
        var report = Report()
        report.targets = input.targets
        report.errors = input.errors
        report.warnings = input.warnings
        report.sources = input.lines
        report.sourceTexts = input.texts
        let settings = self.settings(for: input.configAnchor, into: &report)
        let ignores = InlineIgnoreSet(input.ignores, warnings: &report.warnings)
        let environment = RuleEnvironment(options: settings.ruleOptions, daemon: options.daemon, today: settings.today)
        for model in input.subjects {
            let subject = model.subject(environment)
            // each rule's findings are graded, suppressed and cut as the rule hands them over (rules may run
            // side by side, so what is counted on the way goes through a lock)
            let tally = Tally()
            var findings = subject.runRules { [self] in RuleCollector(auditor: self, settings: settings, ignores: ignores, tally: tally) }
            let part = tally.total
            report.suppressed += part.suppressed
            report.suppressedFindings += part.suppressedFindings
            report.omitted += part.omitted
            report.warnings += part.warnings
            Auditor.explainIgnoredEscapes(&findings, ignoredRules: tally.ignoredRules)
            let assessed = type(of: subject).scorecardControls
            if !assessed.isEmpty {
                report.scorecards.append(Scorecard.build(target: subject.target, findings: findings, assessed: assessed) { Auditor.controlsByRule[$0] ?? [] })
            }
            report.findings += findings
        }
        if sorted { report.sort() }
        return report
    }

    /// Keeps the `n` most severe (then first) findings of each rule and target; says in a warning how many
    /// more there were, so the count is never lost.
    static func limit(_ findings: inout [Finding], perRule n: Int, into part: inout Tally.Part) {
        guard findings.count > n else { return }
        var counts: [String: Int] = [:]
        // known vulnerabilities are one per package and advisory, bounded by what is installed: all are listed
        for i in findings.indices where findings[i].vulnerability == nil { counts[findings[i].ruleID, default: 0] += 1 }
        let over = Set(counts.filter { $0.value > n }.keys)
        guard !over.isEmpty else { return }
        // indices only (a finding is a large value): rule → indices by severity, most severe first, in the rules' order
        var of: [String: [[Int]]] = [:]
        for i in findings.indices where over.contains(findings[i].ruleID) {
            of[findings[i].ruleID, default: Array(repeating: [], count: Severity.allCases.count)][Severity.allCases.count - 1 - findings[i].severity.rawValue].append(i)
        }
        var dropped = [Bool](repeating: false, count: findings.count)
        for id in over.sorted() {
            let buckets = of[id]!
            var listed = 0, first: Int? = nil
            for b in buckets {
                for i in b {
                    if listed < n { listed += 1; if first == nil { first = i } } else { dropped[i] = true }
                }
            }
            let total = buckets.reduce(0) { $0 + $1.count }
            let f = findings[first!]
            part.omitted += total - n
            part.warnings.append(InputError(path: f.target.path, message: "\(id) was found \(total) times\(f.target.name.map { " in \($0)" } ?? ""); \(n) are listed (the most severe first), \(total - n) more are not (--max-per-rule 0 lists them all)"))
        }
        var keep: [Finding] = []
        keep.reserveCapacity(findings.count - dropped.count { $0 })
        for i in findings.indices where !dropped[i] { keep.append(findings[i]) }
        findings = keep
    }

    static let controlsByRule: [String: [Control]] = Dictionary(uniqueKeysWithValues: RuleCatalog.descriptions.map { ($0.id, $0.controls) })
    static let restrictedSeverity: [String: Severity] = Dictionary(uniqueKeysWithValues: RuleCatalog.descriptions.compactMap { d in d.restrictedSeverity.map { (d.id, $0) } })

    /// What one input is audited with: command-line flags over the configuration file over defaults.
    struct Settings {
        let config: Config
        let profile: Profile
        let ruleOptions: RuleOptions
        let disabled: Set<String>
        let today: String
    }

    /// The settings for an input; a broken configuration file is reported and the defaults used.
    func settings(for path: String, into report: inout Report) -> Settings {
        var config = Config()
        switch self.config(for: path) {
        case .success(let c): config = c
        case .failure(let e): report.errors.append(e)
        }
        report.configuredFailOn = config.failOn
        // an ignore that has expired says so, instead of silently letting findings back in
        for ig in config.ignores {
            if let e = ig.expires, e < io.clock.today, let path = config.path {
                report.warnings.append(InputError(path: path, line: ig.line, message: "the ignore of \(ig.written) expired on \(e); its findings are reported again"))
            }
        }
        let profile = options.profile ?? config.profile ?? .baseline
        var ruleOptions = config.ruleOptions
        if let d = options.requireDigest { ruleOptions.requireDigest = d }
        if options.ignoreUnfixed { ruleOptions.ignoreUnfixed = true }
        if profile == .restricted { ruleOptions.requireDigest = true }
        return Settings(config: config, profile: profile, ruleOptions: ruleOptions, disabled: config.disabled.union(options.disabled), today: io.clock.today)
    }

    /// Drops disabled rules, applies the profile and then configured severities, and sets fingerprints.
    func grade(_ findings: inout [Finding], _ s: Settings) {
        if !s.disabled.isEmpty { findings.removeAll { s.disabled.contains($0.ruleID) } }
        for i in findings.indices { regrade(&findings[i], s) }
        Auditor.fingerprintKeys(&findings)
        // the baseline compares fingerprints, so they are needed before suppression; otherwise only the
        // findings that are listed get hashed (see `limit`)
        if !baselineFingerprints.isEmpty { Auditor.hashFingerprints(&findings) }
    }

    /// Removes what an inline ignore, the baseline or a scoped configuration ignore hides, counting it in
    /// `part` (and keeping it there with --show-suppressed); returns the rules something was hidden of.
    func suppress(_ findings: inout [Finding], _ s: Settings, _ ignores: InlineIgnoreSet, into part: inout Tally.Part) -> Set<String> {
        let before = findings.count
        var ignoredRules = Set<String>()
        var kept: [Finding] = []
        findings.removeAll { f in
            guard let by = suppression(of: f, s, ignores) else { return false }
            ignoredRules.insert(f.ruleID)
            if options.keepSuppressed { var k = f; k.suppressedBy = by; kept.append(k) }
            return true
        }
        Auditor.hashFingerprints(&kept)  // once, as they are kept (without a baseline they hold only their keys)
        part.suppressedFindings += kept
        part.suppressed += before - findings.count
        return ignoredRules
    }

    /// What hides a finding (an inline ignore, the baseline, a scoped configuration ignore, a VEX statement), if anything.
    func suppression(of f: Finding, _ s: Settings, _ ignores: InlineIgnoreSet) -> String? {
        if ignores.suppresses(f) { return "an inline ignore" }
        if !baselineFingerprints.isEmpty && baselineFingerprints.contains(f.fingerprint) { return "the baseline" }
        if let ig = s.config.ignores.first(where: { $0.applies(to: f, today: s.today) }) {
            return "an ignore in \(s.config.path ?? "the configuration")" + (ig.reason.map { ": \($0)" } ?? "")
        }
        if f.vulnerability != nil, let v = options.vex.first(where: { $0.applies(to: f) }) { return v.reason }
        return nil
    }

    /// The profile's and the configuration's severity for a finding.
    func regrade(_ f: inout Finding, _ s: Settings) {
        if s.profile == .restricted, let r = Auditor.restrictedSeverity[f.ruleID] { f.severity = max(f.severity, r) }
        if !s.config.severities.isEmpty, let sev = s.config.severities[f.ruleID] { f.severity = sev }
    }

    var hasBaseline: Bool { !baselineFingerprints.isEmpty }

    /// An escape path whose enabling finding was ignored is still reported; its message says why.
    static func explainIgnoredEscapes(_ findings: inout [Finding], ignoredRules: Set<String>) {
        guard !ignoredRules.isEmpty else { return }
        for i in findings.indices {
            guard let under = Auditor.escapeEnabledBy[findings[i].ruleID] else { continue }
            let ignored = under.filter(ignoredRules.contains)
            if !ignored.isEmpty {
                findings[i].message += " (\(ignored.joined(separator: ", ")) is ignored here, but the escape path it opens is reported on its own: ignore \(findings[i].ruleID) as well to accept it.)"
            }
        }
    }

    /// The rules whose findings open each escape path (from the escape rules' own descriptions).
    static let escapeEnabledBy: [String: [String]] = Dictionary(uniqueKeysWithValues: RuleCatalog.descriptions.compactMap { d in
        d.enabledBy.isEmpty ? nil : (d.id, d.enabledBy)
    })

    /// True when evidence has a tab, a newline, two spaces in a row, or a space at either end (one pass).
    static func needsFold(_ e: String) -> Bool {
        var previousSpace = true  // a leading space counts as a run
        for b in e.utf8 {
            if b == 9 || b == 10 { return true }
            if b == 32 { if previousSpace { return true }; previousSpace = true } else { previousSpace = false }
        }
        return previousSpace && !e.isEmpty
    }

    static func stripDot(_ p: String) -> String { p.hasPrefix("./") ? String(p.dropFirst(2)) : p }

    /// Turns what `fingerprintKeys` left in `fingerprint` (the occurrence number) into the hash of the finding's
    /// key: rule, path, target name, evidence and occurrence. Done for the findings that are listed only, so a
    /// rule that fires 170,000 times builds 1,000 keys, not 170,000.
    static func hashFingerprints(_ findings: inout [Finding]) {
        for i in findings.indices where findings[i].fingerprint.utf8.first == 0x1E {
            let key = fingerprintKey(findings[i], occurrence: findings[i].fingerprint.dropFirst())
            let digest = SHA256.hash(data: Array(key.utf8))
            findings[i].fingerprint = digest.withUnsafeBytes { Hex.encode(UnsafeRawBufferPointer(rebasing: $0.prefix(16))) }
        }
    }

    /// Whitespace runs in evidence collapse to one space (only when there is something to collapse).
    static func foldedEvidence(_ e: String) -> String {
        needsFold(e) ? e.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ") : e
    }

    static func fingerprintKey(_ f: Finding, occurrence: Substring) -> String {
        "\(f.ruleID)\u{1F}\(stripDot(f.target.path))\u{1F}\(f.target.name ?? "")\u{1F}\(foldedEvidence(f.evidence))\u{1F}\(occurrence)"
    }

    /// Fingerprints: rule, path, target name and evidence (never the line), plus an occurrence counter
    /// for identical evidence, so shifting lines elsewhere leaves them unchanged. This counts occurrences
    /// and leaves U+001E and the number in `fingerprint`, a short inline string; `hashFingerprints` makes the
    /// key and its hash. Occurrences are counted by `occurrenceHash`, so nothing is built per finding.
    static func fingerprintKeys(_ findings: inout [Finding]) {
        var order = Array(findings.indices)
        order.sort { (findings[$0].location.line, findings[$0].location.column) < (findings[$1].location.line, findings[$1].location.column) }
        var counts: [Int: Int] = [:]
        for i in order {
            let h = occurrenceHash(findings[i])
            let n = counts[h, default: 0]
            counts[h] = n + 1
            findings[i].fingerprint = "\u{1E}\(n)"
        }
    }

    /// A 64-bit hash of what makes two findings the same for their fingerprint (rule, path, target name,
    /// evidence with its whitespace folded), built without making the key. Within one rule's findings on
    /// one input, two different keys share a hash with odds of about n²/2⁶⁵ (10⁻⁹ for 170,000 findings);
    /// then one of them would count one occurrence too many. Both ways of counting use this same hash.
    static func occurrenceHash(_ f: Finding) -> Int {
        var h = occurrencePrefix(f)
        combineEvidence(f.evidence, into: &h)
        return h.finalize()
    }
    /// The hash's first part: rule, path and target name.
    static func occurrencePrefix(_ f: Finding) -> OccurrenceHasher {
        var h = OccurrenceHasher()
        h.combine(f.ruleID)
        h.combine(f.target.path.hasPrefix("./") ? String(f.target.path.dropFirst(2)) : f.target.path)
        h.combine(f.target.name ?? "")
        return h
    }
    static func combineEvidence(_ e: String, into h: inout OccurrenceHasher) { h.combine(needsFold(e) ? foldedEvidence(e) : e) }
}
