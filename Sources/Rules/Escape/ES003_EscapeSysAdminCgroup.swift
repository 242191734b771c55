import BulkheadCore
import BulkheadModel

struct EscapeSysAdminCgroup: Rule {
    static let description = RuleDescription(
        id: "ES003", title: "Escape: SYS_ADMIN without AppArmor (cgroup release_agent)", severity: .critical, controls: [.runtimeCapabilities, .runtimeMAC],
        rationale: "SYS_ADMIN makes seccomp allow mount; AppArmor's docker-default profile is what still denies it. With AppArmor unconfined (or absent) and cgroup v1, the container mounts a cgroup hierarchy and sets release_agent to a host-side script. (CDK mount-cgroup; Trail of Bits PoC.)",
        remediation: "Remove SYS_ADMIN (or keep AppArmor enforcing and move the host to cgroup v2).",
        triggering: [Example("services:\n  a:\n    image: a:1\n    cap_add:\n↓      - SYS_ADMIN\n    security_opt:\n      - apparmor:unconfined")],
        nonTriggering: [
            Example("services:\n  a:\n    image: a:1\n    cap_add: [SYS_ADMIN]"),
            Example("services:\n  a:\n    image: a:1\n    cap_add: [SYS_ADMIN]\n    security_opt: [apparmor:unconfined]", options: ["daemon-cgroup-version": "2"]),
        ], enabledBy: ["RT004", "RT007"])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        let e = ctx.effective
        guard !e.privileged, e.has("SYS_ADMIN"), e.appArmorUnconfined || !ctx.daemon.appArmor, ctx.cgroupV1Possible, let o = ctx.capOrigin("SYS_ADMIN") else { return [] }
        let aa = ctx.config.securityOptions("apparmor").first { $0.value == "unconfined" }
        return [ctx.escape(Self.description, at: o, technique: "SYS_ADMIN + no AppArmor → cgroup v1 release_agent runs a host command",
                           chain: [ctx.evidence("HostConfig.CapAdd", "SYS_ADMIN", o), ctx.evidence("SecurityOpt", "apparmor=unconfined", aa?.origin),
                                   ctx.daemon.cgroupVersion == 1 ? "host uses cgroup v1" : "if the host uses cgroup v1"],
                           fix: "remove SYS_ADMIN")]
    }
}
