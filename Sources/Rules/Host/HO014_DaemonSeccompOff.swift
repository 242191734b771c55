import BulkheadCore
import BulkheadModel

struct DaemonSeccompOff: Rule {
    static let description = RuleDescription(
        id: "HO014", title: "No seccomp filter for containers by default", severity: .high, controls: [.hostDaemon, .runtimeSeccomp], cis: ["2.17"],
        rationale: """
        The default seccomp profile blocks about 50 system calls that containers do not need and kernel exploits do \
        (keyctl, add_key, unshare, mount, bpf, …). A daemon without seccomp, or with "seccomp-profile": "unconfined", \
        hands every container the whole kernel interface.
        """,
        remediation: "Remove \"seccomp-profile\": \"unconfined\" (or point it at a profile), and run on a kernel with seccomp.",
        triggering: [
            Example(#"{"info": {"SecurityOptions": ["name=apparmor", "name=cgroupns"]}}↓"#),
            Example(#"{"info": {"SecurityOptions": ["name=seccomp,profile=unconfined"]}}↓"#),
        ],
        nonTriggering: [Example(#"{"info": {"SecurityOptions": ["name=seccomp,profile=builtin"]}}"#), Example(#"{"info": {"SecurityOptions": ["name=seccomp,profile=/etc/docker/seccomp.json"]}}"#)])

    func check(_ ctx: HostContext) -> [Finding] {
        let h = ctx.host
        guard h.engineReached else { return [] }
        if let s = h.securityOption("seccomp") {
            guard s.value.hasSuffix("profile=unconfined") else { return [] }
            return [ctx.finding(Self.description, at: s.origin, "The daemon's default seccomp profile is unconfined: containers reach every system call.", evidence: "seccomp unconfined")]
        }
        return [ctx.finding(Self.description, at: h.securityOptionsOrigin, "The engine reports no seccomp support: containers run without a system call filter.", evidence: "seccomp none")]
    }
}
