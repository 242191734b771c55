import BulkheadCore
import BulkheadModel

struct DaemonIptablesOff: Rule {
    static let description = RuleDescription(
        id: "HO011", title: "Docker may not manage iptables", severity: .low, controls: [.hostDaemon, .networkExposure], cis: ["2.4"],
        rationale: "With --iptables=false the engine does not write the rules that isolate its networks and publish ports; hand-written rules tend to miss what the engine would have enforced (icc, published-port scoping).",
        remediation: "Leave iptables on (the default), or own the firewall completely and document it.",
        triggering: [Example(#"{"command_line": ["dockerd", "--iptables=false"]}↓"#)],
        nonTriggering: [Example(#"{"command_line": ["dockerd"]}"#)])

    func check(_ ctx: HostContext) -> [Finding] {
        guard let i = ctx.declaredBool("iptables"), !i.value else { return [] }
        return [ctx.finding(Self.description, at: i.origin, "The daemon runs with iptables management off: its network isolation rules are not written.", evidence: "iptables false")]
    }
}
