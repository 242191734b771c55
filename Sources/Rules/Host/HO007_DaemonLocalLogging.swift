import BulkheadCore
import BulkheadModel

struct DaemonLocalLogging: Rule {
    static let description = RuleDescription(
        id: "HO007", title: "Container logs are kept only on the host", severity: .low, controls: [.loggingAudit], cis: ["2.13"],
        rationale: """
        With json-file or local as the default driver, container logs live on the host they describe: an attacker \
        who gets there can erase them, and they are lost with the host. With none they are not kept at all.
        """,
        remediation: "Ship logs off the host: a default driver such as syslog, journald (with forwarding), fluentd, gelf or awslogs.",
        triggering: [Example(#"{"info": {"LoggingDriver": "json-file"}}↓"#), Example(#"{"info": {"LoggingDriver": "none"}}↓"#)],
        nonTriggering: [Example(#"{"info": {"LoggingDriver": "fluentd"}}"#), Example(#"{"info": {"LoggingDriver": "journald"}}"#)],
        grades: .low ... .medium)

    func check(_ ctx: HostContext) -> [Finding] {
        guard let d = ctx.host.loggingDriver, ["json-file", "local", "none"].contains(d.value) else { return [] }
        if d.value == "none" {
            return [ctx.finding(Self.description, at: d.origin, severity: .medium, "The default logging driver is none: containers' output is not kept anywhere.", evidence: "log-driver none")]
        }
        return [ctx.finding(Self.description, at: d.origin, "The default logging driver is \(d.value): container logs stay on this host only.", evidence: "log-driver \(d.value)")]
    }
}
