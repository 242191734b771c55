import BulkheadCore
import BulkheadModel

/// What a host rule sees: the Docker host (what the engine reports, what is declared, files, kernel).
/// Examples are host snapshots (the JSON `bulkhead host --save-snapshot` writes); their ↓ markers count
/// the findings expected.
public struct HostContext: Sendable {
    public let host: HostModel
    public let options: RuleOptions
    public let today: String

    public init(host: HostModel, options: RuleOptions = RuleOptions(), today: String = RuleEnvironment.exampleDay) {
        self.host = host; self.options = options; self.today = today
    }

    public var target: Target { Target(kind: .host, path: host.path) }

    /// A finding about the host; `origin` is where the fact was read (a daemon.json line, `info.SecurityOptions`,
    /// `files[3]`), the host itself when nil.
    public func finding(_ d: RuleDescription, at origin: Origin?, severity: Severity? = nil, _ message: String, evidence: String) -> Finding {
        let o = origin ?? host.origin
        var t = target
        t.path = o.file
        return Finding(ruleID: d.id, severity: severity ?? d.severity, message: message, target: t,
                       location: Location(line: o.line, column: o.column, path: o.path), evidence: evidence)
    }

    /// A boolean daemon setting as declared (command line or daemon.json), with where it was set.
    public func declaredBool(_ key: String) -> (value: Bool, origin: Origin)? {
        guard let d = host.declared(key), let b = d.value.bool else { return nil }
        return (b, d.origin)
    }
}

extension HostModel: Auditable {
    public func subject(_ e: RuleEnvironment) -> HostContext { HostContext(host: self, options: e.options, today: e.today) }
}

extension HostContext: RuleSubject {
    public static let checks = RuleCatalog.checks(over: HostContext.self)
    public static var exampleFormat: TargetKind { .host }
    public static var scorecardControls: Set<Control> { [] }
}

/// Dotted versions as engines, runtimes and kernels write them (`1.1.12`, `1.0.0-rc95`, `27.1.1`, `6.1.76`):
/// numbers compared as numbers, a pre-release (`-rc95`, `-beta.2`) before its release.
public enum DottedVersion {
    /// (numbers, pre-release number or nil).
    static func parts(_ s: String) -> ([Int], Int?)? {
        var v = Substring(s)
        if v.hasPrefix("v") { v = v.dropFirst() }
        let main = v.prefix { $0.isNumber || $0 == "." }
        let nums = main.split(separator: ".").compactMap { Int($0) }
        guard !nums.isEmpty else { return nil }
        let rest = v.dropFirst(main.count)
        var pre: Int? = nil
        if rest.hasPrefix("-rc") || rest.hasPrefix("-beta") || rest.hasPrefix("-alpha") || rest.hasPrefix("~rc") {
            pre = Int(rest.drop { !$0.isNumber }.prefix { $0.isNumber }) ?? 0
        }
        return (nums, pre)
    }

    /// -1, 0, 1; nil when either is not a version.
    public static func compare(_ a: String, _ b: String) -> Int? {
        guard let (x, xp) = parts(a), let (y, yp) = parts(b) else { return nil }
        for i in 0..<max(x.count, y.count) {
            let l = i < x.count ? x[i] : 0, r = i < y.count ? y[i] : 0
            if l != r { return l < r ? -1 : 1 }
        }
        switch (xp, yp) {
        case (nil, nil): return 0
        case (nil, _): return 1
        case (_, nil): return -1
        case let (p?, q?): return p == q ? 0 : (p < q ? -1 : 1)
        }
    }
    public static func lessThan(_ a: String, _ b: String) -> Bool { compare(a, b) == -1 }
}

/// Known flaws of the shared kernel and the runtime that let a container out (or an unprivileged user in),
/// with the versions that fix them. Stable kernel series carry the fix from the version given for that
/// series; a kernel series newer than every listed one has it from its start.
public enum KnownEscapes {
    public struct Flaw: Sendable {
        public let id: String
        public let name: String
        /// Affected from (inclusive), when the flaw was introduced later than the first release.
        public let introduced: String?
        /// Fixed in: per stable series (`5.10` → `5.10.102`), and `""` → the first release of the line that had it
        /// from the start (a version of an unlisted series older than the newest of these was never fixed).
        public let fixed: [String: String]
        public let what: String
        public let severity: Severity

