import BulkheadCore
import BulkheadModel

struct WorkdirInSystemPath: Rule {
    static let description = RuleDescription(
        id: "DF063", title: "WORKDIR in a kernel or system directory", severity: .medium, controls: [.buildHygiene, .runtimeHostMounts],
        aliases: ["DS-0030"],
        rationale: "/proc, /sys, /dev, /boot and /lost+found are kernel-provided or special at runtime: files written there during the build vanish or shadow kernel interfaces, and tools run there behave unexpectedly.",
        remediation: "Use a dedicated application directory such as /app or /srv/app.",
        triggering: [Example("FROM debian:12\n↓WORKDIR /proc/app"), Example("FROM debian:12\n↓WORKDIR /dev")],
        nonTriggering: [Example("FROM debian:12\nWORKDIR /srv/proc"), Example("FROM debian:12\nWORKDIR /devel")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "WORKDIR", let p = ins.words.first else { return nil }
            let hit = ["/proc", "/sys", "/dev", "/boot", "/lost+found", "/initrd"].first { p == $0 || p.hasPrefix($0 + "/") }
            return hit.map { ctx.finding(Self.description, ins, "WORKDIR \(p) is inside \($0), which the kernel or runtime owns.", evidence: "WORKDIR \(p)") }
        }
    }
}
