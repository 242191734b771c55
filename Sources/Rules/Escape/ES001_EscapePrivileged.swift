import BulkheadCore
import BulkheadModel

/// Escape techniques of shared/reference/runtime-host-and-enforcement.md §9, each from the fields that enable it.
struct EscapePrivileged: Rule {
    static let description = RuleDescription(
        id: "ES001", title: "Escape: privileged container to host", severity: .critical, controls: [.runtimePrivileged],
        rationale: "Privileged mode grants every capability and device with seccomp and AppArmor off: mount the host disk (mount /dev/sda1 /mnt), load a kernel module, or abuse a cgroup v1 release_agent. (CDK mount-disk; deepce PRIVILEGED.)",
        remediation: "Remove privileged: true.",
        triggering: [Example("services:\n  a:\n    image: a:1\n↓    privileged: true")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    cap_add: [NET_ADMIN]")], enabledBy: ["RT002"])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard let p = ctx.config.privileged, p.value else { return [] }
        return [ctx.escape(Self.description, at: p.origin, technique: "privileged container → host (mount host disk, kernel module, release_agent)",
                           chain: [ctx.evidence("HostConfig.Privileged", "true", p.origin), "all capabilities and host devices, seccomp and AppArmor off"],
                           fix: "remove privileged mode")]
    }
}