        /// True when `version` has the flaw.
        public func affects(_ version: String) -> Bool {
            if let i = introduced, DottedVersion.lessThan(version, i) { return false }
            guard let (nums, _) = DottedVersion.parts(version) else { return false }
            let series = nums.prefix(2).map(String.init).joined(separator: ".")
            if let f = fixed[series] { return DottedVersion.lessThan(version, f) }
            // a series with no fix of its own: affected when older than the newest fixed release (it was left
            // unfixed); a series newer than every fixed one has the fix from its start
            guard let newest = fixed.values.max(by: { DottedVersion.lessThan($0, $1) }) else { return false }
            return DottedVersion.lessThan(version, newest)
        }
    }

    /// The kernel: the flaws container escapes have used.
    public static let kernel: [Flaw] = [
        Flaw(id: "CVE-2022-0847", name: "Dirty Pipe", introduced: "5.8", fixed: ["5.10": "5.10.102", "5.15": "5.15.25", "5.16": "5.16.11", "": "5.17"],
             what: "overwrites read-only files, including the runc binary or files of other containers' images", severity: .critical),
        Flaw(id: "CVE-2022-0185", name: "fsconfig heap overflow", introduced: "5.1", fixed: ["5.4": "5.4.173", "5.10": "5.10.93", "5.15": "5.15.16", "5.16": "5.16.2", "": "5.17"],
             what: "gives root on the host from a container that may create user namespaces (CAP_SYS_ADMIN in its own namespace)", severity: .high),
        Flaw(id: "CVE-2016-5195", name: "Dirty COW", introduced: nil, fixed: ["3.2": "3.2.83", "3.4": "3.4.113", "3.10": "3.10.104", "3.12": "3.12.66", "3.16": "3.16.38", "3.18": "3.18.44",
                                                                                  "4.1": "4.1.35", "4.4": "4.4.26", "4.7": "4.7.9", "4.8": "4.8.3", "": "4.9"],
             what: "writes read-only memory mappings: root on the host, and escapes through the vDSO", severity: .critical),
    ]

    /// runc, the runtime every container starts through.
    public static let runc: [Flaw] = [
        Flaw(id: "CVE-2019-5736", name: "runc /proc/self/exe overwrite", introduced: nil, fixed: ["": "1.0.0-rc7"],
             what: "a container process overwrites the host's runc binary and runs as root on the host next time runc starts", severity: .critical),
        Flaw(id: "CVE-2021-30465", name: "runc mount symlink race", introduced: nil, fixed: ["": "1.0.0-rc95"],
             what: "a symlink swapped during mount setup bind-mounts a host path into the container", severity: .high),
        Flaw(id: "CVE-2024-21626", name: "Leaky Vessels (runc working directory)", introduced: "1.0.0-rc93", fixed: ["": "1.1.12"],
             what: "a leaked file descriptor lets a container (or an image's WORKDIR) reach the host filesystem", severity: .critical),
        Flaw(id: "CVE-2025-31133", name: "runc maskedPaths race (and CVE-2025-52565, CVE-2025-52881)", introduced: nil,
             fixed: ["1.2": "1.2.8", "1.3": "1.3.3", "": "1.4.0-rc.3"],
             what: "a malicious image or a shared mount redirects runc's writes into /proc, up to a full escape", severity: .high),
    ]

    /// containerd.
    public static let containerd: [Flaw] = [
        Flaw(id: "CVE-2020-15257", name: "containerd-shim abstract socket", introduced: nil, fixed: ["1.3": "1.3.9", "1.4": "1.4.3", "": "1.5"],
             what: "a container on the host network takes over the shim's API and runs processes as root on the host", severity: .high),
        Flaw(id: "CVE-2022-23648", name: "containerd volume path traversal", introduced: nil, fixed: ["1.4": "1.4.13", "1.5": "1.5.10", "1.6": "1.6.1", "": "1.7"],
             what: "an image's volume definition copies host files into the container", severity: .high),
    ]

