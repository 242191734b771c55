import BulkheadCore
import BulkheadModel

struct EscapeEngineSocket: Rule {
    static let description = RuleDescription(
        id: "ES002", title: "Escape: engine socket to a privileged sibling", severity: .critical, controls: [.runtimeDockerSocket],
        rationale: "With the engine socket the container asks the daemon to start a privileged container with the host's / mounted, then chroots into it. Read-only mounts do not prevent it. (CDK docker-sock-pwn; deepce SOCK.)",
        remediation: "Remove the socket mount (or the directory that holds it).",
        triggering: [Example("services:\n  a:\n    image: a:1\n    volumes:\n↓      - /var/run:/var/run")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    volumes:\n      - ./run:/var/run")], enabledBy: ["RT003"])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        if let m = ctx.config.mounts.first(where: { $0.type == "bind" && ($0.source.map(ctx.reachesEngineSocket) ?? false) }) {
            return [ctx.escape(Self.description, at: m.origin, technique: "engine socket → privileged container with host / mounted",
                               chain: [ctx.evidence("Mounts[].Source", m.source ?? "", m.origin), "docker run --privileged -v /:/host … chroot /host"],
                               fix: "remove the mount of \(m.source ?? "the socket")")]
        }
        if let u = ctx.config.useAPISocket, u.value {
            return [ctx.escape(Self.description, at: u.origin, technique: "engine socket → privileged container with host / mounted",
                               chain: [ctx.evidence("use_api_socket", "true", u.origin)], fix: "remove use_api_socket")]
        }
        return []
    }
}
