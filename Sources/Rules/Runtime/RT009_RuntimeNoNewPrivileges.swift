import BulkheadCore
import BulkheadModel

struct RuntimeNoNewPrivileges: Rule {
    static let description = RuleDescription(
        id: "RT009", title: "no-new-privileges not set", severity: .low, controls: [.runtimeNoNewPrivileges], cis: ["5.26"],
        aliases: ["CL-0003", "KICS no_new_privileges_not_set"],
        rationale: "Without no-new-privileges a process can gain privileges through setuid binaries (su, sudo, ping on some images). The daemon-wide default (daemon.json \"no-new-privileges\": true) counts.",
        remediation: "security_opt: [\"no-new-privileges:true\"], or set it daemon-wide in daemon.json.",
        triggering: [Example("services:\n↓  web:\n    image: web:1.0")],
        nonTriggering: [
            Example("services:\n  web:\n    image: web:1.0\n    security_opt: [\"no-new-privileges:true\"]"),
            Example("services:\n  web:\n    image: web:1.0", options: ["daemon-no-new-privileges": "true"]),
        ], restrictedSeverity: .medium)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard !ctx.effective.noNewPrivileges else { return [] }
        let at = ctx.config.securityOptions("no-new-privileges").last?.origin ?? ctx.entity
        return [ctx.finding(Self.description, at: at, "'\(ctx.config.name)' can gain privileges through setuid binaries (no-new-privileges is not set).", evidence: "no-new-privileges")]
    }
}
