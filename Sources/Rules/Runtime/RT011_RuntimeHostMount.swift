import BulkheadCore
import BulkheadModel

struct RuntimeHostMount: Rule {
    static let description = RuleDescription(
        id: "RT011", title: "Sensitive host path mounted", severity: .high, controls: [.runtimeHostMounts], cis: ["5.6"],
        aliases: ["CL-0013", "CL-0025", "KICS volume_has_sensitive_host_directory"],
        rationale: """
        A bind mount of /, /etc, /root, /boot, /proc, /sys, /dev, /lib/modules, /usr or the engine's storage \
        (/var/lib/docker, /var/lib/containerd) lets the container rewrite the host: cron jobs, sudoers, \
        ld.so.preload, other containers' filesystems. Writable mounts are graded critical; read-only mounts still \
        leak secrets (shadow, keys) and are reported lower. Credential directories (.ssh, .aws, .docker, .kube) \
        are treated like keys. Harmless files such as /etc/localtime are not reported.
        """,
        remediation: "Mount only the specific file or directory the service needs, read-only (:ro), or use a named volume.",
        triggering: [
            Example("services:\n  backup:\n    image: backup:1.0\n    volumes:\n↓      - /:/host\n↓      - /etc:/host-etc:ro"),
            Example("↓docker run -v /var/lib/docker:/docker tool:1", options: ["format": "run"]),
            Example("services:\n  app:\n    image: app:1.0\n    volumes:\n↓      - ~/.ssh:/root/.ssh:ro"),
        ],
        nonTriggering: [
            Example("services:\n  app:\n    image: app:1.0\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - ./config:/etc/app:ro\n      - data:/var/lib/app"),
        ], grades: .low ... .critical)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        ctx.config.mounts.compactMap { m in
            // socket files are RT003's; directories such as / are both an engine socket and a host-root mount
            guard m.type == "bind", let src = m.source, !src.hasSuffix(".sock"), let (label, rw, ro) = HostPaths.sensitivity(src) else { return nil }
            let sev = m.readOnly ? ro : rw
            return ctx.finding(Self.description, at: m.origin, severity: sev,
                               "'\(ctx.config.name)' mounts \(label) at \(m.target)\(m.readOnly ? " read-only" : " writable").", evidence: "mount \(src) \(m.readOnly ? "ro" : "rw")")
        }
    }
}
