import BulkheadCore
import BulkheadModel

struct DockerFilePermissions: Rule {
    static let description = RuleDescription(
        id: "HO021", title: "Docker configuration, certificate or unit file with a loose owner or mode", severity: .medium, controls: [.hostFiles],
        cis: ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.17", "3.18", "3.19", "3.20", "3.21", "3.22", "3.23", "3.24"],
        rationale: """
        daemon.json, the units and /etc/docker decide how the root-owned daemon runs; whoever may write them chooses its \
        flags (a TCP listener, no TLS). The TLS key proves the engine's identity; whoever may read it can impersonate it. \
        Each is expected to be root-owned with the mode CIS gives (644 for configuration and units, 755 for /etc/docker, \
        444 for certificates, 400 for keys, 660 for containerd's socket), compared bit by bit.
        """,
        remediation: "chown root:root the file and chmod it to the expected mode (chmod 400 for keys, 444 for certificates, 644 for configuration).",
        triggering: [
            Example(#"{"files": [{"role": "daemon.json", "path": "/etc/docker/daemon.json", "type": "file", "uid": 0, "gid": 0, "mode": "0666", "owner": "root", "group": "root"}]}↓"#),
            Example(#"{"files": [{"role": "TLS server key", "path": "/etc/docker/key.pem", "type": "file", "uid": 0, "gid": 0, "mode": "0644", "owner": "root", "group": "root"}]}↓"#),
            Example(#"{"files": [{"role": "docker.service", "path": "/lib/systemd/system/docker.service", "type": "file", "uid": 1000, "gid": 0, "mode": "0477", "owner": "alice", "group": "root"}]}↓"#),
        ],
        nonTriggering: [
            Example(#"{"files": [{"role": "daemon.json", "path": "/etc/docker/daemon.json", "type": "file", "uid": 0, "gid": 0, "mode": "0600", "owner": "root", "group": "root"}, {"role": "/etc/docker", "path": "/etc/docker", "type": "directory", "uid": 0, "gid": 0, "mode": "0755"}, {"role": "TLS server key", "path": "/etc/docker/key.pem", "uid": 0, "gid": 0, "mode": "0400"}]}"#),
            Example(#"{"files": [{"role": "daemon.json", "path": "/etc/docker/daemon.json", "exists": false}]}"#),
        ],
        grades: .low ... .high)

    /// Role → the widest mode allowed, and whether others reading it is itself a problem (keys).
    static let expected: [String: (mode: Int, secret: Bool)] = [
        "daemon.json": (0o644, false), "/etc/docker": (0o755, false), "docker.service": (0o644, false), "docker.socket": (0o644, false),
        "/etc/default/docker": (0o644, false), "/etc/sysconfig/docker": (0o644, false), "containerd socket": (0o660, false),
        "TLS CA certificate": (0o444, false), "TLS server certificate": (0o444, false), "TLS server key": (0o400, true),
        "registry certificate": (0o444, false), "registry certificate key": (0o400, true), "rootless configuration": (0o755, false),
    ]

    func check(_ ctx: HostContext) -> [Finding] {
        var out: [Finding] = []
        for f in ctx.host.files where f.exists && f.type != "symlink" {
            guard let e = Self.expected[f.role] else { continue }
            let extra = f.excess(over: e.mode)
            var problems: [String] = []
            var severity = Severity.low
            if extra & 0o002 != 0 { problems.append("writable by every user"); severity = .high }
            if e.secret && extra & 0o044 != 0 { problems.append("readable by \(extra & 0o004 != 0 ? "every user" : "its group"): a private key"); severity = .high }
            if extra & 0o020 != 0 { problems.append("writable by its group \(f.group ?? String(f.gid))"); severity = max(severity, .medium) }
            if problems.isEmpty && extra != 0 { problems.append("mode \(f.octal) where \(String(e.mode, radix: 8)) or stricter is expected") }
            let rootlessOwn = f.role == "rootless configuration" || ctx.host.rootless && f.role == "daemon.json"
            if f.uid != 0 && !rootlessOwn { problems.append("owned by \(f.owner ?? String(f.uid)), not root"); severity = max(severity, .medium) }
            guard !problems.isEmpty else { continue }
            out.append(ctx.finding(Self.description, at: f.origin, severity: severity, "\(f.role == f.path ? f.path : "\(f.role) \(f.path)") (\(f.ownership) \(f.octal)) is " + problems.joined(separator: "; ") + ".",
                                   evidence: "\(f.path) \(f.ownership) \(f.octal)"))
        }
        return out
    }
}
