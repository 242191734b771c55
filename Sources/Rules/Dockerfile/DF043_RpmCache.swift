import BulkheadCore
import BulkheadModel

struct RpmCache: Rule {
    static let description = RuleDescription(
        id: "DF043", title: "yum/dnf/zypper cache left in the layer", severity: .low, controls: [.buildHygiene, .imageMinimal],
        aliases: ["DL3032", "DL3036", "DL3040", "DS-0015", "DS-0019", "DS-0020", "DS-0027"],
        rationale: """
        yum, dnf, microdnf, tdnf and zypper keep repository metadata (and sometimes packages) in /var/cache. Unless \
        the same RUN cleans it, the layer keeps it.
        """,
        remediation: "Finish the RUN with yum clean all / dnf clean all / microdnf clean all / zypper clean -a (or rm -rf /var/cache/dnf), or use a cache mount.",
        triggering: [
            Example("FROM rockylinux:9\n↓RUN dnf install -y httpd-2.4.62"),
            Example("FROM centos:7\n↓RUN yum install -y httpd-2.4.6"),
            Example("FROM opensuse/leap:15.6\n↓RUN zypper install -y curl=8.6.0"),
        ],
        nonTriggering: [
            Example("FROM rockylinux:9\nRUN dnf install -y httpd-2.4.62 && dnf clean all"),
            Example("FROM centos:7\nRUN yum install -y httpd-2.4.6 && rm -rf /var/cache/yum"),
            Example("FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0 && zypper clean -a"),
            Example("FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y shadow-utils-4.9 && microdnf clean all"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, s) in ctx.finalRuns {
            let facts = RunFacts(s)
            for c in facts.installs(.yum, .dnf, .microdnf, .tdnf, .zypper) {
                let cleaned: Bool
                switch c.name {
                case "zypper": cleaned = facts.runs("zypper", "clean", "cc") || facts.removes(["/var/cache/zypp"]) || ins.cacheMount(on: ["/var/cache/zypp"])
                default:
                    cleaned = s.commands.contains { $0.name == c.name && $0.args.contains { $0.text == "clean" } }
                        || facts.runs("yum", "clean") || facts.runs("dnf", "clean")
                        || facts.removes(["/var/cache/yum", "/var/cache/dnf", "/var/cache/tdnf", "/var/cache/microdnf", "/var/cache/*", "/var/cache/"])
                        || ins.cacheMount(on: ["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/tdnf"])
                }
                if !cleaned {
                    out.append(ctx.finding(Self.description, ins, command: c, "\(c.name) install without a '\(c.name) clean' in the same RUN leaves its cache in the layer.", evidence: "\(c.name) install"))
                }
            }
        }
        return out
    }
}
