import BulkheadCore
import BulkheadModel

struct DaemonRootWithoutUserns: Rule {
    static let description = RuleDescription(
        id: "HO002", title: "Daemon runs as root without user namespace remapping", severity: .medium, controls: [.hostRootless], cis: ["2.1", "2.9"],
        rationale: """
        In a rootful engine without userns-remap, root in a container is root on the host: uid 0 inside is uid 0 \
        outside, so any escape (a kernel flaw, a mount, a device) lands as root. Rootless mode runs the whole engine \
        as an ordinary user; userns-remap maps container root to an unprivileged range.
        """,
        remediation: "Run the engine rootless (dockerd-rootless-setuptool.sh install), or set \"userns-remap\": \"default\" in daemon.json.",
        references: ["https://docs.docker.com/engine/security/rootless/", "https://docs.docker.com/engine/security/userns-remap/"],
        triggering: [Example(#"{"info": {"SecurityOptions": ["name=seccomp,profile=builtin", "name=cgroupns"]}}↓"#)],
        nonTriggering: [
            Example(#"{"info": {"SecurityOptions": ["name=seccomp,profile=builtin", "name=rootless", "name=cgroupns"]}}"#),
            Example(#"{"info": {"SecurityOptions": ["name=seccomp,profile=builtin", "name=userns"]}}"#),
            Example(#"{"files": []}"#),
        ])

    func check(_ ctx: HostContext) -> [Finding] {
        let h = ctx.host
        guard h.engineReached, !h.rootless, !h.hasSecurityOption("userns") else { return [] }
        return [ctx.finding(Self.description, at: h.securityOptionsOrigin, "The engine runs as root and maps no user namespace: root in any container is root on the host if it gets out.",
                            evidence: "security options \(h.securityOptions.map(\.value).joined(separator: " "))")]
    }
}
