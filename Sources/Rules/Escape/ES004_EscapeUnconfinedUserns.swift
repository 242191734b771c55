import BulkheadCore
import BulkheadModel

struct EscapeUnconfinedUserns: Rule {
    static let description = RuleDescription(
        id: "ES004", title: "Escape: seccomp and MAC off as root (CVE-2022-0492)", severity: .high, controls: [.runtimeSeccomp, .runtimeMAC, .userRoot],
        rationale: "The default seccomp profile blocks unshare without SYS_ADMIN. With seccomp unconfined and AppArmor/SELinux off, root in the container creates a user and cgroup namespace and writes release_agent on unpatched cgroup v1 kernels. (CDK abuse-unpriv-userns.)",
        remediation: "Restore the default seccomp profile.",
        triggering: [Example("services:\n  a:\n    image: a:1\n    security_opt:\n↓      - seccomp=unconfined\n      - apparmor=unconfined")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    user: \"1000\"\n    security_opt: [seccomp=unconfined, apparmor=unconfined]")], enabledBy: ["RT006", "RT007"])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        let e = ctx.effective
        guard !e.privileged, e.seccomp == "unconfined", e.appArmorUnconfined || e.selinuxDisabled, ctx.runsAsRoot, ctx.cgroupV1Possible,
              let s = ctx.config.securityOptions("seccomp").first(where: { $0.value == "unconfined" }) else { return [] }
        let mac = ctx.config.securityOptions("apparmor").first { $0.value == "unconfined" } ?? ctx.config.securityOptions("label").first { $0.value == "disable" }
        return [ctx.escape(Self.description, at: s.origin, technique: "seccomp + MAC off, root → unshare a cgroup namespace and write release_agent (CVE-2022-0492)",
                           chain: [ctx.evidence("SecurityOpt", "seccomp=unconfined", s.origin), ctx.evidence("SecurityOpt", mac?.value ?? "MAC off", mac?.origin),
                                   ctx.evidence("Config.User", ctx.config.user?.value ?? "(image default, usually root)", ctx.config.user?.origin),
                                   "host on cgroup v1 with an unpatched kernel"],
                           fix: "restore the default seccomp profile")]
    }
}
