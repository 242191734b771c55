/// What kind of input a finding or error is about (docs/report-format.md).
public enum TargetKind: String, Sendable, Codable, CaseIterable {
    case dockerfile, compose, run, inspect, image, host, daemon, sbom
}

/// The input a finding is about.
public struct Target: Hashable, Sendable, Codable {
    public var kind: TargetKind
    public var path: String
    /// The stage, service, container or image, where there is one.
    public var name: String?
    public init(kind: TargetKind, path: String, name: String? = nil) {
        self.kind = kind; self.path = path; self.name = name
    }
}

/// 1-based place in an input. `path` is a logical path inside a structured document.
public struct Location: Hashable, Sendable, Codable, Comparable {
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var path: String?
    public init(line: Int, column: Int = 1, endLine: Int? = nil, path: String? = nil) {
        self.line = max(1, line); self.column = max(1, column); self.endLine = max(endLine ?? line, line); self.path = path
    }
    public static func < (a: Location, b: Location) -> Bool {
        (a.line, a.column, a.endLine, a.path ?? "") < (b.line, b.column, b.endLine, b.path ?? "")
    }
}

/// One result of one rule. Rules make these; the engine adds fingerprints and filters.
public struct Finding: Hashable, Sendable {
    public var ruleID: String
    public var severity: Severity
    public var message: String
    public var target: Target
    public var location: Location
    /// A short stable string that identifies *what* was found, independent of line numbers
    /// (e.g. the offending instruction text). Used to build the fingerprint.
    public var evidence: String
    public var fingerprint: String = ""
    /// Secret values this finding is about; reporters that echo source lines mask them. Never written out.
    public var sensitive: [String] {
        get { extrasBox?.value.sensitive ?? [] }
        set { extras.sensitive = newValue }
    }
    /// For escape-path findings: the technique, the chain of evidence that enables it, and the one change that breaks it.
    public var escape: EscapePath? {
        get { extrasBox?.value.escape }
        set { extras.escape = newValue }
    }
    /// Controls this finding takes away beyond its rule's own (privileged also turns off seccomp and MAC;
    /// a host network also ends network isolation), so the scorecard and the findings tell one story.
    public var alsoBreaks: [Control] {
        get { extrasBox?.value.alsoBreaks ?? [] }
        set { extras.alsoBreaks = newValue }
    }
    /// The fix for this finding in its own terms (the port it publishes, the command it runs); reporters
    /// show it instead of the rule's general remediation.
    public var fix: String? {
        get { extrasBox?.value.fix }
        set { extras.fix = newValue }
    }
    /// For a finding kept with --show-suppressed: what hid it (an inline ignore, the baseline, an ignore in
    /// the configuration). nil for a reported finding.
    public var suppressedBy: String? {
        get { extrasBox?.value.suppressedBy }
        set { extras.suppressedBy = newValue }
    }
    /// For a known vulnerability in an installed package: the advisory, the package and the fix.
    public var vulnerability: Vulnerability? {
        get { extrasBox?.value.vulnerability }
        set { extras.vulnerability = newValue }
    }

    /// What few findings have, held in one box: a large Dockerfile makes hundreds of thousands of findings
    /// before the per-rule cut, so the struct stays small (about 160 bytes, not 260). An empty box is no box,
    /// so findings compare and hash by what they say.
    struct Extras: Hashable, Sendable {
        var sensitive: [String] = []
        var escape: EscapePath? = nil
        var alsoBreaks: [Control] = []
        var fix: String? = nil
        var suppressedBy: String? = nil
        var vulnerability: Vulnerability? = nil
    }
    var extrasBox: Boxed<Extras>? = nil
    var extras: Extras {
        get { extrasBox?.value ?? Extras() }
        set { extrasBox = newValue == Extras() ? nil : Boxed(newValue) }
    }

    public init(ruleID: String, severity: Severity, message: String, target: Target, location: Location, evidence: String) {
        self.ruleID = ruleID; self.severity = severity; self.message = message
        self.target = target; self.location = location; self.evidence = evidence
    }
}

/// A known vulnerability in one installed package (`vulnerability` in JSON reports).
public struct Vulnerability: Hashable, Sendable {
    public struct Package: Hashable, Sendable {
        /// OSV's ecosystem name (Debian, Alpine, PyPI, npm, Go, Maven, RubyGems, crates.io).
        public var ecosystem: String
        public var name: String
        public var version: String
        /// The source package advisories name (Debian's Source, apk's origin), when it differs.
        public var source: String?
        /// Where it is recorded (`/var/lib/dpkg/status`) and the layer that installed it (its diff_id).
        public var path: String
        public var layer: String?
        public init(ecosystem: String, name: String, version: String, source: String? = nil, path: String, layer: String? = nil) {
            self.ecosystem = ecosystem; self.name = name; self.version = version; self.source = source; self.path = path; self.layer = layer
        }
    }
    public var id: String
    public var aliases: [String]
    public var package: Package
    /// `fixed` (a fixed version exists), `unfixed` (none yet), `wont-fix` (the distribution decided not to, or later).
    public var status: String
    public var fixed: String?
    public var note: String?
    /// The highest-scoring CVSS vector and its base score (nil where only v4.0 or no vector is known).
    public var cvssVector: String?
    public var cvssScore: Double?
    /// The advisory records merged into this one (their ids).
    public var advisories: [String]
    public init(id: String, aliases: [String], package: Package, status: String, fixed: String?, note: String?,
                cvssVector: String?, cvssScore: Double?, advisories: [String]) {
        self.id = id; self.aliases = aliases; self.package = package; self.status = status; self.fixed = fixed; self.note = note
        self.cvssVector = cvssVector; self.cvssScore = cvssScore; self.advisories = advisories
    }
}

/// An input that could not be read, or a part of it.
public struct InputError: Hashable, Sendable, Codable, Error, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String
    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path; self.line = line; self.column = column; self.message = message
    }
    public var description: String {
        var s = path
        if let line { s += ":\(line)" ; if let column { s += ":\(column)" } }
        return s + ": " + message
    }
}

/// A container-escape technique a configuration opens.
public struct EscapePath: Hashable, Sendable {
    public var technique: String
    public var chain: [String]
    public var fix: String
    public init(technique: String, chain: [String], fix: String) { self.technique = technique; self.chain = chain; self.fix = fix }
}

/// An immutable value behind a reference (compared and hashed by value).
final class Boxed<Value: Hashable & Sendable>: Hashable, Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
    static func == (a: Boxed, b: Boxed) -> Bool { a === b || a.value == b.value }
    func hash(into h: inout Hasher) { value.hash(into: &h) }
}
