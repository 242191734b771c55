import BulkheadCore
import BulkheadModel

struct DataRootSharedPartition: Rule {
    static let description = RuleDescription(
        id: "HO030", title: "The data root shares a filesystem with the rest of the host", severity: .low, controls: [.hostDaemon, .runtimeResources], cis: ["1.1.1"],
        rationale: """
        Images, container layers, logs and volumes grow under the data root; on the host's root filesystem a container \
        that writes without limit fills it and stops the host (logins, package updates, the daemon itself). A bind \
        mount of a directory of / does not help: it is the same filesystem, which is why the device is compared.
        """,
        remediation: "Put the data root (DockerRootDir, /var/lib/docker by default) on its own filesystem, or set data-root to one.",
        triggering: [Example(#"{"info": {"DockerRootDir": "/var/lib/docker"}, "mountinfo": "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n40 22 8:1 /srv/docker /var/lib/docker rw - ext4 /dev/sda1 rw\n"}↓"#)],
        nonTriggering: [Example(#"{"info": {"DockerRootDir": "/var/lib/docker"}, "mountinfo": "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n41 22 8:17 / /var/lib/docker rw - xfs /dev/sdb1 rw\n"}"#)])

    func check(_ ctx: HostContext) -> [Finding] {
        let h = ctx.host
        guard h.dataRootSeparate == false, let d = h.dockerRootDir else { return [] }
        return [ctx.finding(Self.description, at: d.origin, "The data root \(d.value) is on the same device as / (\(h.dataRootMount.map { $0 == "/" ? "no mount of its own" : "its mount at \($0) is a bind mount or another view of the root device" } ?? "no mount of its own")): containers filling it fill the host.", evidence: "data root \(d.value) on /")]
    }
}
