import BulkheadCore
import BulkheadModel

struct KernelKnownEscape: Rule {
    static let description = RuleDescription(
        id: "HO040", title: "The shared kernel has a known container escape", severity: .critical, controls: [.hostKernel], cis: ["1.2.1"],
        rationale: """
        Every container shares the host's kernel, so a kernel flaw is an escape for all of them at once, whatever their \
        own settings. The kernel is judged by the upstream version it was built from: Debian's package version (in the \
        kernel's build line), Ubuntu's version signature, or the release itself for upstream and custom kernels. \
        Vendor kernels that backport by their own numbers (RHEL, Amazon) are not judged by number.
        """,
        remediation: "Update the kernel to a fixed version of its series (or the distribution's fixed package) and reboot the host.",
        references: ["https://dirtypipe.cm4all.com/", "https://nvd.nist.gov/vuln/detail/CVE-2022-0185"],
        triggering: [
            Example(##"{"info": {"KernelVersion": "5.10.60"}, "kernel": {"release": "5.10.60", "build": "#1 SMP"}}↓↓"##),
            Example(##"{"kernel": {"release": "5.10.0-11-amd64", "build": "#1 SMP Debian 5.10.92-1 (2022-01-18)"}}↓↓"##),
        ],
        nonTriggering: [
            Example(##"{"kernel": {"release": "6.1.0-18-amd64", "build": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)"}}"##),
            Example(##"{"kernel": {"release": "5.10.0-21-amd64", "build": "#1 SMP Debian 5.10.162-1 (2023-01-21)"}}"##),
            Example(##"{"kernel": {"release": "4.18.0-80.el8.x86_64", "build": "#1 SMP"}}"##),
        ],
        grades: .high ... .critical)

    func check(_ ctx: HostContext) -> [Finding] {
        let h = ctx.host
        guard let release = h.kernelRelease ?? h.kernelVersion?.value,
              let (version, how) = KnownEscapes.upstreamKernel(release: release, build: h.kernelBuild) else { return [] }
        return KnownEscapes.kernel.filter { $0.affects(version) }.map { f in
            ctx.finding(Self.description, at: h.kernelVersion?.origin, severity: f.severity,
                        "The kernel (\(release), upstream \(version) by \(how)) has \(f.id) (\(f.name)): it \(f.what). Fixed in \(KnownEscapes.fixedText(f, for: version)).",
                        evidence: "kernel \(version) \(f.id)")
        }
    }
}
