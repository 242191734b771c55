import BulkheadCore
import BulkheadModel

struct DaemonLiveRestoreOff: Rule {
    static let description = RuleDescription(
        id: "HO005", title: "Live restore is off", severity: .low, controls: [.hostDaemon], cis: ["2.15"],
        rationale: "Without live restore, stopping or upgrading the daemon stops every container, so security updates of the engine get postponed to avoid downtime.",
        remediation: "Set \"live-restore\": true in daemon.json (not with swarm mode, which does not support it).",
        triggering: [Example(#"{"info": {"LiveRestoreEnabled": false, "Swarm": {"LocalNodeState": "inactive"}}}↓"#)],
        nonTriggering: [
            Example(#"{"info": {"LiveRestoreEnabled": true}}"#),
            Example(#"{"info": {"LiveRestoreEnabled": false, "Swarm": {"LocalNodeState": "active"}}}"#),
        ])

    func check(_ ctx: HostContext) -> [Finding] {
        guard let l = ctx.host.liveRestore, !l.value, ctx.host.swarmState != "active" else { return [] }
        return [ctx.finding(Self.description, at: l.origin, "Live restore is off: restarting the daemon (for an upgrade) stops every container.", evidence: "live-restore false")]
    }
}
