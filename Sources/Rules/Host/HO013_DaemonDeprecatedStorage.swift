import BulkheadCore
import BulkheadModel

struct DaemonDeprecatedStorage: Rule {
    static let description = RuleDescription(
        id: "HO013", title: "Deprecated storage driver", severity: .medium, controls: [.hostDaemon], cis: ["2.6"],
        rationale: "aufs and devicemapper are removed from current engines and no longer get fixes; aufs had flaws that let containers reach host files.",
        remediation: "Move to overlay2 (export what must be kept, switch \"storage-driver\", re-pull).",
        triggering: [Example(#"{"info": {"Driver": "aufs"}}↓"#), Example(#"{"info": {"Driver": "devicemapper"}}↓"#)],
        nonTriggering: [Example(#"{"info": {"Driver": "overlay2"}}"#), Example(#"{"info": {"Driver": "vfs"}}"#)])

    func check(_ ctx: HostContext) -> [Finding] {
        guard let d = ctx.host.storageDriver, ["aufs", "devicemapper", "overlay"].contains(d.value) else { return [] }
        return [ctx.finding(Self.description, at: d.origin, "The storage driver is \(d.value), which current engines no longer support.", evidence: "storage-driver \(d.value)")]
    }
}