    /// The engine.
    public static let engine: [Flaw] = [
        Flaw(id: "CVE-2024-41110", name: "authorization plugin bypass", introduced: "19.03", fixed: ["23.0": "23.0.15", "25.0": "25.0.6", "26.0": "26.1.5", "26.1": "26.1.5", "27.0": "27.1.1", "27.1": "27.1.1"],
             what: "a request with an empty body skips the authorization plugin, so the plugin's policy does not hold", severity: .critical),
    ]

    /// Engine lines older than this no longer get fixes from the Moby project.
    public static let oldestMaintainedEngine = "25.0"

    /// The kernel's upstream version where the distribution says it: Debian writes it in the build line
    /// (`… Debian 6.1.76-1 (2024-02-01)`), Ubuntu in /proc/version_signature (`… 5.15.131`); a plain
    /// `6.6.30` release is its own. Nil for distribution kernels whose fixes cannot be told from the number.
    public static func upstreamKernel(release: String, build: String?) -> (version: String, how: String)? {
        if let b = build, let i = b.split(separator: " ").firstIndex(of: "Debian") {
            let words = b.split(separator: " ")
            if i + 1 < words.count {
                let pkg = words[i + 1]
                let v = pkg.prefix { $0.isNumber || $0 == "." }
                if v.split(separator: ".").count >= 3 { return (String(v), "Debian's kernel package \(pkg)") }
            }
        }
        if let b = build, b.hasPrefix("Ubuntu ") || b.contains(" Ubuntu "), let last = b.split(separator: " ").last,
           last.split(separator: ".").count == 3, last.allSatisfy({ $0.isNumber || $0 == "." }) {
            return (String(last), "Ubuntu's version signature")
        }
        // X.Y.Z where Z is not 0 is the upstream stable release it was built from (custom and Fedora-style
        // kernels); X.Y.0 with a suffix is a distribution's ABI number (Debian 6.1.0-18-amd64, Ubuntu
        // 5.15.0-91-generic, RHEL 4.18.0-513.el8), and RHEL-like and Amazon kernels backport by their own numbers
        let head = release.prefix { $0.isNumber || $0 == "." }
        let rest = release.dropFirst(head.count).lowercased()
        let nums = head.split(separator: ".")
        let b = Array(rest.utf8)
        let el = b.indices.contains { i in i + 3 < b.count && b[i] == 46 && b[i + 1] == 101 && b[i + 2] == 108 && (48...57).contains(b[i + 3]) }
        let vendor = rest.contains("amzn") || el || rest.contains("uek")
        if nums.count == 3, !vendor, nums[2] != "0" || rest.isEmpty {
            return (String(head), "the kernel release")
        }
        return nil
    }
}

extension KnownEscapes {
    /// A distribution's build (`1.1.5+ds1`, `1.6.20~ds1`, `20.10.24+dfsg1`, `…-0ubuntu1`), whose fixes are backported under the old number.
    public static func distributionBuild(_ v: String) -> Bool {
        v.contains("+ds") || v.contains("~ds") || v.contains("+dfsg") || v.contains("ubuntu") || v.contains("+deb") || v.contains(".el")
    }

    /// "5.10.102 (5.10 series)" or "1.1.12".
    public static func fixedText(_ f: Flaw, for version: String) -> String {
        let series = DottedVersion.parts(version).map { $0.0.prefix(2).map(String.init).joined(separator: ".") } ?? ""
        if let s = f.fixed[series] { return "\(s) (the \(series) series)" }
        return f.fixed[""] ?? "a later release"
    }
}

/// Audit rules, as auditctl -l prints them or the rules files hold them.
public enum AuditWatch {
    /// True when a rule watches the path: `-w PATH`, or `path=PATH` / `dir=PATH` in a syscall rule.
    public static func watched(_ path: String, _ rules: [String]) -> Bool {
        rules.contains { r in
            let w = r.split(separator: " ").map(String.init)
            return w.indices.contains { i in (w[i] == "-w" && i + 1 < w.count && w[i + 1] == path) || w[i] == "path=\(path)" || w[i] == "dir=\(path)" }
        }
    }
}
