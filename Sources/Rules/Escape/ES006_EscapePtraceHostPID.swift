import BulkheadCore
import BulkheadModel

struct EscapePtraceHostPID: Rule {
    static let description = RuleDescription(
        id: "ES006", title: "Escape: SYS_PTRACE with the host PID namespace", severity: .critical, controls: [.runtimeCapabilities, .runtimeNamespaces],
        rationale: "With the host's PID namespace and SYS_PTRACE, root in the container attaches to a host root process and injects code. docker-default AppArmor only lets a process trace peers of its own profile, so on AppArmor hosts the chain also needs apparmor=unconfined. (CDK check-ptrace.)",
        remediation: "Remove pid: host.",
        triggering: [Example("services:\n  a:\n    image: a:1\n↓    pid: host\n    cap_add: [SYS_PTRACE]\n    security_opt: [apparmor=unconfined]")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    cap_add: [SYS_PTRACE]")], grades: .high ... .critical, enabledBy: ["RT004", "RT010"])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        let e = ctx.effective
        guard !e.privileged, e.hostPID, e.has("SYS_PTRACE"), let pid = ctx.config.pidMode else { return [] }
        let confined = !e.appArmorUnconfined && ctx.daemon.appArmor
        return [ctx.escape(Self.description, at: pid.origin, severity: confined ? .high : .critical,
                           technique: "SYS_PTRACE + host PID → inject into a host root process",
                           chain: [ctx.evidence("HostConfig.PidMode", "host", pid.origin), ctx.evidence("HostConfig.CapAdd", "SYS_PTRACE", ctx.capOrigin("SYS_PTRACE")),
                                   confined ? "AppArmor docker-default still blocks tracing other profiles (hosts without AppArmor are open)" : "AppArmor unconfined"],
                           fix: "remove pid: host")]
    }
}
