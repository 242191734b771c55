import BulkheadCore
import BulkheadModel

struct RuntimeSystemPaths: Rule {
    static let description = RuleDescription(
        id: "RT018", title: "Kernel paths unmasked or cgroups writable", severity: .high, controls: [.runtimeHostMounts, .runtimeMAC],
        rationale: """
        Docker masks /proc/kcore, /proc/keys, /proc/sysrq-trigger, /sys/firmware and more, and mounts /proc/sys \
        read-only. systempaths=unconfined (empty MaskedPaths/ReadonlyPaths) removes that, exposing host memory \
        and kernel triggers; writable-cgroups=true makes the cgroup filesystem writable, the precondition of \
        release_agent and devices.allow escapes.
        """,
        remediation: "Remove systempaths=unconfined and writable-cgroups=true.",
        triggering: [
            Example("services:\n  app:\n    image: app:1.0\n    security_opt:\n↓      - systempaths=unconfined"),
            Example("↓docker run --security-opt writable-cgroups=true app:1", options: ["format": "run"]),
        ],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    security_opt: [\"no-new-privileges=true\"]")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        var out: [Finding] = []
        for s in ctx.config.securityOptions("systempaths") where s.value == "unconfined" {
            out.append(ctx.finding(Self.description, at: s.origin, "'\(ctx.config.name)' unmasks /proc and /sys kernel paths (systempaths=unconfined).", evidence: "systempaths unconfined"))
        }
        if out.isEmpty, !(ctx.config.privileged?.value ?? false), let m = ctx.config.maskedPaths, m.value.isEmpty {
            out.append(ctx.finding(Self.description, at: m.origin, "'\(ctx.config.name)' has no masked kernel paths (MaskedPaths is empty).", evidence: "systempaths unconfined"))
        }
        for s in ctx.config.securityOptions("writable-cgroups") where s.value == "true" {
            out.append(ctx.finding(Self.description, at: s.origin, "'\(ctx.config.name)' gets a writable cgroup filesystem (writable-cgroups=true).", evidence: "writable-cgroups"))
        }
        return out
    }
}
