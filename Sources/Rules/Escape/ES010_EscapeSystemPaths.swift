import BulkheadCore
import BulkheadModel

struct EscapeSystemPaths: Rule {
    static let description = RuleDescription(
        id: "ES010", title: "Escape: unmasked kernel interfaces", severity: .high, controls: [.runtimeHostMounts],
        rationale: "systempaths=unconfined exposes /proc/sysrq-trigger, /proc/kcore and a writable /proc/sys: a root process can crash or reconfigure the host kernel and read kernel memory.",
        remediation: "Remove systempaths=unconfined.",
        triggering: [Example("services:\n  a:\n    image: a:1\n    security_opt:\n↓      - systempaths=unconfined")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1")], enabledBy: ["RT018"])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard !ctx.effective.privileged, ctx.effective.systemPathsUnmasked else { return [] }
        let o = ctx.config.securityOptions("systempaths").first?.origin ?? ctx.config.maskedPaths?.origin ?? ctx.entity
        return [ctx.escape(Self.description, at: o, technique: "unmasked /proc and /sys → kernel triggers and memory",
                           chain: [ctx.evidence("SecurityOpt", "systempaths=unconfined", o)], fix: "remove systempaths=unconfined")]
    }
}
