import BulkheadCore
import BulkheadModel

struct StackPackageVulnerable: Rule {
    static let runcRecord = """
    {"id":"DSA-5615-1","modified":"2024-02-01T00:00:00Z","aliases":["CVE-2024-21626"],"summary":"runc - security update",\
    "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:L/AC:H/PR:N/UI:R/S:C/C:H/I:H/A:H"}],\
    "affected":[{"package":{"ecosystem":"Debian:12","name":"runc"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.1.5+ds1-1+deb12u1"}]}]}]}
    """
    static func host(_ runc: String) -> String {
        #"{"os_release": "ID=debian\nVERSION_ID=\"12\"\n", "dpkg_status": "Package: runc\nStatus: install ok installed\nVersion: \#(runc)\nArchitecture: amd64\n"}"#
    }

    static let description = RuleDescription(
        id: "HO043", title: "runc, containerd, the engine or the kernel package has a known vulnerability", severity: .high, controls: [.hostKernel, .vulnPackages], cis: ["1.2.2"],
        rationale: """
        Distributions fix runc, containerd, the engine and the kernel under their own version numbers (runc \
        1.1.5+ds1-1+deb12u1 has the CVE-2024-21626 fix that upstream put in 1.1.12), so the host's own packages are \
        read from dpkg and matched against the advisory database you imported (`bulkhead db import`: Debian's \
        security tracker, OSV) by the distribution's fixed versions — never by the upstream number.
        """,
        remediation: "Upgrade the package from the distribution's security repository (apt-get install --only-upgrade runc containerd docker.io), restart the daemon and the containers, and reboot for a kernel.",
        triggering: [Example(host("1.1.5+ds1-1") + "↓", options: ["advisories": runcRecord])],
        nonTriggering: [Example(host("1.1.5+ds1-1+deb12u1"), options: ["advisories": runcRecord]), Example(host("1.1.5+ds1-1"))],
        grades: .info ... .critical)

    func check(_ ctx: HostContext) -> [Finding] {
        guard let inventory = ctx.host.inventory, !ctx.host.advisories.isEmpty else { return [] }
        return VulnerabilityMatcher.match(inventory, ctx.host.advisories).compactMap { m in
            if ctx.options.ignoreUnfixed && m.status != .fixed { return nil }
            let p = m.package
            let state = m.status == .fixed ? (m.fixed.map { "fixed in \($0)" } ?? "fixed") : m.status == .unfixed ? "no fix yet" : "the distribution will not fix it"
            var f = ctx.finding(Self.description, at: nil, severity: VulnerabilityMatcher.severity(m),
                                "The host's \(p.name) \(p.version) is affected by \(m.id)\(m.summary.isEmpty ? "" : ": " + m.summary) — \(state).",
                                evidence: "\(m.id) \(p.ecosystem) \(p.name) \(p.version)")
            f.location.path = "dpkg:\(p.name)"
            f.fix = m.fixed.map { "Upgrade \(p.name) to \($0) or later from the distribution's security repository." }
            f.vulnerability = Vulnerability(id: m.id, aliases: m.aliases,
                                            package: Vulnerability.Package(ecosystem: p.ecosystem, name: p.name, version: p.version,
                                                                           source: p.sourceName != p.name ? p.sourceName : nil, path: p.path, layer: nil),
                                            status: m.status.rawValue, fixed: m.fixed, note: m.note, cvssVector: m.best?.vector ?? m.cvss.first,
                                            cvssScore: m.best?.base, advisories: m.records)
            return f
        }
    }
}
