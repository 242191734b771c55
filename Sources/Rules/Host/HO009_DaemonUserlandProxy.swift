import BulkheadCore
import BulkheadModel

struct DaemonUserlandProxy: Rule {
    static let description = RuleDescription(
        id: "HO009", title: "The userland proxy is on", severity: .info, controls: [.hostDaemon], cis: ["2.16"],
        rationale: "docker-proxy runs a process per published port and widens what listens on the host; with iptables doing the forwarding it is not needed (hairpin NAT covers loopback).",
        remediation: "Set \"userland-proxy\": false in daemon.json where the kernel's hairpin NAT is available.",
        triggering: [Example(#"{"info": {"ServerVersion": "27.1.1"}, "command_line": ["dockerd"]}↓"#)],
        nonTriggering: [Example(#"{"info": {"ServerVersion": "27.1.1"}, "command_line": ["dockerd", "--userland-proxy=false"]}"#), Example(#"{"info": {"ServerVersion": "27.1.1"}}"#)])

    func check(_ ctx: HostContext) -> [Finding] {
        let h = ctx.host
        // only where the declarations are known (the default is on)
        guard h.commandLine != nil || h.daemonJSONPath != nil else { return [] }
        if ctx.declaredBool("userland-proxy")?.value == false { return [] }
        return [ctx.finding(Self.description, at: h.declared("userland-proxy")?.origin, "The userland proxy is on: a docker-proxy process listens for every published port.", evidence: "userland-proxy true")]
    }
}
