import BulkheadCore
import BulkheadModel

struct DaemonDebugLogging: Rule {
    static let description = RuleDescription(
        id: "HO012", title: "Daemon logs at debug level", severity: .low, controls: [.loggingAudit], cis: ["2.3"],
        rationale: "At debug level the daemon logs request details (including values meant to stay private) and so much that real events drown; at warn or above, it misses events worth auditing.",
        remediation: "Set \"log-level\": \"info\" (the default).",
        triggering: [Example(#"{"command_line": ["dockerd", "-D"]}↓"#), Example(#"{"daemon_json": {"path": "/etc/docker/daemon.json", "text": "{\"log-level\": \"debug\"}"}}↓"#)],
        nonTriggering: [Example(#"{"daemon_json": {"path": "/etc/docker/daemon.json", "text": "{\"log-level\": \"info\"}"}}"#)])

    func check(_ ctx: HostContext) -> [Finding] {
        if let d = ctx.declaredBool("debug"), d.value {
            return [ctx.finding(Self.description, at: d.origin, "The daemon runs in debug mode.", evidence: "debug true")]
        }
        guard let l = ctx.host.declared("log-level"), let v = l.value.string, !["info", ""].contains(v.lowercased()) else { return [] }
        return [ctx.finding(Self.description, at: l.origin, "The daemon's log level is \(v), not info.", evidence: "log-level \(v)")]
    }
}
