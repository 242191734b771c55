import BulkheadCore
import BulkheadModel

struct RuntimePropagation: Rule {
    static let description = RuleDescription(
        id: "RT019", title: "Bind mount with shared propagation", severity: .medium, controls: [.runtimeHostMounts], cis: ["5.20"],
        aliases: ["CL-0017", "KICS volume_mounted_in_multiple_containers"],
        rationale: "With shared or rshared propagation, mounts made inside the container appear on the host (and the reverse), so a container that can mount (SYS_ADMIN, privileged) can change the host's mount table.",
        remediation: "Use the default private propagation unless the service is a storage driver that needs it.",
        triggering: [Example("services:\n  csi:\n    image: csi:1.0\n    volumes:\n↓      - type: bind\n        source: /mnt/data\n        target: /data\n        bind:\n          propagation: rshared")],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    volumes:\n      - /mnt/data:/data:rslave")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        ctx.config.mounts.compactMap { m in
            guard let p = m.propagation, p == "shared" || p == "rshared" else { return nil }
            return ctx.finding(Self.description, at: m.origin, "'\(ctx.config.name)' mounts \(m.source ?? "?") with \(p) propagation.", evidence: "propagation \(p)")
        }
    }
}
