import BulkheadCore
import BulkheadModel

struct EscapeHostNetwork: Rule {
    static let description = RuleDescription(
        id: "ES011", title: "Escape: host network reaches host-local services", severity: .high, controls: [.runtimeNamespaces],
        rationale: "In the host network namespace the container reaches every loopback-only service: a Docker API on 127.0.0.1:2375, the kubelet, databases bound to localhost, the containerd-shim abstract socket (CVE-2020-15257) and cloud metadata.",
        remediation: "Remove network_mode: host and publish only the needed ports.",
        triggering: [Example("services:\n  a:\n    image: a:1\n↓    network_mode: host")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    network_mode: bridge")], enabledBy: ["RT010"])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard ctx.effective.hostNetwork, let n = ctx.config.networkMode else { return [] }
        return [ctx.escape(Self.description, at: n.origin, technique: "host network → host-local services (loopback APIs, shim socket, metadata)",
                           chain: [ctx.evidence("HostConfig.NetworkMode", "host", n.origin)], fix: "remove network_mode: host")]
    }
}
