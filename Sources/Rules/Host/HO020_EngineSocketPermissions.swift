import BulkheadCore
import BulkheadModel

struct EngineSocketPermissions: Rule {
    static let description = RuleDescription(
        id: "HO020", title: "Engine socket open to more than root and the docker group", severity: .high, controls: [.hostFiles], cis: ["3.15", "3.16"],
        rationale: """
        Whoever can write to the engine socket is root on the host. It should be owned by root, group docker, mode 660 \
        or stricter. Modes are compared bit by bit: 0477 is not "less than 644", it is writable by everyone.
        """,
        remediation: "chown root:docker /var/run/docker.sock && chmod 660 /var/run/docker.sock (for systemd, SocketMode=0660 and SocketGroup=docker in docker.socket).",
        triggering: [
            Example(#"{"files": [{"role": "engine socket", "path": "/var/run/docker.sock", "type": "socket", "uid": 0, "gid": 999, "mode": "0666", "owner": "root", "group": "docker"}]}↓"#),
            Example(#"{"files": [{"role": "engine socket", "path": "/srv/docker.sock", "type": "socket", "uid": 1000, "gid": 1000, "mode": "0660", "owner": "alice", "group": "alice"}]}↓"#),
        ],
        nonTriggering: [
            Example(#"{"files": [{"role": "engine socket", "path": "/var/run/docker.sock", "type": "socket", "uid": 0, "gid": 999, "mode": "0660", "owner": "root", "group": "docker"}]}"#),
            Example(#"{"info": {"SecurityOptions": ["name=rootless"]}, "files": [{"role": "engine socket", "path": "/run/user/1000/docker.sock", "type": "socket", "uid": 1000, "gid": 1000, "mode": "0660", "owner": "alice", "group": "alice"}]}"#),
        ],
        grades: .medium ... .critical)

    func check(_ ctx: HostContext) -> [Finding] {
        guard let f = ctx.host.file(role: "engine socket"), f.exists else { return [] }
        if f.excess(over: 0o660) & 0o007 != 0 {
            return [ctx.finding(Self.description, at: f.origin, severity: .critical, "\(f.path) is mode \(f.octal): every local user can use the engine, which is root on the host.", evidence: "\(f.path) \(f.octal)")]
        }
        var problems: [String] = []
        if f.excess(over: 0o660) != 0 { problems.append("mode \(f.octal) (660 or stricter expected)") }
        // a rootless engine's socket belongs to its user
        if !ctx.host.rootless {
            if f.uid != 0 { problems.append("owner \(f.owner ?? String(f.uid)) (root expected): that user controls the engine") }
            if f.gid != 0 && f.group != "docker" { problems.append("group \(f.group ?? String(f.gid)) (docker or root expected): its members control the engine") }
        }
        guard !problems.isEmpty else { return [] }
        return [ctx.finding(Self.description, at: f.origin, "\(f.path) (\(f.ownership) \(f.octal)) has " + problems.joined(separator: "; ") + ".", evidence: "\(f.path) \(f.ownership) \(f.octal)")]
    }
}
