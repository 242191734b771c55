import BulkheadCore
import BulkheadModel

struct RuntimePrivileged: Rule {
    static let description = RuleDescription(
        id: "RT002", title: "Privileged container", severity: .critical, controls: [.runtimePrivileged, .runtimeCapabilities], cis: ["5.5"],
        aliases: ["CL-0002", "KICS privileged_containers_enabled"],
        rationale: """
        Privileged mode gives the container every capability and every host device, turns off seccomp, AppArmor \
        and SELinux, and makes /sys and the cgroup filesystem writable. Mounting the host disk or loading a kernel \
        module is then one command away: a privileged container is root on the host.
        """,
        remediation: "Remove privileged; grant only the specific capability or device the workload needs (cap_add, devices).",
        triggering: [
            Example("services:\n  agent:\n    image: agent:1.0\n↓    privileged: true"),
            Example("↓docker run --privileged -d agent:1.0", options: ["format": "run"]),
        ],
        nonTriggering: [
            Example("services:\n  agent:\n    image: agent:1.0\n    privileged: false"),
            Example("docker run -d --cap-add NET_BIND_SERVICE web:1.0", options: ["format": "run"]),
        ])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard let p = ctx.config.privileged, p.value else { return [] }
        var f = ctx.finding(Self.description, at: p.origin, "'\(ctx.config.name)' runs privileged: all capabilities and devices, no seccomp or AppArmor.", evidence: "privileged")
        f.alsoBreaks = [.runtimeSeccomp, .runtimeMAC, .runtimeDevices]
        return [f]
    }
}
