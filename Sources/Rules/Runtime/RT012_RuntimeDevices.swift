import BulkheadCore
import BulkheadModel

struct RuntimeDevices: Rule {
    static let description = RuleDescription(
        id: "RT012", title: "Host device passed in", severity: .high, controls: [.runtimeDevices], cis: ["5.18"],
        aliases: ["CL-0016"],
        rationale: """
        A block device (/dev/sda, /dev/nvme0n1, /dev/loop*, device-mapper) gives raw access to host filesystems; \
        /dev/mem, /dev/kmem and /dev/port expose host memory and I/O. Device cgroup rules such as 'a *:* rwm' or \
        'b *:* rwm' together with the default MKNOD capability allow creating any device node.
        """,
        remediation: "Pass only the specific device the workload needs (a serial port, a GPU through --gpus), never disks or memory; remove wildcard device cgroup rules. Severity follows the device: disks, /dev/mem and /dev/port critical; CPU registers high; the kernel log, KVM and raw USB medium; FUSE, TUN, GPUs, sound and serial ports low.",
        triggering: [
            Example("services:\n  disk:\n    image: tool:1.0\n    devices:\n↓      - /dev/sda:/dev/sda"),
            Example("↓docker run --device-cgroup-rule='b *:* rwm' tool:1", options: ["format": "run"]),
            // graded by what each opens: these are reported at medium or low, not as disks
            Example("services:\n  logs:\n    image: tool:1.0\n    devices:\n↓      - /dev/kmsg\n↓      - /dev/fuse\n↓      - /dev/net/tun\n↓      - /dev/ttyUSB0:/dev/ttyUSB0"),
        ],
        nonTriggering: [
            Example("services:\n  io:\n    image: tool:1.0"),
            Example("docker run --device-cgroup-rule='c 10:200 rwm' vpn:1", options: ["format": "run"]),
        ], grades: .low ... .critical)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        var out: [Finding] = []
        for d in ctx.config.devices {
            let risk = HostPaths.device(d.pathOnHost)
            out.append(ctx.finding(Self.description, at: d.origin, severity: risk.severity,
                                   "'\(ctx.config.name)' gets the host device \(d.pathOnHost): \(risk.opens) (\(risk.severity.name)).", evidence: "device \(d.pathOnHost)"))
        }
        for r in ctx.config.deviceCgroupRules {
            let parts = r.value.split(separator: " ")
            guard parts.count >= 2 else { continue }
            if parts[0] == "a" || parts[0] == "b" || parts[1].hasPrefix("*") || parts[1].hasPrefix("8:") {
                out.append(ctx.finding(Self.description, at: r.origin, "'\(ctx.config.name)' allows device access '\(r.value)': with MKNOD it can create host disk nodes.", evidence: "device rule \(r.value)"))
            }
        }
        return out
    }
}
