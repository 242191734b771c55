import BulkheadCore
import BulkheadModel

struct DaemonNewPrivileges: Rule {
    static let description = RuleDescription(
        id: "HO008", title: "Containers may gain privileges by default", severity: .low, controls: [.hostDaemon, .runtimeNoNewPrivileges], cis: ["2.14"],
        rationale: "Unless each container sets no-new-privileges, setuid binaries in an image can raise a process to root inside the container. The daemon can make that the default for every container.",
        remediation: "Set \"no-new-privileges\": true in daemon.json (containers that need setuid can still ask for it).",
        triggering: [Example(#"{"info": {"ServerVersion": "27.1.1"}, "daemon_json": {"path": "/etc/docker/daemon.json", "text": "{\"log-level\": \"info\"}"}}↓"#)],
        nonTriggering: [Example(#"{"info": {"ServerVersion": "27.1.1"}, "daemon_json": {"path": "/etc/docker/daemon.json", "text": "{\"no-new-privileges\": true}"}}"#)])

    func check(_ ctx: HostContext) -> [Finding] {
        let h = ctx.host
        guard h.engineReached || h.commandLine != nil || !h.daemonJSON.isEmpty else { return [] }
        if ctx.declaredBool("no-new-privileges")?.value == true { return [] }
        return [ctx.finding(Self.description, at: h.declared("no-new-privileges")?.origin, "no-new-privileges is not the daemon's default: every container that does not set it may gain privileges through setuid files.", evidence: "no-new-privileges false")]
    }
}
