import BulkheadCore
import BulkheadModel

struct EscapeDangerousDevice: Rule {
    static let description = RuleDescription(
        id: "ES012", title: "Escape: host disk or memory device", severity: .critical, controls: [.runtimeDevices],
        rationale: "With a host block device the container mounts the host's filesystem (debugfs or mount); with /dev/mem or /dev/kmem it reads and writes host memory.",
        remediation: "Remove the device.",
        triggering: [Example("services:\n  a:\n    image: a:1\n    devices:\n↓      - /dev/nvme0n1")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    devices:\n      - /dev/snd"),
                        Example("services:\n  a:\n    image: a:1\n    devices:\n      - /dev/kmsg\n      - /dev/fuse")], enabledBy: ["RT012"])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard !ctx.effective.privileged, let d = ctx.config.devices.first(where: { HostPaths.device($0.pathOnHost).escape }) else { return [] }
        return [ctx.escape(Self.description, at: d.origin, technique: "host block/memory device → mount the host filesystem or patch memory",
                           chain: [ctx.evidence("HostConfig.Devices[].PathOnHost", d.pathOnHost, d.origin)], fix: "remove the device \(d.pathOnHost)")]
    }
}
