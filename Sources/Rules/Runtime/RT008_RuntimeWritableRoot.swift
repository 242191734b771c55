import BulkheadCore
import BulkheadModel

struct RuntimeWritableRoot: Rule {
    static let description = RuleDescription(
        id: "RT008", title: "Root filesystem is writable", severity: .low, controls: [.runtimeReadOnly], cis: ["5.13"],
        aliases: ["CL-0007"],
        rationale: "A writable root filesystem lets an intruder drop tools, change binaries and persist across process restarts. A read-only root with tmpfs for the few writable paths makes that much harder and makes drift visible.",
        remediation: "read_only: true, with tmpfs (or volumes) for the paths the service writes, e.g. tmpfs: [/tmp].",
        triggering: [Example("services:\n↓  web:\n    image: web:1.0")],
        nonTriggering: [Example("services:\n  web:\n    image: web:1.0\n    read_only: true\n    tmpfs: [/tmp]")],
        restrictedSeverity: .medium)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard !ctx.effective.readOnlyRootfs else { return [] }
        let at = ctx.config.readonlyRootfs?.origin ?? ctx.entity
        return [ctx.finding(Self.description, at: at, "'\(ctx.config.name)' has a writable root filesystem.", evidence: "read_only false")]
    }
}
