import BulkheadCore
import BulkheadModel

struct RuntimeHostNamespace: Rule {
    static let description = RuleDescription(
        id: "RT010", title: "Host namespace shared", severity: .high, controls: [.runtimeNamespaces], cis: ["5.10", "5.16", "5.17", "5.21", "5.31"],
        aliases: ["CL-0008", "CL-0010", "KICS host_namespace_is_shared", "KICS shared_host_network_namespace"],
        rationale: """
        Sharing the host's network namespace exposes every host-local service (loopback admin ports, the \
        containerd shim socket, cloud metadata); the PID namespace lets the container see and signal host \
        processes; IPC shares host shared memory; the cgroup namespace exposes the host hierarchy; userns host \
        cancels the daemon's user remapping.
        """,
        remediation: "Remove network_mode/pid/ipc/uts/userns_mode/cgroup: host; publish the ports the service needs instead of host networking.",
        triggering: [
            Example("services:\n  mon:\n    image: mon:1.0\n↓    network_mode: host\n↓    pid: host"),
            Example("↓↓docker run --ipc=host --uts host app:1", options: ["format": "run"]),
        ],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    network_mode: service:vpn\n    ipc: shareable")], grades: .low ... .high)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        let c = ctx.config
        var out: [Finding] = []
        let checks: [(Sourced<String>?, String, Severity, String)] = [
            (c.networkMode, "network", .high, "host-local services and interfaces are reachable"),
            (c.pidMode, "PID", .high, "host processes are visible and can be signalled"),
            (c.ipcMode, "IPC", .medium, "host shared memory is shared"),
            (c.utsMode, "UTS", .low, "the host name is shared"),
            // low: it is the engine's own default on cgroup v1 hosts, and the cgroup filesystem stays read-only
            (c.cgroupnsMode, "cgroup", .low, "the host cgroup hierarchy is visible"),
            (c.usernsMode, "user", ctx.daemon.usernsRemap != nil ? .high : .low, "the daemon's user-namespace remapping is cancelled"),
        ]
        for (field, ns, sev, why) in checks {
            guard let f = field, f.value == "host" else { continue }
            var finding = ctx.finding(Self.description, at: f.origin, severity: sev, "'\(c.name)' shares the host \(ns) namespace: \(why).", evidence: "\(ns) host")
            if ns == "network" { finding.alsoBreaks = [.networkExposure] }
            out.append(finding)
        }
        return out
    }
}
