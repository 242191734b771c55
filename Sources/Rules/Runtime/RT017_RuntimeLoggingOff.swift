import BulkheadCore
import BulkheadModel

struct RuntimeLoggingOff: Rule {
    static let description = RuleDescription(
        id: "RT017", title: "Container logging turned off", severity: .medium, controls: [.loggingAudit], cis: ["2.13"],
        aliases: ["CL-0014"],
        rationale: "With the 'none' logging driver nothing the container prints is kept: an incident leaves no trace and operators cannot tell what happened.",
        remediation: "Use a real driver (json-file/local with rotation, journald, fluentd, syslog…).",
        triggering: [Example("services:\n  app:\n    image: app:1.0\n    logging:\n↓      driver: none")],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    logging:\n      driver: local")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard let d = ctx.config.logDriver, d.value == "none" else { return [] }
        return [ctx.finding(Self.description, at: d.origin, "'\(ctx.config.name)' discards its logs (logging driver none).", evidence: "log none")]
    }
}
