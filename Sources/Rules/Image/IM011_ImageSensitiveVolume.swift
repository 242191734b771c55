import BulkheadCore
import BulkheadModel

struct ImageSensitiveVolume: Rule {
    static let description = RuleDescription(
        id: "IM011", title: "VOLUME over a sensitive path", severity: .medium, controls: [.runtimeHostMounts], cis: ["5.5"],
        aliases: ["DKL-DI-0002"],
        rationale: """
        A VOLUME over /, /etc, /proc, /sys, /dev, /boot, /root or the Docker socket directory makes every container \
        of the image create an anonymous volume there, and invites running it with the host's own directory mounted \
        in its place: the host's system files, writable from the container.
        """,
        remediation: "Declare volumes only for application data directories (/var/lib/app, /data).",
        triggering: [Example("user 1000\nvolume /etc\n↓layer"), Example("user 1000\nvolume /var/run\n↓layer")],
        nonTriggering: [Example("user 1000\nvolume /data\nlayer")])

    static let paths: Set<String> = ["/", "/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/var/run", "/run", "/var/run/docker.sock",
                                     "/run/docker.sock", "/usr", "/bin", "/sbin", "/lib", "/var/lib/docker", "/home"]

    func check(_ ctx: ImageContext) -> [Finding] {
        ctx.image.config.volumes.compactMap { v in
            let p = v.count > 1 && v.hasSuffix("/") ? String(v.dropLast()) : v
            guard Self.paths.contains(p) else { return nil }
            return ctx.finding(Self.description, at: "config.Volumes", "The image declares VOLUME \(v), a system path.", evidence: "volume \(p)")
        }
    }
}
