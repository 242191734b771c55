import BulkheadCore
import BulkheadModel

struct RuntimeSysctls: Rule {
    static let description = RuleDescription(
        id: "RT020", title: "Unsafe sysctl set", severity: .medium, controls: [.runtimeNamespaces],
        aliases: ["PSS sysctls"],
        rationale: """
        Only a few sysctls are safe to set per container (Kubernetes' safe set: kernel.shm_rmid_forced, \
        net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, \
        net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_*, tcp_fin_timeout). \
        Others change kernel behaviour for more than the container; with host networking or IPC, net.* and \
        kernel.* settings change the host itself.
        """,
        remediation: "Remove the sysctl or set it on the host deliberately; keep per-container sysctls to the safe set.",
        triggering: [Example("services:\n  app:\n    image: app:1.0\n    sysctls:\n↓      kernel.msgmax: 65536\n      net.ipv4.tcp_syncookies: 1")],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    sysctls:\n      - net.ipv4.ip_unprivileged_port_start=0")])

    static let safe: Set<String> = ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
                                    "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
                                    "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
                                    "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]

    func check(_ ctx: RuntimeContext) -> [Finding] {
        ctx.config.sysctls.compactMap { s in
            let (k, v) = s.value
            let hostWide = (k.hasPrefix("net.") && ctx.effective.hostNetwork) || (k.hasPrefix("kernel.") && ctx.effective.hostIPC)
            guard !Self.safe.contains(k) || hostWide else { return nil }
            return ctx.finding(Self.description, at: s.origin, severity: hostWide ? .high : .medium,
                               "'\(ctx.config.name)' sets \(k)=\(v)\(hostWide ? " in a namespace it shares with the host" : ", outside the safe per-container set").", evidence: "sysctl \(k)")
        }
    }
}
