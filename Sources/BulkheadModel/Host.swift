import BulkheadCore

/// A value a daemon setting was given: by daemon.json, by the dockerd command line, or observed by the
/// engine itself (`/info`, `/version`). Effective values come from the engine where it reports them.
public enum SettingValue: Sendable, Equatable {
    case bool(Bool)
    case string(String)
    case number(Double)
    case list([String])
    case object([String: String])

    public var bool: Bool? {
        switch self {
        case .bool(let b): b
        case .string(let s): s == "true" ? true : s == "false" ? false : nil
        default: nil
        }
    }
    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var list: [String] {
        switch self {
        case .list(let l): l
        case .string(let s): [s]
        default: []
        }
    }
    /// As written in evidence: `false`, `"info"`, `["tcp://0.0.0.0:2375"]`.
    public var text: String {
        switch self {
        case .bool(let b): "\(b)"
        case .string(let s): "\"\(s)\""
        case .number(let d): d == d.rounded() && abs(d) < 1e15 ? "\(Int64(d))" : "\(d)"
        case .list(let l): "[" + l.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .object(let o): "{" + o.keys.sorted().map { "\"\($0)\": \"\(o[$0]!)\"" }.joined(separator: ", ") + "}"
        }
    }
}

/// One file or socket of the Docker installation, as `lstat` saw it.
public struct HostFile: Sendable, Equatable {
    /// What the file is to Docker: `engine socket`, `daemon.json`, `TLS key`, `docker.service`, …
    public var role: String
    public var path: String
    public var exists: Bool
    /// `file`, `directory`, `socket`, `symlink`, `other`.
    public var type: String
    public var uid: Int
    public var gid: Int
    /// Permission bits only (0o7777).
    public var mode: Int
    public var owner: String?
    public var group: String?
    public var origin: Origin
    public init(role: String, path: String, exists: Bool, type: String = "file", uid: Int = 0, gid: Int = 0, mode: Int = 0,
                owner: String? = nil, group: String? = nil, origin: Origin) {
        self.role = role; self.path = path; self.exists = exists; self.type = type; self.uid = uid; self.gid = gid; self.mode = mode
        self.owner = owner; self.group = group; self.origin = origin
    }
    /// `0660`.
    public var octal: String {
        let s = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
    /// `root:docker` (numbers where names are unknown).
    public var ownership: String { "\(owner ?? String(uid)):\(group ?? String(gid))" }
    /// Bits set that `allowed` does not allow (`mode & ~allowed`), compared bit by bit, never as numbers.
    public func excess(over allowed: Int) -> Int { mode & ~allowed & 0o7777 }
}

/// A Docker host as bulkhead read it: what the engine reports, what daemon.json and the dockerd command line
/// declare, Docker's files and sockets, audit rules, the data root's mount, the docker group, and the kernel.
/// Containers are separate `ContainerConfig`s (inspect output), audited by the runtime rules.
public struct HostModel: Sendable {
    /// The snapshot file, or the engine it was read from (`unix:///var/run/docker.sock`).
    public var path: String
    /// How the engine was reached.
    public var endpoint: String

    // observed (engine)
    public var serverVersion: Sourced<String>?
    public var apiVersion: String?
    public var kernelVersion: Sourced<String>?
    public var operatingSystem: String?
    /// `/info` SecurityOptions: `name=seccomp,profile=builtin`, `name=rootless`, `name=userns`, `name=apparmor`, …
    public var securityOptions: [Sourced<String>] = []
    public var securityOptionsOrigin: Origin?
    public var cgroupVersion: Sourced<String>?
    public var liveRestore: Sourced<Bool>?
    public var loggingDriver: Sourced<String>?
    public var authorizationPlugins: [Sourced<String>] = []
    public var authorizationOrigin: Origin?
    /// Registries the engine talks to without TLS verification (IndexConfigs with Secure false, and CIDRs
    /// other than the loopback default).
    public var insecureRegistries: [Sourced<String>] = []
    public var experimental: Sourced<Bool>?
    public var storageDriver: Sourced<String>?
    public var swarmState: String?
    public var dockerRootDir: Sourced<String>?
    public var runcVersion: Sourced<String>?
    public var containerdVersion: Sourced<String>?
    public var bridgeNone = false
    public var containerCount: Int?
    public var imageCount: Int?
    /// True when `/info` was read (false: only files and declarations are known).
    public var engineReached = false

