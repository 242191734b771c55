import BulkheadCore
import BulkheadModel

struct DaemonICC: Rule {
    static let description = RuleDescription(
        id: "HO003", title: "Containers on the default bridge may talk to each other", severity: .low, controls: [.hostDaemon, .networkExposure], cis: ["2.2"],
        rationale: """
        On the default bridge every container reaches every other container's ports, published or not: one compromised \
        container can probe and attack the rest. User-defined networks isolate by network; on the default bridge only \
        --icc=false does.
        """,
        remediation: "Set \"icc\": false in daemon.json, and put containers that must talk on user-defined networks.",
        triggering: [Example(#"{"info": {"ServerVersion": "27.1.1"}, "command_line": ["dockerd"]}↓"#)],
        nonTriggering: [
            Example(#"{"info": {"ServerVersion": "27.1.1"}, "daemon_json": {"path": "/etc/docker/daemon.json", "text": "{\"icc\": false}"}}"#),
            Example(#"{"info": {"ServerVersion": "27.1.1"}, "command_line": ["dockerd", "--bridge=none"]}"#),
            Example(#"{"files": []}"#),
        ])

    func check(_ ctx: HostContext) -> [Finding] {
        let h = ctx.host
        guard h.engineReached || h.commandLine != nil || !h.daemonJSON.isEmpty, !h.bridgeNone else { return [] }
        if let icc = ctx.declaredBool("icc"), !icc.value { return [] }
        let at = ctx.declaredBool("icc")?.origin
        return [ctx.finding(Self.description, at: at, "Inter-container traffic on the default bridge is allowed (icc is not false).", evidence: "icc true")]
    }
}
