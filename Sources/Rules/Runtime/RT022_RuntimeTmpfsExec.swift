import BulkheadCore
import BulkheadModel

struct RuntimeTmpfsExec: Rule {
    static let description = RuleDescription(
        id: "RT022", title: "tmpfs mounted with exec, suid or dev", severity: .low, controls: [.runtimeHostMounts, .runtimeReadOnly],
        aliases: ["CL-0022"],
        rationale: "Docker mounts tmpfs noexec,nosuid,nodev by default. Turning exec (or suid/dev) back on gives an intruder a writable place to drop and run binaries, which undoes much of a read-only root filesystem.",
        remediation: "Keep the defaults; if a program must run from tmpfs, limit it to that one path and size.",
        triggering: [Example("services:\n  app:\n    image: app:1.0\n    tmpfs:\n↓      - /run:size=16M,exec")],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    tmpfs:\n      - /tmp:size=16M,mode=1777,noexec")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        ctx.config.tmpfs.compactMap { t in
            let opts = Set(t.value.1.split(separator: ",").map { String($0).trimmingSpaces })
            let on = ["exec", "suid", "dev"].filter { opts.contains($0) }
            guard !on.isEmpty else { return nil }
            return ctx.finding(Self.description, at: t.origin, "'\(ctx.config.name)' mounts tmpfs \(t.value.0) with \(on.joined(separator: ", ")).", evidence: "tmpfs \(t.value.0) \(on.joined(separator: ","))")
        }
    }
}