    // declared
    public var daemonJSONPath: String?
    /// Top-level daemon.json keys.
    public var daemonJSON: [String: Sourced<SettingValue>] = [:]
    /// The dockerd command line, when it could be seen (`/proc/<pid>/cmdline`).
    public var commandLine: [String]?
    /// Flags of the command line by long name (`host`, `tlsverify`, `icc`), last value winning as in dockerd;
    /// repeatable flags (`host`, `insecure-registry`, `authorization-plugin`) keep every value in order.
    public var flags: [String: [Sourced<String>]] = [:]

    // files and host
    public var files: [HostFile] = []
    /// Docker's files and directories that should be watched by audit rules (CIS 1.1.3–1.1.18), where they
    /// really are on this host (the data root from /info, binaries where dockerd's PATH finds them).
    public var auditTargets: [AuditTarget] = []
    /// Audit rules (auditctl -l, or the rules files), nil when neither could be read.
    public var auditRules: [String]?
    public var auditSource: String?
    /// Whether the data root is on its own filesystem (device differs from that of /), nil when unknown.
    public var dataRootSeparate: Bool?
    public var dataRootMount: String?
    /// Members of the docker group (root-equivalent), nil when /etc/group could not be read.
    public var dockerGroup: [String]?
    /// `uname -r` and the kernel's build line (`#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)`).
    public var kernelRelease: String?
    public var kernelBuild: String?
    /// Whether the host has AppArmor / SELinux enabled at all (nil when unknown).
    public var appArmorEnabled: Bool?
    public var seLinuxEnabled: Bool?
    /// The host's os-release and the dpkg paragraphs of its container stack (runc, containerd, the engine, the
    /// kernel images), as read; the audit turns them into `inventory` and matches `advisories`.
    public var osReleaseText: String?
    public var dpkgStatusText: String?
    /// The container stack's packages as the distribution installed them, for matching by its own fixed versions.
    public var inventory: PackageInventory?
    /// Advisories from the database that name those packages (empty without a database).
    public var advisories: [Advisory] = []
    /// What could not be read, said once each.
    public var notes: [String] = []

    public init(path: String, endpoint: String) { self.path = path; self.endpoint = endpoint }

    public var origin: Origin { Origin(file: path, line: 1, path: "host") }

    /// A setting as declared: the command line first (dockerd refuses a flag also set in daemon.json, so at
    /// most one of them holds it), then daemon.json.
    public func declared(_ key: String) -> Sourced<SettingValue>? {
        if let f = flags[key]?.last { return Sourced(.string(f.value), f.origin) }
        return daemonJSON[key]
    }
    /// Every value of a list setting (`hosts`, `insecure-registries`), from the command line and daemon.json.
    public func declaredList(_ jsonKey: String, flag: String) -> [Sourced<String>] {
        var out = flags[flag] ?? []
        if let j = daemonJSON[jsonKey] { out += j.value.list.map { Sourced($0, j.origin) } }
        return out
    }
    public func hasSecurityOption(_ name: String) -> Bool {
        securityOptions.contains { $0.value == "name=\(name)" || $0.value.hasPrefix("name=\(name),") }
    }
    /// `/info` SecurityOptions entry of a name (`seccomp` → `name=seccomp,profile=builtin`).
    public func securityOption(_ name: String) -> Sourced<String>? {
        securityOptions.first { $0.value == "name=\(name)" || $0.value.hasPrefix("name=\(name),") }
    }
    public var rootless: Bool { hasSecurityOption("rootless") }
    public func file(role: String) -> HostFile? { files.first { $0.role == role } }
}

/// A path that audit rules should watch, with the CIS recommendation that asks for it.
public struct AuditTarget: Sendable, Equatable {
    public var cis: String
    public var path: String
    public var exists: Bool
    public init(cis: String, path: String, exists: Bool) { self.cis = cis; self.path = path; self.exists = exists }
}
