import BulkheadCore
import BulkheadModel

struct RuntimeSeccomp: Rule {
    static let description = RuleDescription(
        id: "RT006", title: "seccomp turned off or weakened", severity: .high, controls: [.runtimeSeccomp], cis: ["5.22"],
        aliases: ["CL-0009", "KICS default_seccomp_profile_disabled"],
        rationale: """
        Docker's default seccomp profile blocks about 50 dangerous system calls (keyctl, bpf, unshare without \
        SYS_ADMIN, io_uring, kexec…). seccomp=unconfined removes that filter, and a custom profile whose \
        defaultAction allows everything is the same thing in disguise; bulkhead reads the profile file when the \
        path resolves.
        """,
        remediation: "Remove seccomp=unconfined. If one system call is missing, start from Docker's default profile and allow just that call.",
        triggering: [
            Example("services:\n  app:\n    image: app:1.0\n    security_opt:\n↓      - seccomp:unconfined"),
            Example("↓docker run --security-opt 'seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}' app:1", options: ["format": "run"]),
        ],
        nonTriggering: [
            Example("services:\n  app:\n    image: app:1.0\n    security_opt:\n      - no-new-privileges:true"),
        ])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        var out: [Finding] = []
        for s in ctx.config.securityOptions("seccomp") {
            if s.value == "unconfined" {
                out.append(ctx.finding(Self.description, at: s.origin, "'\(ctx.config.name)' runs with seccomp=unconfined: no system-call filter.", evidence: "seccomp unconfined"))
            } else if let body = ctx.config.seccompProfiles[s.value] ?? (s.value.hasPrefix("{") ? s.value : nil), EffectiveSecurity.profileAllowsByDefault(body) {
                out.append(ctx.finding(Self.description, at: s.origin, "'\(ctx.config.name)' uses a seccomp profile whose defaultAction allows every system call.", evidence: "seccomp allow-by-default"))
            }
        }
        return out
    }
}
