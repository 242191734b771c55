import BulkheadCore
import BulkheadModel

struct EscapeDeviceCgroup: Rule {
    static let description = RuleDescription(
        id: "ES005", title: "Escape: device cgroup rule plus MKNOD to host disk", severity: .critical, controls: [.runtimeDevices],
        rationale: "A device cgroup rule that allows block devices ('b *:* rwm', 'a *:* rwm'), or SYS_ADMIN with a writable cgroup filesystem, plus the default MKNOD capability lets the container create /dev/sda and mount the host disk. (CDK rewrite-cgroup-devices.)",
        remediation: "Remove the wildcard device cgroup rule (or drop MKNOD).",
        triggering: [Example("services:\n  a:\n    image: a:1\n    device_cgroup_rules:\n↓      - 'b *:* rwm'")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    cap_drop: [ALL]\n    device_cgroup_rules:\n      - 'b *:* rwm'")], enabledBy: ["RT012"])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        let e = ctx.effective
        guard !e.privileged, e.has("MKNOD") else { return [] }
        if let r = ctx.config.deviceCgroupRules.first(where: { let p = $0.value.split(separator: " "); return p.count >= 2 && (p[0] == "a" || p[0] == "b") }) {
            return [ctx.escape(Self.description, at: r.origin, technique: "device cgroup rule + MKNOD → mknod the host disk and mount it",
                               chain: [ctx.evidence("HostConfig.DeviceCgroupRules", r.value, r.origin), "MKNOD (a default capability)"],
                               fix: "remove the device cgroup rule '\(r.value)'")]
        }
        if e.has("SYS_ADMIN"), e.writableCgroups, let o = ctx.capOrigin("SYS_ADMIN") {
            return [ctx.escape(Self.description, at: o, technique: "SYS_ADMIN + writable cgroups → rewrite devices.allow, mknod the host disk",
                               chain: [ctx.evidence("HostConfig.CapAdd", "SYS_ADMIN", o), "writable-cgroups=true", "MKNOD (a default capability)"],
                               fix: "remove writable-cgroups")]
        }
        return []
    }
}
