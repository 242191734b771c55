import BulkheadCore
import BulkheadModel

struct RuntimeKnownEscape: Rule {
    static let description = RuleDescription(
        id: "HO041", title: "runc or containerd has a known container escape", severity: .critical, controls: [.hostKernel], cis: ["1.2.2"],
        rationale: """
        runc starts every container and containerd supervises them, both as root: their escapes (runc CVE-2019-5736 \
        and CVE-2024-21626, containerd CVE-2020-15257) need nothing more than a malicious image or an ordinary \
        container. Versions come from the engine's /version components. Distribution builds (1.1.5+ds1, 1.6.20~ds1) \
        carry backported fixes under the old number, so they are not judged by it.
        """,
        remediation: "Update runc and containerd (with the engine packages) to fixed versions, then restart the containers so they run under the new runc.",
        references: ["https://github.com/opencontainers/runc/security/advisories"],
        triggering: [
            Example(#"{"version": {"Components": [{"Name": "runc", "Version": "1.1.11"}, {"Name": "containerd", "Version": "1.7.13"}]}}↓↓"#),
            Example(#"{"version": {"Components": [{"Name": "runc", "Version": "1.0.0-rc6"}, {"Name": "containerd", "Version": "1.4.1"}]}}↓↓↓↓↓"#),
        ],
        nonTriggering: [
            Example(#"{"version": {"Components": [{"Name": "runc", "Version": "1.2.8"}, {"Name": "containerd", "Version": "1.7.27"}]}}"#),
            Example(#"{"version": {"Components": [{"Name": "runc", "Version": "1.1.5+ds1"}, {"Name": "containerd", "Version": "1.6.20~ds1"}]}}"#),
        ],
        grades: .high ... .critical)

    func check(_ ctx: HostContext) -> [Finding] {
        var out: [Finding] = []
        for (name, v, flaws) in [("runc", ctx.host.runcVersion, KnownEscapes.runc), ("containerd", ctx.host.containerdVersion, KnownEscapes.containerd)] {
            guard let v, !KnownEscapes.distributionBuild(v.value), DottedVersion.parts(v.value) != nil else { continue }
            for f in flaws where f.affects(v.value) {
                out.append(ctx.finding(Self.description, at: v.origin, severity: f.severity,
                                       "\(name) \(v.value) has \(f.id) (\(f.name)): \(f.what). Fixed in \(KnownEscapes.fixedText(f, for: v.value)).",
                                       evidence: "\(name) \(v.value) \(f.id)"))
            }
        }
        return out
    }
}
