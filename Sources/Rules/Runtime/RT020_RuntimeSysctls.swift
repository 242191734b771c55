import BulkheadCore
import BulkheadModel

struct RuntimeSysctls: Rule {
    static let description = RuleDescription(
        id: "RT020", title: "Unsafe sysctl set", severity: .medium, controls: [.runtimeNamespaces],
        aliases: ["PSS sysctls"],
        rationale: """
        Docker accepts sysctls that live in a namespace of the container's own: net.* in its network namespace, \
        kernel.msg*, kernel.sem, kernel.shm* and fs.mqueue.* in its IPC namespace. Those change only the container \
        — unless that namespace is the host's: with network_mode: host a net.* sysctl, with ipc: host an IPC one, \
        changes the host kernel for everyone. Any other sysctl (vm.*, kernel.core_pattern, …) is not namespaced \
        at all: setting it would change the host kernel, and the engine refuses it unless the runtime is changed.
        """,
        remediation: "Keep namespaced sysctls in the container's own namespaces (no network_mode/ipc: host with them); set host-wide sysctls on the host deliberately, not from a container.",
        triggering: [
            Example("services:\n  app:\n    image: app:1.0\n    sysctls:\n↓      kernel.core_pattern: '|/tmp/x'\n      net.ipv4.tcp_syncookies: 1"),
            Example("services:\n  app:\n    image: app:1.0\n    network_mode: host\n    sysctls:\n↓      - net.ipv4.ip_forward=1"),
            Example("services:\n  app:\n    image: app:1.0\n    ipc: host\n    sysctls:\n↓      kernel.shmmax: 68719476736"),
        ],
        nonTriggering: [
            Example("services:\n  app:\n    image: app:1.0\n    sysctls:\n      - net.ipv4.ip_unprivileged_port_start=0"),
            Example("services:\n  vpn:\n    image: vpn:1.0\n    sysctls:\n      - net.ipv4.conf.all.src_valid_mark=1\n      - net.ipv6.conf.all.disable_ipv6=0"),
            Example("services:\n  db:\n    image: db:1.0\n    sysctls:\n      kernel.msgmax: 65536\n      kernel.sem: 250 32000 100 128\n      fs.mqueue.msg_max: 100"),
        ], grades: .medium ... .high)

    /// The IPC namespace's sysctls (besides fs.mqueue.*), as the engine's validation lists them.
    static let ipcNamespaced: Set<String> = ["kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
                                             "kernel.shmmni", "kernel.shm_rmid_forced"]

    func check(_ ctx: RuntimeContext) -> [Finding] {
        ctx.config.sysctls.compactMap { s in
            let (k, v) = s.value
            let network = k.hasPrefix("net.")
            let ipc = Self.ipcNamespaced.contains(k) || k.hasPrefix("fs.mqueue.")
            if network || ipc {
                let hostWide = network ? ctx.effective.hostNetwork : ctx.effective.hostIPC
                guard hostWide else { return nil }
                return ctx.finding(Self.description, at: s.origin, severity: .high,
                                   "'\(ctx.config.name)' sets \(k)=\(v) in the \(network ? "network" : "IPC") namespace it shares with the host: it changes the host kernel.",
                                   evidence: "sysctl \(k)")
            }
            return ctx.finding(Self.description, at: s.origin,
                               "'\(ctx.config.name)' sets \(k)=\(v), which is not namespaced: it would change the host kernel for every container.",
                               evidence: "sysctl \(k)")
        }
    }
}
