import BulkheadCore
import BulkheadModel

struct SensitiveVolume: Rule {
    static let description = RuleDescription(
        id: "DF073", title: "VOLUME over a kernel path or the engine socket", severity: .medium, controls: [.runtimeHostMounts],
        aliases: ["DKL-DI-0002"],
        rationale: """
        VOLUME /proc, /sys or /dev declares a volume over kernel interfaces, and VOLUME /var/run/docker.sock invites \
        operators to mount the engine socket, which hands over the host. Such images usually expect to be run with \
        host paths bound in.
        """,
        remediation: "Remove the VOLUME; declare volumes only for application data directories.",
        triggering: [Example("FROM debian:12\n↓VOLUME /var/run/docker.sock"), Example("FROM debian:12\n↓VOLUME [\"/data\", \"/sys\"]")],
        nonTriggering: [Example("FROM debian:12\nVOLUME /data"), Example("FROM debian:12\nVOLUME [\"/var/lib/app\"]")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "VOLUME" else { return nil }
            let bad = ins.words.filter { v in
                ["/proc", "/sys", "/dev", "/"].contains(v) || v.hasPrefix("/proc/") || v.hasPrefix("/sys/") || v.hasSuffix("docker.sock") || v.hasSuffix("containerd.sock") || v.hasSuffix("podman.sock")
            }
            return bad.isEmpty ? nil : ctx.finding(Self.description, ins, "VOLUME \(bad.joined(separator: " ")) covers a kernel path or an engine socket.", evidence: "VOLUME \(bad.joined(separator: " "))")
        }
    }
}
