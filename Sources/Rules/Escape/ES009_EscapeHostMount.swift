import BulkheadCore
import BulkheadModel

struct EscapeHostMount: Rule {
    static let description = RuleDescription(
        id: "ES009", title: "Escape: writable host system directory", severity: .critical, controls: [.runtimeHostMounts],
        rationale: "A writable mount of the host's /, /etc, /root, /boot, /lib/modules, /usr, /dev or the engine storage lets root in the container write a cron job, an ld.so.preload entry, an SSH key or another container's files; /proc gives core_pattern, /sys gives uevent_helper, both run commands on the host.",
        remediation: "Mount it read-only, or mount only the file the service needs.",
        triggering: [Example("services:\n  a:\n    image: a:1\n    volumes:\n↓      - /etc:/host/etc"), Example("↓docker run -v /proc:/host/proc tool:1", options: ["format": "run"])],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    volumes:\n      - /etc:/host/etc:ro")], enabledBy: ["RT011"])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        ctx.config.mounts.compactMap { m in
            guard m.type == "bind", !m.readOnly, let src = m.source, !src.hasSuffix(".sock"),
                  let (label, rw, _) = HostPaths.sensitivity(src), rw == .critical else { return nil }
            let s = HostPaths.normalize(src)
            let how: String
            if s == "/proc" || s.hasPrefix("/proc/sys") { how = "write /proc/sys/kernel/core_pattern: the host runs a command on the next crash" }
            else if s == "/sys" || s.hasPrefix("/sys/kernel") { how = "write /sys/kernel/uevent_helper or kernel parameters" }
            else if s == "/" { how = "chroot into the host filesystem" }
            else { how = "write cron jobs, keys, ld.so.preload or other containers' files" }
            return ctx.escape(Self.description, at: m.origin, technique: "writable \(label) → \(how)",
                              chain: [ctx.evidence("Mounts[].Source", src, m.origin), "mounted read-write at \(m.target)"] + (ctx.runsAsRoot ? ["uid 0 in the container"] : []),
                              fix: "mount \(src) read-only (:ro) or not at all")
        }
    }
}
