import BulkheadCore
import BulkheadModel

struct EscapeKernelModule: Rule {
    static let description = RuleDescription(
        id: "ES007", title: "Escape: SYS_MODULE loads a kernel module", severity: .critical, controls: [.runtimeCapabilities],
        rationale: "SYS_MODULE makes seccomp allow init_module/finit_module: root in the container loads code into the host kernel (unless the host enforces module signing or lockdown).",
        remediation: "Remove SYS_MODULE.",
        triggering: [Example("services:\n  a:\n    image: a:1\n    cap_add:\n↓      - SYS_MODULE")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    cap_add: [SYS_MODULE]\n    user: \"1000\"")], enabledBy: ["RT004"])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard !ctx.effective.privileged, ctx.effective.has("SYS_MODULE"), ctx.runsAsRoot, let o = ctx.capOrigin("SYS_MODULE") else { return [] }
        return [ctx.escape(Self.description, at: o, technique: "SYS_MODULE → insmod a module into the host kernel",
                           chain: [ctx.evidence("HostConfig.CapAdd", "SYS_MODULE", o), "uid 0 in the container"], fix: "remove SYS_MODULE")]
    }
}
